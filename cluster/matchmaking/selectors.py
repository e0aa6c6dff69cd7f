"""Reads of the matchmaking domain: a company's and a table's schedule, the organiser's
statistics, and the scheduler's input for an event as plain values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from cluster.events.models import Event, Registration
from cluster.matchmaking.models import (
    BlockedSlot,
    Meeting,
    MeetingRequest,
    MeetingSchedule,
    MeetingSlot,
    MeetingTable,
)
from cluster.matchmaking.scheduler import RequestSpec


@dataclass(frozen=True)
class ScheduleRow:
    """One meeting as a line of a schedule; times are aware datetimes."""

    meeting_id: int
    starts_at: datetime
    ends_at: datetime
    table: str
    with_companies: tuple[str, ...]


@dataclass(frozen=True)
class ParticipantCounts:
    registration_id: int
    company: str
    sent: int
    received: int
    accepted: int
    scheduled: int


@dataclass(frozen=True)
class MatchmakingStatistics:
    """The organiser's figures: requests by status, meetings scheduled, the scheduler's
    bound (None before a run), publication, and counts per registered company."""

    requests: int
    requested: int
    accepted: int
    declined: int
    scheduled: int
    upper_bound: int | None
    solver_status: str
    published: bool
    participants: tuple[ParticipantCounts, ...]


@dataclass(frozen=True)
class SchedulerInput:
    """What the scheduler needs, as plain ids: registrations, accepted requests, slots in
    time order, tables, and each registration's blocked slots."""

    participants: list[int]
    requests: list[RequestSpec]
    slots: list[int]
    tables: list[int]
    blocked: dict[int, set[int]]


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related(
        "slot", "table", "request__from_registration__member",
        "request__to_registration__member")


def meeting_schedule_get(*, event: Event) -> MeetingSchedule | None:
    """The event's last scheduler run (None before the first)."""
    return MeetingSchedule.objects.filter(event=event).first()


def participant_schedule(*, registration: Registration) -> list[ScheduleRow]:
    """The meetings of a registered company, in time order, each with the other company."""
    meetings = _meetings().filter(
        Q(request__from_registration=registration) | Q(request__to_registration=registration),
        event_id=registration.event_id).order_by("slot__starts_at")
    rows = []
    for meeting in meetings:
        request = meeting.request
        other = (request.to_registration if request.from_registration_id == registration.pk
                 else request.from_registration)
        rows.append(ScheduleRow(meeting.pk, meeting.slot.starts_at, meeting.slot.ends_at,
                                meeting.table.name, (other.member.name,)))
    return rows


def table_schedule(*, table: MeetingTable) -> list[ScheduleRow]:
    """The meetings at a table, in time order, each with its two companies."""
    return [ScheduleRow(m.pk, m.slot.starts_at, m.slot.ends_at, table.name,
                        (m.request.from_registration.member.name,
                         m.request.to_registration.member.name))
            for m in _meetings().filter(table=table).order_by("slot__starts_at")]


def matchmaking_statistics(*, event: Event) -> MatchmakingStatistics:
    """The organiser's figures for a B2B event (a handful of queries, whatever its size)."""
    requests = list(MeetingRequest.objects.filter(event=event).values_list(
        "from_registration_id", "to_registration_id", "status"))
    by_status = Counter(status for _, _, status in requests)
    sent = Counter(a for a, _, _ in requests)
    received = Counter(b for _, b, _ in requests)
    accepted: Counter = Counter()
    for a, b, status in requests:
        if status == MeetingRequest.Status.ACCEPTED:
            accepted.update((a, b))
    scheduled: Counter = Counter()
    for a, b in Meeting.objects.filter(event=event).values_list(
            "request__from_registration_id", "request__to_registration_id"):
        scheduled.update((a, b))
    schedule = meeting_schedule_get(event=event)
    registrations = (Registration.objects.filter(event=event,
                                                 status=Registration.Status.REGISTERED)
                     .select_related("member").order_by("member__name", "pk"))
    return MatchmakingStatistics(
        requests=len(requests), requested=by_status[MeetingRequest.Status.REQUESTED],
        accepted=by_status[MeetingRequest.Status.ACCEPTED],
        declined=by_status[MeetingRequest.Status.DECLINED],
        scheduled=sum(scheduled.values()) // 2,
        upper_bound=schedule.upper_bound if schedule else None,
        solver_status=schedule.solver_status if schedule else "",
        published=bool(schedule and schedule.is_published),
        participants=tuple(ParticipantCounts(r.pk, r.member.name, sent[r.pk], received[r.pk],
                                             accepted[r.pk], scheduled[r.pk])
                           for r in registrations))


def scheduler_input(*, event: Event) -> SchedulerInput:
    """The accepted requests between companies still registered, the slots, tables and
    blocked slots of ``event``, read once as plain ids."""
    participants = list(Registration.objects.filter(
        event=event, status=Registration.Status.REGISTERED).order_by("pk")
        .values_list("pk", flat=True))
    registered = set(participants)
    preferred: dict[int, set[int]] = {}
    through = MeetingRequest.preferred_slots.through
    for request_id, slot_id in through.objects.filter(
            meetingrequest__event=event).values_list("meetingrequest_id", "meetingslot_id"):
        preferred.setdefault(request_id, set()).add(slot_id)
    requests = [RequestSpec(pk, a, b, frozenset(preferred.get(pk, ())))
                for pk, a, b in MeetingRequest.objects.filter(
                    event=event, status=MeetingRequest.Status.ACCEPTED).order_by("pk")
                .values_list("pk", "from_registration_id", "to_registration_id")
                if a in registered and b in registered]
    blocked: dict[int, set[int]] = {}
    for registration_id, slot_id in BlockedSlot.objects.filter(
            registration__event=event).values_list("registration_id", "slot_id"):
        if registration_id in registered:
            blocked.setdefault(registration_id, set()).add(slot_id)
    return SchedulerInput(
        participants=participants, requests=requests,
        slots=list(MeetingSlot.objects.filter(event=event).order_by("starts_at")
                   .values_list("pk", flat=True)),
        tables=list(MeetingTable.objects.filter(event=event).order_by("pk")
                    .values_list("pk", flat=True)),
        blocked=blocked)
