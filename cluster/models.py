"""The cluster's models, by domain (Django finds them here)."""

from cluster.agreements.models import Agreement, AgreementParty
from cluster.events.models import Event, Feedback, Material, Registration
from cluster.members.models import Member

__all__ = ["Agreement", "AgreementParty", "Event", "Feedback", "Material", "Member",
           "Registration"]
