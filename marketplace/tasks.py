"""Background tasks of the marketplace (Celery)."""

from dataclasses import asdict

from celery import shared_task

from .services.slots import slots_materialise, slots_materialise_all
from .slot_queries import slot_owner_experience


@shared_task
def materialise_experience_slots(page_id: int) -> dict[str, int]:
    """Sync the slots of the experience with ``page_id`` (or of the page of its translation
    group that owns the slots) for the coming year; returns the counts. Does nothing for a
    missing or unpublished page."""
    experience = slot_owner_experience(page_id=page_id)
    if experience is None:
        return {}
    return asdict(slots_materialise(experience=experience))


@shared_task
def materialise_all_slots() -> dict[str, int]:
    """Sync the slots of every live experience for the coming year; returns the counts."""
    return asdict(slots_materialise_all())
