"""The onboarding's models: applications to join and the "Cluster review" moderation task."""

from marketplace.onboarding.models.applications import ProviderApplication
from marketplace.onboarding.models.workflow import OVERRIDE_ACTION, ClusterReviewTask

__all__ = ["OVERRIDE_ACTION", "ClusterReviewTask", "ProviderApplication"]
