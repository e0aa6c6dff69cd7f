"""Writes of the matchmaking domain: the event's meeting slots and tables, profiles, meeting
requests and their answers, blocked slots, running and publishing the meeting schedule, and
moving or cancelling a meeting after publication (the companies affected are told by email
once the change is committed).

Every write that touches the schedule locks the event's row first, so a scheduler run and a
change made meanwhile never interleave."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cluster.events.models import Event, Registration
from cluster.matchmaking.documents import (
    participant_schedule_filename,
    participant_schedule_pdf,
)
from cluster.matchmaking.errors import (
    InvalidScheduleInput,
    MeetingRequestNotAllowed,
    MeetingRequestStateError,
    ScheduleStateError,
    SlotNotAvailable,
)
from cluster.matchmaking.models import (
    BlockedSlot,
    MatchProfile,
    Meeting,
    MeetingRequest,
    MeetingSchedule,
    MeetingSlot,
    MeetingTable,
)
from cluster.matchmaking.scheduler import schedule_meetings
from cluster.matchmaking.selectors import meeting_schedule_get, scheduler_input
from marketplace.core.dates import LOCAL_TZ

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScheduleRunResult:
    """The figures of one scheduler run: accepted requests, meetings placed, the proved
    bound on them, the solver's status ("optimal" or "feasible") and seconds taken."""

    requests: int
    scheduled: int
    upper_bound: int
    status: str
    preferred: int
    seconds: float


def _locked_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _check_b2b(event: Event) -> None:
    if event.kind != Event.Kind.B2B:
        raise MeetingRequestNotAllowed(_("Meetings are arranged only at B2B events."))
    if event.status == Event.Status.CANCELLED:
        raise MeetingRequestNotAllowed(_("This event has been cancelled."))


def _published(event: Event) -> bool:
    schedule = meeting_schedule_get(event=event)
    return bool(schedule and schedule.is_published)


@transaction.atomic
def match_profile_set(*, registration: Registration, offers: str,
                      looks_for: str) -> MatchProfile:
    """Say what a registered company offers and looks for at this B2B event."""
    _check_b2b(registration.event)
    profile, _created = MatchProfile.objects.update_or_create(
        registration=registration,
        defaults={"offers": offers.strip(), "looks_for": looks_for.strip()})
    return profile


@transaction.atomic
def meeting_request_create(*, from_registration: Registration,
                           to_registration: Registration, message: str = "",
                           preferred_slots: Iterable[MeetingSlot] = ()) -> MeetingRequest:
    """Ask another company registered to the same B2B event for a meeting. Refused (with
    MeetingRequestNotAllowed) for another event, oneself, a cancelled registration, or a pair
    that already has a request in either direction."""
    event = from_registration.event
    _check_b2b(event)
    if to_registration.event_id != event.pk:
        raise MeetingRequestNotAllowed(_("Both companies must be registered to this event."))
    if from_registration.pk == to_registration.pk \
            or from_registration.member_id == to_registration.member_id:
        raise MeetingRequestNotAllowed(_("A company cannot ask itself for a meeting."))
    _locked_event(event.pk)  # two crossing requests of one pair: the second one waits and sees
    registrations = Registration.objects.filter(
        pk__in=[from_registration.pk, to_registration.pk], status=Registration.Status.REGISTERED)
    if registrations.count() != 2:
        raise MeetingRequestNotAllowed(_("Both companies must be registered to this event."))
    pair = [from_registration.pk, to_registration.pk]
    if MeetingRequest.objects.filter(from_registration_id__in=pair,
                                     to_registration_id__in=pair).exists():
        raise MeetingRequestNotAllowed(_("These two companies already have a meeting request."))
    preferred = list(preferred_slots)
    if any(slot.event_id != event.pk for slot in preferred):
        raise MeetingRequestNotAllowed(_("A preferred slot is not one of this event's."))
    request = MeetingRequest.objects.create(
        event=event, from_registration=from_registration, to_registration=to_registration,
        message=message.strip())
    request.preferred_slots.set(preferred)
    _notify([to_registration], subject=_("%(company)s asks you for a meeting") % {
        "company": from_registration.member.name}, body=_(
        "%(company)s would like to meet you at “%(event)s”.\n\n%(message)s") % {
        "company": from_registration.member.name, "event": event.title,
        "message": request.message})
    return request


def meeting_request_accept(*, request: MeetingRequest, message: str = "",
                           now: datetime | None = None) -> MeetingRequest:
    """Accept a meeting request (its addressee's answer, with an optional message)."""
    return _answer(request, MeetingRequest.Status.ACCEPTED, message, now)


