"""The events' admin screens: cluster managers only; the door check-in marks attendance and
shows the company, refuses unknown codes with a 404."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cluster.events import services
from cluster.events.models import Event
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    user = get_user_model().objects.create_user("manager", "m@example.com", "x-Pass-2026")
    user.groups.add(Group.objects.get(name=CLUSTER_MANAGERS_GROUP))
    return user


@pytest.fixture
def editor():
    """A staff user of the admin who is not a cluster manager."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("editor", "e@example.com", "x-Pass-2026",
                                                is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def _urls(event, registration):
    return ["/admin/cluster/events/", "/admin/cluster/events/add/",
            f"/admin/cluster/events/{event.pk}/", f"/admin/cluster/events/{event.pk}/edit/",
            f"/admin/cluster/registrations/{registration.pk}/qr.png",
            f"/admin/cluster/registrations/{registration.pk}/badge.pdf",
            "/admin/cluster/check-in/", "/admin/cluster/agreements/",
            "/admin/cluster/agreements/add/"]


def test_the_screens_refuse_non_managers(client, event, member, editor):
    registration = services.registration_create(event=event, member=member)
    for url in _urls(event, registration):
        assert refused(client.get(url, headers=SCRIPT)), url
    client.force_login(editor)
    for url in _urls(event, registration):
        assert refused(client.get(url, headers=SCRIPT)), url
    response = client.post("/admin/cluster/check-in/", {"token": registration.token},
                           headers=SCRIPT)
    assert refused(response)
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_managers_open_every_screen(client, event, member, manager):
    registration = services.registration_create(event=event, member=member)
    client.force_login(manager)
    for url in _urls(event, registration):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/admin/cluster/events/{event.pk}/").content.decode()
    assert member.name in page


def test_the_door_marks_attendance_and_shows_the_company(client, event, member, manager):
    registration = services.registration_create(event=event, member=member)
    client.force_login(manager)
    response = client.post("/admin/cluster/check-in/", {"token": registration.token},
                           follow=True)
    assert response.status_code == 200
    assert member.name in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended_at is not None
    again = client.post("/admin/cluster/check-in/", {"token": registration.token}, follow=True)
    assert "checked in already" in again.content.decode()
    unknown = client.post("/admin/cluster/check-in/", {"token": "nope"})
    assert unknown.status_code == 404
    assert "No registration has this code" in unknown.content.decode()


def test_a_manager_schedules_an_event_and_registers_a_company(client, member, manager):
    client.force_login(manager)
    response = client.post("/admin/cluster/events/add/", {
        "kind": "b2b", "title": "B2B Tirana", "starts_at": "2030-05-01T09:00",
        "ends_at": "2030-05-01T08:00"})
    assert response.status_code == 400
    assert "end after" in response.content.decode()
    response = client.post("/admin/cluster/events/add/", {
        "kind": "b2b", "title": "B2B Tirana", "starts_at": "2030-05-01T09:00",
        "ends_at": "2030-05-01T13:00", "capacity": "1"})
    event = Event.objects.get()
    assert response.status_code == 302
    response = client.post(f"/admin/cluster/events/{event.pk}/register/",
                           {"member": member.pk, "attendees": "Drita"})
    assert response.status_code == 302
    assert event.registrations.get().member == member
    response = client.post(f"/admin/cluster/events/{event.pk}/register/", {"member": member.pk})
    assert response.status_code == 409
