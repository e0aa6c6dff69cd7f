"""Reading events: the managers' filtered list and an event's registrations; the upcoming
events members see, and a user's own registrations."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from cluster.events.models import Event, Registration
from cluster.members.models import Member

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


# SECTION: the members' pages


def _with_places_left(events: QuerySet[Event]) -> QuerySet[Event]:
    """``registered_count`` and ``places_left`` (companies; None when there is no limit)."""
    registered = Q(registrations__status=Registration.Status.REGISTERED)
    return (events.annotate(registered_count=Count("registrations", filter=registered))
            .annotate(places_left=F("capacity") - F("registered_count")))


def event_upcoming(*, now: datetime | None = None) -> QuerySet[Event]:
    """The events members may register to: not cancelled, not ended at ``now``, soonest
    first; each with ``registered_count`` and ``places_left`` (companies, None without a
    limit)."""
    events = (Event.objects.exclude(status=Event.Status.CANCELLED)
              .filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk"))
    return _with_places_left(events)


def event_public_get(*, pk: int) -> Event:
    """A scheduled or held event with ``registered_count`` and ``places_left``, or
    ``Event.DoesNotExist`` (a cancelled event is not shown)."""
    return _with_places_left(Event.objects.exclude(status=Event.Status.CANCELLED)).get(pk=pk)


def user_event_members(*, user) -> list[Member]:
    """The active members ``user`` acts for (as one of their users), by name: the companies
    the user may register to events."""
    if not user.is_authenticated:
        return []
    return list(Member.objects.filter(users=user, status=Member.Status.ACTIVE)
                .order_by("name", "pk"))


def user_event_registrations(*, event: Event, user) -> list[Registration]:
    """The registrations to ``event`` of the active members ``user`` acts for (never another
    company's), with member and feedback."""
    members = user_event_members(user=user)
    if not members:
        return []
    return list(event.registrations
                .filter(member__in=members, status=Registration.Status.REGISTERED)
                .select_related("event", "member", "feedback").order_by("member__name"))