def meeting_request_decline(*, request: MeetingRequest, message: str = "",
                            now: datetime | None = None) -> MeetingRequest:
    """Decline a meeting request (its addressee's answer, with an optional message)."""
    return _answer(request, MeetingRequest.Status.DECLINED, message, now)


@transaction.atomic
def _answer(request: MeetingRequest, status: str, message: str,
            now: datetime | None) -> MeetingRequest:
    _locked_event(request.event_id)
    request = MeetingRequest.objects.select_related(
        "event", "from_registration__member", "to_registration__member").get(pk=request.pk)
    if request.status != MeetingRequest.Status.REQUESTED:
        raise MeetingRequestStateError(_("This request has already been answered (%(status)s).")
                                       % {"status": request.get_status_display().lower()})
    request.status, request.answer_message = status, message.strip()
    request.answered_at = now or timezone.now()
    request.save(update_fields=["status", "answer_message", "answered_at"])
    answer = (_("%(company)s accepted your meeting request") if status == "accepted"
              else _("%(company)s declined your meeting request"))
    _notify([request.from_registration],
            subject=answer % {"company": request.to_registration.member.name},
            body=f"{request.event.title}\n\n{request.answer_message}".strip())
    return request


@transaction.atomic
def slot_block(*, registration: Registration, slot: MeetingSlot) -> BlockedSlot:
    """Mark a slot in which the company cannot meet. Before publication a draft meeting of
    the company in that slot is removed (the next run places it again); after publication
    a meeting there must be moved or cancelled first (SlotNotAvailable)."""
    if slot.event_id != registration.event_id:
        raise SlotNotAvailable(_("This slot is not one of the event's."))
    _locked_event(registration.event_id)
    meetings = Meeting.objects.filter(
        Q(request__from_registration=registration) | Q(request__to_registration=registration),
        slot=slot)
    if meetings.exists():
        if _published(registration.event):
            raise SlotNotAvailable(_("You have a meeting in this slot: ask the organiser to "
                                     "move or cancel it first."))
        meetings.delete()
    blocked, _created = BlockedSlot.objects.get_or_create(registration=registration, slot=slot)
    return blocked


@transaction.atomic
def slot_unblock(*, registration: Registration, slot: MeetingSlot) -> None:
    """Make a blocked slot free again (nothing happens if it was not blocked)."""
    BlockedSlot.objects.filter(registration=registration, slot=slot).delete()


def schedule_run(*, event: Event, time_limit_s: float = 10.0, workers: int = 1,
                 now: datetime | None = None) -> ScheduleRunResult:
    """Schedule the event's accepted requests into (slot, table) with the most meetings
    possible, replacing the draft meetings in one transaction. The solver runs outside the
    transaction for at most ``time_limit_s`` seconds; if the input changed meanwhile nothing
    is written and ScheduleStateError asks to run again. Refused once published."""
    _check_b2b(event)
    if _published(event):
        raise ScheduleStateError(_("The schedule is published: move or cancel meetings "
                                   "instead of running the scheduler again."))
    data = scheduler_input(event=event)
    if not data.slots or not data.tables:
        raise ScheduleStateError(_("Add meeting slots and tables before scheduling."))
    schedule = schedule_meetings(participants=data.participants, requests=data.requests,
                                 slots=data.slots, tables=data.tables, blocked=data.blocked,
                                 time_limit_s=time_limit_s, workers=workers)
    with transaction.atomic():
        _locked_event(event.pk)
        if _published(event):
            raise ScheduleStateError(_("The schedule was published meanwhile."))
        if scheduler_input(event=event) != data:
            raise ScheduleStateError(_("Requests or blocked slots changed while scheduling: "
                                       "please run the scheduler again."))
        Meeting.objects.filter(event=event).delete()
        Meeting.objects.bulk_create(
            Meeting(event=event, request_id=p.request, slot_id=p.slot, table_id=p.table)
            for p in schedule.placements)
        MeetingSchedule.objects.update_or_create(event=event, defaults={
            "solver_status": schedule.status, "requests": len(data.requests),
            "scheduled": schedule.meetings, "upper_bound": schedule.upper_bound,
            "seconds": schedule.seconds, "run_at": now or timezone.now(),
            "published_at": None})
    return ScheduleRunResult(requests=len(data.requests), scheduled=schedule.meetings,
                             upper_bound=schedule.upper_bound, status=schedule.status,
                             preferred=schedule.preferred, seconds=schedule.seconds)


