"""Writing events: scheduling, cancelling and closing them; companies' registrations (one per
member and event, within the capacity); attendance taken at the door with the registration's
QR code; feedback from those who came; materials.

Times are aware datetimes; capacity counts companies, not people. Every write that changes
more than one row is one transaction, the event's row locked first so that two registrations
cannot both take its last place.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

from cluster.events.errors import (
    CheckInRefused,
    EventStateError,
    FeedbackRefused,
    InvalidEvent,
    RegistrationRefused,
    UnknownRegistration,
)
from cluster.events.models import Event, Feedback, Material, Registration
from cluster.members.models import Member

MATERIALS_COLLECTION = "Cluster events"
TOKEN_BYTES = 32  # 43 characters of URL-safe base64: the model's column


@dataclass(frozen=True)
class EventDetails:
    """What a manager writes about an event (see ``event_create``), to check it."""

    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    place_name: str = ""
    lat: float | None = None
    lon: float | None = None
    capacity: int | None = None


@dataclass(frozen=True)
class CheckIn:
    """The registration checked in, and whether it had been already (a second scan)."""

    registration: Registration
    already: bool


# SECTION: events


def _details_check(details: EventDetails) -> None:
    if details.kind not in Event.Kind.values:
        raise InvalidEvent(_("Choose the type of event."), field="kind")
    if not (details.title or "").strip():
        raise InvalidEvent(_("Give the event a title."), field="title")
    for name in ("starts_at", "ends_at"):
        value = getattr(details, name)
        if value is None or timezone.is_naive(value):
            raise InvalidEvent(_("Give the date and time with its time zone."), field=name)
    if details.ends_at <= details.starts_at:
        raise InvalidEvent(_("The event must end after it starts."), field="ends_at")
    if (details.lat is None) != (details.lon is None):
        raise InvalidEvent(_("Give both the latitude and the longitude, or neither."),
                           field="lat")
    if details.lat is not None and not (-90 <= details.lat <= 90 and -180 <= details.lon <= 180):
        raise InvalidEvent(_("The latitude is between -90 and 90, the longitude between -180 "
                             "and 180."), field="lat")
    if details.capacity is not None and details.capacity < 1:
        raise InvalidEvent(_("An event takes at least one company, or leave it empty for no "
                           "limit."), field="capacity")


_FIELDS = ("kind", "title", "starts_at", "ends_at", "description", "place_name", "lat", "lon",
           "capacity")


def _fields(details: EventDetails) -> dict:
    return {"kind": details.kind, "title": details.title.strip(),
            "starts_at": details.starts_at, "ends_at": details.ends_at,
            "description": details.description, "place_name": details.place_name,
            "lat": details.lat, "lon": details.lon, "capacity": details.capacity}


def event_create(*, kind: str, title: str, starts_at: datetime, ends_at: datetime,
                 description: str = "", place_name: str = "", lat: float | None = None,
                 lon: float | None = None, capacity: int | None = None) -> Event:
    """A new scheduled event (times aware, ending after they start; capacity in companies,
    None for no limit; lat and lon in degrees, both or neither)."""
    details = EventDetails(kind=kind, title=title, starts_at=starts_at, ends_at=ends_at,
                           description=description, place_name=place_name, lat=lat, lon=lon,
                           capacity=capacity)
    _details_check(details)
    return Event.objects.create(**_fields(details))


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _registered(event: Event):
    return event.registrations.filter(status=Registration.Status.REGISTERED)


@transaction.atomic
def event_update(*, event: Event, **changes) -> Event:
    """Change a scheduled event (the arguments of ``event_create``, those not given kept);
    its capacity cannot fall below the companies registered."""
    event = _locked(event)
    details = EventDetails(**{**{name: getattr(event, name) for name in _FIELDS}, **changes})
    if event.status != Event.Status.SCHEDULED:
        raise EventStateError(_("Only a scheduled event can be changed."))
    _details_check(details)
    registered = _registered(event).count()
    if details.capacity is not None and details.capacity < registered:
        raise InvalidEvent(_("%(count)d companies are registered already: the capacity cannot "
                             "be lower.") % {"count": registered}, field="capacity")
    for name, value in _fields(details).items():
        setattr(event, name, value)
    event.save()
    return event


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Cancel a scheduled event (its registrations stay, for the record)."""
    event = _locked(event)
    if event.status != Event.Status.SCHEDULED:
        raise EventStateError(_("This event is %(status)s: it cannot be cancelled.")
                              % {"status": event.get_status_display().lower()})
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    return event


@transaction.atomic
def event_mark_held(*, event: Event, now: datetime | None = None) -> Event:
    """Record that a scheduled event took place (once it has started)."""
    event = _locked(event)
    if event.status != Event.Status.SCHEDULED:
        raise EventStateError(_("This event is %(status)s: it cannot be marked as held.")
                              % {"status": event.get_status_display().lower()})
    if event.starts_at > (now or timezone.now()):
        raise EventStateError(_("The event has not started yet."))
    event.status = Event.Status.HELD
    event.save(update_fields=["status"])
    return event


# SECTION: registrations and attendance


