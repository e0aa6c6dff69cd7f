"""The marketplace's writes, re-exported from their modules."""

from .applications import (
    ApprovalResult,
    provider_application_approve,
    provider_application_create,
    provider_application_reject,
)
from .pages import (
    DateExceptionSpec,
    ExperienceDetails,
    ExperienceText,
    WeeklyRuleSpec,
    area_page_ensure,
    experience_index_ensure,
    experience_page_create,
    page_translation_create,
    provider_index_ensure,
    provider_page_create,
    sectors_by_slug,
)
from .permissions import sme_collection_get, sme_group_ensure
from .readiness import experience_readiness_override

__all__ = [
    "area_page_ensure",
    "ApprovalResult",
    "DateExceptionSpec",
    "ExperienceDetails",
    "ExperienceText",
    "WeeklyRuleSpec",
    "experience_index_ensure",
    "experience_page_create",
    "experience_readiness_override",
    "page_translation_create",
    "provider_application_approve",
    "provider_application_create",
    "provider_application_reject",
    "provider_index_ensure",
    "provider_page_create",
    "sectors_by_slug",
    "sme_collection_get",
    "sme_group_ensure",
]