@transaction.atomic
def schedule_publish(*, event: Event, now: datetime | None = None) -> MeetingSchedule:
    """Publish the event's meetings: every company with meetings gets its schedule by email
    (PDF attached) once committed. Refused before a run or when already published."""
    _locked_event(event.pk)
    schedule = meeting_schedule_get(event=event)
    if schedule is None:
        raise ScheduleStateError(_("Run the scheduler before publishing."))
    if schedule.is_published:
        raise ScheduleStateError(_("The schedule is already published."))
    schedule.published_at = now or timezone.now()
    schedule.save(update_fields=["published_at"])
    ids = set()
    for a, b in Meeting.objects.filter(event=event).values_list(
            "request__from_registration_id", "request__to_registration_id"):
        ids.update((a, b))
    registrations = list(Registration.objects.filter(pk__in=ids).select_related(
        "member", "registered_by", "event"))
    _notify(registrations, subject=_("Your meetings at “%(event)s”") % {"event": event.title},
            body=_("Your schedule of meetings is attached. Please be at your table on time."),
            attach_schedule=True)
    return schedule


@transaction.atomic
def meeting_move(*, meeting: Meeting, slot: MeetingSlot, table: MeetingTable | None = None,
                 now: datetime | None = None) -> Meeting:
    """Move a meeting to another slot (and table: the first free one when not given). Both
    companies must be free and not blocked in that slot and the table free (else
    SlotNotAvailable). After publication both companies are told by email."""
    _locked_event(meeting.event_id)
    meeting = Meeting.objects.select_related("event", "request", "slot").get(pk=meeting.pk)
    if slot.event_id != meeting.event_id or (table and table.event_id != meeting.event_id):
        raise SlotNotAvailable(_("This slot or table is not one of the event's."))
    pair = [meeting.request.from_registration_id, meeting.request.to_registration_id]
    others = Meeting.objects.filter(slot=slot).exclude(pk=meeting.pk)
    if others.filter(Q(request__from_registration_id__in=pair)
                     | Q(request__to_registration_id__in=pair)).exists():
        raise SlotNotAvailable(_("One of the companies already has a meeting in this slot."))
    if BlockedSlot.objects.filter(registration_id__in=pair, slot=slot).exists():
        raise SlotNotAvailable(_("One of the companies cannot meet in this slot."))
    taken = set(others.values_list("table_id", flat=True))
    if table is None:
        table = MeetingTable.objects.filter(event_id=meeting.event_id).exclude(
            pk__in=taken).order_by("pk").first()
        if table is None:
            raise SlotNotAvailable(_("Every table is taken in this slot."))
    elif table.pk in taken:
        raise SlotNotAvailable(_("This table is taken in this slot."))
    old_slot = meeting.slot
    meeting.slot, meeting.table = slot, table
    published = _published(meeting.event)
    if published:
        meeting.changed_at = now or timezone.now()
    meeting.save(update_fields=["slot", "table", "changed_at"])
    if published:
        _notify(_pair(meeting.request), subject=_("A meeting at “%(event)s” was moved") % {
            "event": meeting.event.title}, body=_(
            "Your meeting between %(companies)s moves from %(old)s to %(new)s, table %(table)s.")
            % {"companies": _companies(meeting.request), "old": _local(old_slot.starts_at),
               "new": _local(slot.starts_at), "table": table.name}, attach_schedule=True)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str = "") -> MeetingRequest:
    """Cancel a meeting: it is removed and its request marked cancelled (a later run does
    not place it again). After publication both companies are told by email."""
    _locked_event(meeting.event_id)
    meeting = Meeting.objects.select_related("event", "request", "slot").get(pk=meeting.pk)
    request, event, starts_at = meeting.request, meeting.event, meeting.slot.starts_at
    published = _published(event)
    meeting.delete()
    request.status = MeetingRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    if published:
        _notify(_pair(request), subject=_("A meeting at “%(event)s” was cancelled") % {
            "event": event.title}, body=_(
            "The meeting between %(companies)s at %(when)s is cancelled. %(reason)s") % {
            "companies": _companies(request), "when": _local(starts_at),
            "reason": reason.strip()}, attach_schedule=True)
    return request


def _pair(request: MeetingRequest) -> list[Registration]:
    return list(Registration.objects.filter(
        pk__in=[request.from_registration_id, request.to_registration_id]).select_related(
        "member", "registered_by", "event"))


def _companies(request: MeetingRequest) -> str:
    names = Registration.objects.filter(
        pk__in=[request.from_registration_id, request.to_registration_id]).values_list(
        "member__name", flat=True)
    return " & ".join(sorted(names))


