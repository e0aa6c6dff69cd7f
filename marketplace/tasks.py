"""Background tasks of the marketplace (Celery)."""

import logging
from dataclasses import asdict

from celery import shared_task

from marketplace.catalogue.selectors.slots import slot_owner_experience
from marketplace.catalogue.services.slots import slots_materialise, slots_materialise_all
from marketplace.core.errors import InvalidSchedule

logger = logging.getLogger(__name__)


@shared_task
def materialise_experience_slots(page_id: int) -> dict[str, int]:
    """Sync the slots of the experience with ``page_id`` (or of the page of its translation
    group that owns the slots) for the coming year; returns the counts. Does nothing for a
    missing or unpublished page, nor (logging why) for a schedule that cannot be read: a
    publication never fails because of its slots."""
    experience = slot_owner_experience(page_id=page_id)
    if experience is None:
        return {}
    try:
        return asdict(slots_materialise(experience=experience))
    except InvalidSchedule as exc:
        logger.warning("Slots of experience %s not materialised: %s", experience.pk, exc)
        return {}


@shared_task
def materialise_all_slots() -> dict[str, int]:
    """Sync the slots of every live experience for the coming year; returns the counts."""
    return asdict(slots_materialise_all())


@shared_task
def expire_holds() -> int:
    """Release the places of lapsed holds (every minute)."""
    from marketplace.bookings.services.orders import holds_expire

    return holds_expire()


@shared_task
def expire_requests() -> int:
    """Decline the requests whose supplier did not answer in time (every five minutes)."""
    from marketplace.payments.services.settlement import requests_expire

    return requests_expire()


@shared_task
def complete_bookings() -> int:
    """Mark confirmed bookings whose experience has ended as completed (hourly)."""
    from marketplace.bookings.services.orders import bookings_complete

    return bookings_complete()
