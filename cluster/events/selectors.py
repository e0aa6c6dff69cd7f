"""Reading events: the managers' filtered list and an event's registrations."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cluster.events.models import Event, Registration

WHEN_FILTERS = ("upcoming", "past")


def event_list(*, kind: str = "", status: str = "", when: str = "") -> QuerySet[Event]:
    """Events, latest first, of ``kind`` and ``status`` when given (unknown values are
    ignored), ``upcoming`` (not ended) or ``past``; each with ``registered_count`` and
    ``attended_count`` (companies)."""
    events = Event.objects.all()
    if kind in Event.Kind.values:
        events = events.filter(kind=kind)
    if status in Event.Status.values:
        events = events.filter(status=status)
    if when == "upcoming":
        events = events.filter(ends_at__gt=timezone.now())
    elif when == "past":
        events = events.filter(ends_at__lte=timezone.now())
    registered = Q(registrations__status=Registration.Status.REGISTERED)
    return events.annotate(
        registered_count=Count("registrations", filter=registered),
        attended_count=Count("registrations",
                             filter=registered & Q(registrations__attended_at__isnull=False)))


def event_registrations(*, event: Event) -> list[Registration]:
    """The event's registrations, by company name, with member, feedback and who registered."""
    return list(event.registrations.select_related("member", "registered_by", "feedback")
                .order_by("status", "member__name"))


def registration_for_token(*, token: str) -> Registration | None:
    """The registration with ``token``, with its event and member, or None."""
    if not token:
        return None
    return (Registration.objects.select_related("event", "member")
            .filter(token=token).first())