def _local(moment: datetime) -> str:
    return formats.date_format(moment.astimezone(LOCAL_TZ), "j F Y H:i")


def _recipients(registration: Registration) -> list[str]:
    addresses = {registration.member.email,
                 registration.registered_by.email if registration.registered_by else ""}
    return sorted(address for address in addresses if address)


def _notify(registrations: list[Registration], *, subject: str, body: str,
            attach_schedule: bool = False) -> None:
    """Email each registration's company once the transaction commits (with its current
    schedule as a PDF when asked). A failing mail server is logged; it never undoes the
    change."""
    registration_ids = [r.pk for r in registrations]

    def deliver() -> None:
        try:
            messages = []
            for registration in Registration.objects.filter(
                    pk__in=registration_ids).select_related("member", "registered_by", "event"):
                to = _recipients(registration)
                if not to:
                    continue
                message = EmailMessage(subject, body, None, to)
                if attach_schedule:
                    message.attach(participant_schedule_filename(registration=registration),
                                   participant_schedule_pdf(registration=registration),
                                   "application/pdf")
                messages.append(message)
            if messages:
                get_connection().send_messages(messages)
        except Exception:  # the change stands; the organiser can tell the companies again
            logger.exception("Could not email %d companies about “%s”", len(registration_ids),
                             subject)

    transaction.on_commit(deliver)


@transaction.atomic
def meeting_slots_create(*, event: Event, starts_at: datetime, minutes: int,
                         count: int) -> list[MeetingSlot]:
    """Add ``count`` back-to-back meeting slots of ``minutes`` minutes each to a B2B event,
    the first starting at ``starts_at`` (aware). They must lie within the event and overlap
    none of its slots (InvalidScheduleInput, nothing written)."""
    _check_b2b(event)
    if not 5 <= minutes <= 240:
        raise InvalidScheduleInput(_("A meeting lasts 5 to 240 minutes."), field="minutes")
    if not 1 <= count <= 60:
        raise InvalidScheduleInput(_("Add 1 to 60 slots at a time."), field="count")
    if timezone.is_naive(starts_at):
        raise InvalidScheduleInput(_("The start needs its time zone."), field="starts_at")
    length = timedelta(minutes=minutes)
    ends_at = starts_at + count * length
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise InvalidScheduleInput(_("The slots must lie within the event (%(start)s – "
                                     "%(end)s).") % {"start": _local(event.starts_at),
                                                      "end": _local(event.ends_at)},
                                   field="starts_at")
    _locked_event(event.pk)
    if MeetingSlot.objects.filter(event=event, starts_at__lt=ends_at,
                                  ends_at__gt=starts_at).exists():
        raise InvalidScheduleInput(_("These slots overlap slots the event has already."),
                                   field="starts_at")
    return MeetingSlot.objects.bulk_create(
        MeetingSlot(event=event, starts_at=starts_at + i * length,
                    ends_at=starts_at + (i + 1) * length) for i in range(count))


@transaction.atomic
def meeting_tables_add(*, event: Event, count: int) -> list[MeetingTable]:
    """Add ``count`` meeting tables to a B2B event, named by the next free numbers."""
    _check_b2b(event)
    if not 1 <= count <= 100:
        raise InvalidScheduleInput(_("Add 1 to 100 tables at a time."), field="count")
    _locked_event(event.pk)
    taken = set(MeetingTable.objects.filter(event=event).values_list("name", flat=True))
    names = (str(n) for n in itertools.count(1) if str(n) not in taken)
    return MeetingTable.objects.bulk_create(
        MeetingTable(event=event, name=name) for name in itertools.islice(names, count))


@transaction.atomic
def blocked_slots_set(*, registration: Registration,
                      slots: Iterable[MeetingSlot]) -> set[int]:
    """Make ``slots`` the company's blocked slots at its event: the others are freed. All or
    nothing: one slot that cannot be blocked (``slot_block``'s SlotNotAvailable) leaves
    every blocked slot as it was. Returns the blocked slots' ids."""
    wanted = {slot.pk: slot for slot in slots}
    current = set(BlockedSlot.objects.filter(registration=registration)
                  .values_list("slot_id", flat=True))
    for slot_id, slot in wanted.items():
        if slot_id not in current:
            slot_block(registration=registration, slot=slot)
    BlockedSlot.objects.filter(registration=registration).exclude(
        slot_id__in=wanted).delete()
    return set(wanted)
