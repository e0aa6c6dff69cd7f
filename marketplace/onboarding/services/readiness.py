"""A manager's override of the readiness checklist, recorded on the revision under review."""

from django.db import transaction


@transaction.atomic
def experience_readiness_override(*, revision, user) -> None:
    """Mark the experience revision under review as publishable below full readiness.

    Only called from the "Cluster review" task, whose override action is offered to cluster
    managers alone.
    """
    revision.content = {**revision.content, "readiness_override": True}
    revision.save(update_fields=["content"])