@transaction.atomic
def registration_create(*, event: Event, member: Member, by=None,
                        attendees: str = "", now: datetime | None = None) -> Registration:
    """Register ``member`` (an active company) to a scheduled event that has not ended, within
    its capacity; ``attendees``: who comes. A company registers once; one that cancelled may
    register again (with a new token)."""
    event = _locked(event)
    if event.status == Event.Status.CANCELLED:
        raise RegistrationRefused(_("This event is cancelled."))
    if event.status == Event.Status.HELD or event.ends_at <= (now or timezone.now()):
        raise RegistrationRefused(_("This event is over."))
    member = Member.objects.get(pk=member.pk)
    if member.status != Member.Status.ACTIVE:
        raise RegistrationRefused(_("%(name)s is not an active member of the cluster.")
                                  % {"name": member.name}, field="member")
    existing = event.registrations.filter(member=member).first()
    if existing is not None and existing.status == Registration.Status.REGISTERED:
        raise RegistrationRefused(_("%(name)s is registered already.") % {"name": member.name},
                                  field="member")
    if event.capacity is not None and _registered(event).count() >= event.capacity:
        raise RegistrationRefused(_("The event is full: %(capacity)d companies are registered.")
                                  % {"capacity": event.capacity})
    registration = existing or Registration(event=event, member=member)
    registration.registered_by = by
    registration.attendees = (attendees or "").strip()[:300]
    registration.status = Registration.Status.REGISTERED
    registration.token = secrets.token_urlsafe(TOKEN_BYTES)
    registration.attended_at = None
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same company, registered by someone else just now
        raise RegistrationRefused(_("%(name)s is registered already.")
                                  % {"name": member.name}, field="member") from None
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a registration that has not been checked in; its place is free again."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationRefused(_("This registration is cancelled already."))
    if registration.attended_at is not None:
        raise RegistrationRefused(_("The company came to the event: its registration cannot be "
                                    "cancelled."))
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    return registration


def token_from_scan(text: str) -> str:
    """The registration token in what was typed or scanned: the token itself, or the
    check-in URL of the QR code (its ``token`` parameter, or its last path segment)."""
    text = (text or "").strip()
    if "/" not in text and "?" not in text:
        return text
    parts = urlsplit(text)
    token = parse_qs(parts.query).get("token", [""])[0]
    return token or parts.path.rstrip("/").rsplit("/", 1)[-1]


@transaction.atomic
def attendance_check_in(*, token: str, now: datetime | None = None) -> CheckIn:
    """Mark the company of the registration with ``token`` (or the URL of its QR code) as
    present, now. A second scan changes nothing (``already``). ``UnknownRegistration`` (404)
    for an unknown token; ``CheckInRefused`` (409) for a cancelled registration or event."""
    token = token_from_scan(token)
    registration = (Registration.objects.select_for_update().select_related("event", "member")
                    .filter(token=token).first() if token else None)
    if registration is None:
        raise UnknownRegistration(_("No registration has this code. Check it, or scan the QR "
                                    "code again."), field="token")
    if registration.status == Registration.Status.CANCELLED:
        raise CheckInRefused(_("The registration of %(name)s was cancelled.")
                             % {"name": registration.member.name}, field="token")
    if registration.event.status == Event.Status.CANCELLED:
        raise CheckInRefused(_("“%(event)s” is cancelled.") % {"event": registration.event},
                             field="token")
    if registration.attended_at is not None:
        return CheckIn(registration=registration, already=True)
    registration.attended_at = now or timezone.now()
    registration.save(update_fields=["attended_at"])
    return CheckIn(registration=registration, already=False)


# SECTION: feedback and materials


@transaction.atomic
def feedback_give(*, registration: Registration, rating: int, comment: str = "") -> Feedback:
    """A company's feedback on an event it attended (once): ``rating`` 1–5."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.attended_at is None or registration.status != Registration.Status.REGISTERED:
        raise FeedbackRefused(_("Only companies that came to the event can give feedback."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise FeedbackRefused(_("Rate the event from 1 to 5."), field="rating")
    if Feedback.objects.filter(registration=registration).exists():
        raise FeedbackRefused(_("This company has given its feedback already."))
    return Feedback.objects.create(registration=registration, rating=rating,
                                   comment=(comment or "").strip())


def _materials_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=MATERIALS_COLLECTION).first()
    return existing or root.add_child(name=MATERIALS_COLLECTION)


@transaction.atomic
def material_add(*, event: Event, title: str, file: File, by=None) -> Material:
    """Add a document to an event's materials (slides, handouts): a file of the kinds the
    documents library accepts, within its size limit."""
    if not (title or "").strip():
        raise InvalidEvent(_("Give the material a title."), field="title")
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if allowed and extension not in allowed:
        raise InvalidEvent(_("Materials are files of these kinds: %(kinds)s.")
                           % {"kinds": ", ".join(allowed)}, field="file")
    limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
    if limit and file.size > limit:
        raise InvalidEvent(_("The file may be %(mb)d MB at most.")
                           % {"mb": limit // 1024 // 1024}, field="file")
    document = get_document_model().objects.create(
        title=title.strip(), file=file, collection=_materials_collection(),
        uploaded_by_user=by)
    return Material.objects.create(event=event, title=title.strip(), document=document)
