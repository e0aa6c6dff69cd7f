"""The organiser's matchmaking screens: a cluster manager sets up slots and tables, runs the
scheduler, publishes, moves and cancels a meeting, reads the statistics and prints a table's
PDF. Other users are refused; input that cannot be read gives 400 and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cluster.events.models import Event
from cluster.matchmaking import services
from cluster.matchmaking.models import Meeting, MeetingSchedule, MeetingSlot, MeetingTable
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from tests.security.checks import SCRIPT, refused

from .factories import registration_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    user = get_user_model().objects.create_user("manager", "m@example.com", "x-Pass-2026")
    user.groups.add(Group.objects.get(name=CLUSTER_MANAGERS_GROUP))
    return user


@pytest.fixture
def bare_event():
    """A B2B event with no slots or tables, 09:00–13:00 in Rome."""
    starts_at = datetime(2027, 5, 4, 7, 0, tzinfo=UTC)
    return Event.objects.create(kind=Event.Kind.B2B, title="B2B Tirana", starts_at=starts_at,
                                ends_at=starts_at + timedelta(hours=4))


def _accepted(event, count: int = 2):
    companies = [registration_factory(event) for _ in range(count + 1)]
    for other in companies[1:]:
        request = services.meeting_request_create(from_registration=companies[0],
                                                  to_registration=other)
        services.meeting_request_accept(request=request)
    return companies


def test_the_organiser_sets_up_runs_and_publishes(client, manager, bare_event, mailoutbox,
                                                  django_capture_on_commit_callbacks):
    companies = _accepted(bare_event)
    base = f"/admin/cluster/b2b/{bare_event.pk}/"
    client.force_login(manager)
    assert client.get("/admin/cluster/b2b/").status_code == 200
    response = client.post(base + "slots/", {"starts_at": "2027-05-04T09:00", "minutes": 20,
                                             "count": 4})
    assert response.status_code == 302
    slots = list(MeetingSlot.objects.filter(event=bare_event))
    assert len(slots) == 4
    assert slots[0].starts_at == datetime(2027, 5, 4, 7, 0, tzinfo=UTC)  # Rome's 09:00
    assert slots[-1].ends_at - slots[0].starts_at == timedelta(minutes=80)
    assert client.post(base + "tables/", {"count": 2}).status_code == 302
    assert list(MeetingTable.objects.filter(event=bare_event).values_list(
        "name", flat=True)) == ["1", "2"]

    response = client.post(base + "run/", {"time_limit_s": 2}, follow=True)
    assert "2 of 2 accepted requests scheduled" in response.content.decode()
    assert Meeting.objects.filter(event=bare_event).count() == 2
    page = client.get(base).content.decode()
    assert companies[0].member.name in page and "Meetings scheduled" in page

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(base + "publish/").status_code == 302
    assert MeetingSchedule.objects.get(event=bare_event).is_published
    assert len(mailoutbox) == 3  # each company with a meeting gets its schedule
    assert mailoutbox[0].attachments[0][2] == "application/pdf"
    assert client.post(base + "publish/").status_code == 409  # twice
    assert client.post(base + "run/", {"time_limit_s": 2}).status_code == 409

    table = MeetingTable.objects.filter(event=bare_event).first()
    response = client.get(f"/admin/cluster/b2b/tables/{table.pk}/schedule.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_organiser_moves_and_cancels_a_meeting(client, manager, b2b_event):
    _accepted(b2b_event, count=1)
    services.schedule_run(event=b2b_event, time_limit_s=2)
    meeting = Meeting.objects.get()
    free = MeetingSlot.objects.filter(event=b2b_event).exclude(pk=meeting.slot_id).first()
    client.force_login(manager)
    response = client.post(f"/admin/cluster/b2b/meetings/{meeting.pk}/move/",
                           {"slot": free.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.slot == free
    response = client.post(f"/admin/cluster/b2b/meetings/{meeting.pk}/cancel/",
                           {"reason": "Flight cancelled"})
    assert response.status_code == 302
    assert not Meeting.objects.exists()
    assert meeting.request.__class__.objects.get(pk=meeting.request_id).status == "cancelled"


def test_bad_input_gives_400_and_writes_nothing(client, manager, b2b_event, bare_event):
    client.force_login(manager)
    base = f"/admin/cluster/b2b/{b2b_event.pk}/"
    slots_before = MeetingSlot.objects.count()
    assert client.post(base + "slots/", {"starts_at": "soon", "minutes": 20,
                                         "count": 2}).status_code == 400
    assert client.post(base + "slots/", {"starts_at": "2027-03-10T09:00", "minutes": 2,
                                         "count": 2}).status_code == 400
    response = client.post(base + "slots/", {"starts_at": "2027-03-10T09:10", "minutes": 20,
                                             "count": 2})  # overlaps the fixture's slots
    assert response.status_code == 400
    assert "overlap" in response.content.decode()
    response = client.post(f"/admin/cluster/b2b/{bare_event.pk}/slots/", {
        "starts_at": "2027-05-04T12:30", "minutes": 20, "count": 3})  # past the event's end
    assert response.status_code == 400
    assert MeetingSlot.objects.count() == slots_before
    assert client.post(base + "tables/", {"count": 0}).status_code == 400
    assert client.post(base + "run/", {"time_limit_s": "x"}).status_code == 400
    assert MeetingTable.objects.filter(event=b2b_event).count() == 2
    assert not MeetingSchedule.objects.exists()
    response = client.post(f"/admin/cluster/b2b/{bare_event.pk}/run/", {"time_limit_s": 1})
    assert response.status_code == 409  # no slots or tables
    assert client.post(base + "publish/").status_code == 409  # never run


def test_the_screens_refuse_non_managers_and_other_events(client, b2b_event, companies):
    table = MeetingTable.objects.filter(event=b2b_event).first()
    urls = ["/admin/cluster/b2b/", f"/admin/cluster/b2b/{b2b_event.pk}/",
            f"/admin/cluster/b2b/tables/{table.pk}/schedule.pdf"]
    posts = [f"/admin/cluster/b2b/{b2b_event.pk}/tables/",
             f"/admin/cluster/b2b/{b2b_event.pk}/run/"]
    for url in urls:
        assert refused(client.get(url, headers=SCRIPT)), url
    user = get_user_model().objects.create_user("someone", "s@example.com", "x-Pass-2026")
    companies[0].member.users.add(user)  # a participant is not an organiser
    client.force_login(user)
    for url in urls:
        assert refused(client.get(url, headers=SCRIPT)), url
    for url in posts:
        assert refused(client.post(url, {"count": 3, "time_limit_s": 1}, headers=SCRIPT)), url
    assert MeetingTable.objects.filter(event=b2b_event).count() == 2
    assert not MeetingSchedule.objects.exists()


def test_a_workshop_has_no_matchmaking_screen(client, manager, b2b_event):
    b2b_event.kind = Event.Kind.WORKSHOP
    b2b_event.save(update_fields=["kind"])
    client.force_login(manager)
    assert client.get(f"/admin/cluster/b2b/{b2b_event.pk}/").status_code == 404
