"""Matchmaking services: request rules, answers, blocked slots, scheduling end to end,
publication and changes after it (with their emails)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from cluster.events.models import Event
from cluster.matchmaking.documents import participant_schedule_pdf, table_schedule_pdf
from cluster.matchmaking.errors import (
    MeetingRequestNotAllowed,
    MeetingRequestStateError,
    ScheduleStateError,
    SlotNotAvailable,
)
from cluster.matchmaking.models import Meeting, MeetingRequest, MeetingSlot, MeetingTable
from cluster.matchmaking.selectors import (
    matchmaking_statistics,
    participant_schedule,
    table_schedule,
)
from cluster.matchmaking.services import (
    match_profile_set,
    meeting_cancel,
    meeting_move,
    meeting_request_accept,
    meeting_request_create,
    meeting_request_decline,
    schedule_publish,
    schedule_run,
    slot_block,
)

from .factories import registration_factory

pytestmark = pytest.mark.django_db


def accepted(a, b, **kwargs) -> MeetingRequest:
    return meeting_request_accept(request=meeting_request_create(
        from_registration=a, to_registration=b, **kwargs))


def test_a_request_needs_two_companies_of_the_same_b2b_event(b2b_event, companies):
    p, q = companies[:2]
    with pytest.raises(MeetingRequestNotAllowed, match="itself"):
        meeting_request_create(from_registration=p, to_registration=p)
    other = Event.objects.create(kind=Event.Kind.B2B, title="B2B Tirana",
                                 starts_at=b2b_event.starts_at, ends_at=b2b_event.ends_at)
    stranger = registration_factory(other)
    with pytest.raises(MeetingRequestNotAllowed, match="same event|this event"):
        meeting_request_create(from_registration=p, to_registration=stranger)
    request = meeting_request_create(from_registration=p, to_registration=q, message=" Hi ")
    assert request.status == MeetingRequest.Status.REQUESTED and request.message == "Hi"
    for a, b in ((p, q), (q, p)):
        with pytest.raises(MeetingRequestNotAllowed, match="already"):
            meeting_request_create(from_registration=a, to_registration=b)
    assert MeetingRequest.objects.count() == 1


def test_no_requests_at_a_workshop(b2b_event, companies):
    Event.objects.filter(pk=b2b_event.pk).update(kind=Event.Kind.WORKSHOP)
    p, q = companies[:2]
    p.event.refresh_from_db()
    with pytest.raises(MeetingRequestNotAllowed, match="B2B"):
        meeting_request_create(from_registration=p, to_registration=q)


def test_accept_and_decline_with_a_message_once(companies):
    p, q, r = companies[:3]
    first = meeting_request_create(from_registration=p, to_registration=q)
    mail.outbox.clear()
    answered = meeting_request_decline(request=first, message="Not this year")
    assert answered.status == MeetingRequest.Status.DECLINED
    assert answered.answer_message == "Not this year" and answered.answered_at
    with pytest.raises(MeetingRequestStateError, match="already been answered"):
        meeting_request_accept(request=first)
    second = meeting_request_create(from_registration=r, to_registration=q)
    assert meeting_request_accept(request=second).status == MeetingRequest.Status.ACCEPTED


def test_the_request_and_the_answer_are_emailed_after_commit(
        companies, django_capture_on_commit_callbacks):
    p, q = companies[:2]
    with django_capture_on_commit_callbacks(execute=True):
        request = meeting_request_create(from_registration=p, to_registration=q,
                                         message="Olive oil for your guests?")
    assert mail.outbox[-1].to == [q.member.email]
    assert "Olive oil" in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        meeting_request_accept(request=request, message="Gladly")
    assert mail.outbox[-1].to == [p.member.email]
    assert "accepted" in mail.outbox[-1].subject


def test_schedule_run_end_to_end(b2b_event, companies):
    p, q, r, s = companies
    slots = list(MeetingSlot.objects.filter(event=b2b_event))
    match_profile_set(registration=p, offers="Farm stays", looks_for="Tour operators")
    # Everybody asks everybody: six meetings, two tables, three slots — exactly full.
    requests = [accepted(a, b) for a, b in [(p, q), (p, r), (p, s), (q, r), (q, s), (r, s)]]
    slot_block(registration=s, slot=slots[0])
    meeting_request_create(from_registration=companies[0], to_registration=registration_factory(
        b2b_event))  # not accepted: not scheduled
    result = schedule_run(event=b2b_event, time_limit_s=5)
    # s blocked slot 0, so at most two of s's three meetings fit: five of six.
    assert (result.requests, result.scheduled, result.upper_bound) == (6, 5, 5)
    assert result.status == "optimal"
    meetings = list(Meeting.objects.filter(event=b2b_event).select_related("request"))
    assert len(meetings) == 5
    assert {m.request_id for m in meetings} <= {x.pk for x in requests}
    assert len({(m.slot_id, m.table_id) for m in meetings}) == 5
    for company in companies:
        rows = participant_schedule(registration=company)
        assert len({row.starts_at for row in rows}) == len(rows)
    assert all(row.starts_at != slots[0].starts_at for row in participant_schedule(
        registration=s))
    stats = matchmaking_statistics(event=b2b_event)
    assert (stats.requests, stats.accepted, stats.scheduled, stats.upper_bound) == (7, 6, 5, 5)
    assert sum(c.scheduled for c in stats.participants) == 10
    table = MeetingTable.objects.filter(event=b2b_event).first()
    assert table_schedule(table=table)
    assert participant_schedule_pdf(registration=p).startswith(b"%PDF")
    assert table_schedule_pdf(table=table).startswith(b"%PDF")
    # A second run replaces the draft meetings.
    schedule_run(event=b2b_event, time_limit_s=5)
    assert Meeting.objects.filter(event=b2b_event).count() == 5


def test_publication_sends_schedules_and_freezes_the_run(
        b2b_event, companies, django_capture_on_commit_callbacks):
    p, q = companies[:2]
    accepted(p, q)
    with pytest.raises(ScheduleStateError, match="Run the scheduler"):
        schedule_publish(event=b2b_event)
    schedule_run(event=b2b_event, time_limit_s=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_publish(event=b2b_event)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([p.member.email, q.member.email])
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    with pytest.raises(ScheduleStateError, match="published"):
        schedule_run(event=b2b_event)
    with pytest.raises(ScheduleStateError, match="already published"):
        schedule_publish(event=b2b_event)


def test_moving_a_published_meeting_notifies_both_companies(
        b2b_event, companies, django_capture_on_commit_callbacks):
    p, q, r, _s = companies
    accepted(p, q)
    accepted(p, r)
    schedule_run(event=b2b_event, time_limit_s=2)
    schedule_publish(event=b2b_event)
    meeting = Meeting.objects.get(request__to_registration=q)
    busy = Meeting.objects.get(request__to_registration=r).slot
    with pytest.raises(SlotNotAvailable, match="already has a meeting"):
        meeting_move(meeting=meeting, slot=busy)
    free = MeetingSlot.objects.filter(event=b2b_event).exclude(
        pk__in=[busy.pk, meeting.slot_id]).first()
    slot_block(registration=q, slot=free)
    with pytest.raises(SlotNotAvailable, match="cannot meet"):
        meeting_move(meeting=meeting, slot=free)
    target = MeetingSlot.objects.filter(event=b2b_event).exclude(
        pk__in=[busy.pk, meeting.slot_id, free.pk]).first()
    assert target is None  # three slots: one busy, one current, one blocked
    with pytest.raises(SlotNotAvailable, match="move or cancel"):
        slot_block(registration=q, slot=meeting.slot)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = meeting_cancel(meeting=meeting, reason="Flight cancelled.")
    assert request.status == MeetingRequest.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([p.member.email, q.member.email])
    assert "cancelled" in mail.outbox[0].subject and "Flight" in mail.outbox[0].body


def test_a_move_after_publication_is_emailed(b2b_event, companies,
                                             django_capture_on_commit_callbacks):
    p, q = companies[:2]
    accepted(p, q)
    schedule_run(event=b2b_event, time_limit_s=2)
    schedule_publish(event=b2b_event)
    meeting = Meeting.objects.get()
    target = MeetingSlot.objects.filter(event=b2b_event).exclude(pk=meeting.slot_id).last()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = meeting_move(meeting=meeting, slot=target)
    assert moved.slot == target and moved.changed_at is not None
    assert len(mail.outbox) == 2 and "moved" in mail.outbox[0].subject
    assert participant_schedule(registration=p)[0].starts_at == target.starts_at


def test_a_failing_mail_server_is_logged_and_the_change_stays(
        b2b_event, companies, django_capture_on_commit_callbacks, monkeypatch, caplog):
    p, q = companies[:2]
    accepted(p, q)
    schedule_run(event=b2b_event, time_limit_s=2)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        schedule = schedule_publish(event=b2b_event)
    assert schedule.published_at is not None
    assert "Could not email" in caplog.text


def test_a_change_during_the_run_writes_nothing(b2b_event, companies, monkeypatch):
    p, q, r = companies[:3]
    accepted(p, q)
    import cluster.matchmaking.services as services

    real = services.schedule_meetings

    def meanwhile(**kwargs):
        accepted(p, r)  # another request is accepted while the solver runs
        return real(**kwargs)

    monkeypatch.setattr(services, "schedule_meetings", meanwhile)
    with pytest.raises(ScheduleStateError, match="changed while scheduling"):
        schedule_run(event=b2b_event, time_limit_s=2)
    assert not Meeting.objects.exists()


def test_a_preferred_slot_must_be_one_of_the_event(b2b_event, companies):
    p, q = companies[:2]
    other = Event.objects.create(kind=Event.Kind.B2B, title="B2B Kotor",
                                 starts_at=b2b_event.starts_at, ends_at=b2b_event.ends_at)
    start = datetime(2027, 4, 1, 9, tzinfo=UTC)
    foreign = MeetingSlot.objects.create(event=other, starts_at=start,
                                         ends_at=start + timedelta(minutes=20))
    with pytest.raises(MeetingRequestNotAllowed, match="preferred slot"):
        meeting_request_create(from_registration=p, to_registration=q,
                               preferred_slots=[foreign])
    assert not MeetingRequest.objects.exists()
