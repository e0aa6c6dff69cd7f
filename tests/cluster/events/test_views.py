"""The events' public pages: the upcoming events, registering a company, its QR code and
badge, cancelling, feedback after attending; bad input gives a 4xx with the message and
nothing is written; another company's registration is never shown."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cluster.events import services
from cluster.events.models import Event, Feedback, Registration

from .conftest import event_make, member_make

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _user_of(member, name: str):
    user = get_user_model().objects.create_user(name)
    member.users.add(user)
    return user


def test_the_upcoming_events_show_kind_date_place_and_places_left(client):
    event = event_make(capacity=3)
    services.registration_create(event=event, member=member_make())
    cancelled = event_make()
    cancelled.title = "Cancelled one"
    cancelled.save()
    services.event_cancel(event=cancelled)
    response = client.get("/en/cluster/events/")
    assert response.status_code == 200
    text = _text(response)
    assert "Digital marketing for SMEs" in text and "Workshop" in text
    assert "Camera di commercio, Bari" in text and "2 places left" in text
    assert "Cancelled one" not in text


def test_a_visitor_sees_the_event_and_is_asked_to_sign_in(client, event):
    response = client.get(f"/en/cluster/events/{event.pk}/")
    assert response.status_code == 200
    text = _text(response)
    assert event.title in text and "Sign in" in text and "Register my company" not in text
    response = client.post(f"/en/cluster/events/{event.pk}/", {"attendees": "Ana"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Registration.objects.exists()


def test_a_member_registers_sees_its_qr_and_badge_and_cancels(client, event, member):
    client.force_login(_user_of(member, "ana"))
    page = client.get(f"/en/cluster/events/{event.pk}/")
    assert "Register my company" in _text(page)
    response = client.post(f"/en/cluster/events/{event.pk}/",
                           {"member": member.pk, "attendees": "Ana Kola, owner"})
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, member=member)
    assert registration.attendees == "Ana Kola, owner"
    text = _text(client.get(f"/en/cluster/events/{event.pk}/"))
    assert "is registered" in text and "data:image/png;base64," in text
    assert "Register my company" not in text
    badge = client.get(f"/en/cluster/events/{event.pk}/badge.pdf")
    assert badge.status_code == 200 and badge["Content-Type"] == "application/pdf"
    assert badge.content.startswith(b"%PDF")
    response = client.post(f"/en/cluster/events/{event.pk}/cancel/", {"member": member.pk})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert client.get(f"/en/cluster/events/{event.pk}/badge.pdf").status_code == 404


def test_registering_twice_is_409_with_the_message(client, event, member):
    client.force_login(_user_of(member, "ana"))
    services.registration_create(event=event, member=member)
    other = member_make()
    other.users.add(get_user_model().objects.get(username="ana"))
    response = client.post(f"/en/cluster/events/{event.pk}/", {"member": member.pk})
    assert response.status_code == 409 and "is registered already" in _text(response)
    assert Registration.objects.count() == 1


def test_after_attending_a_member_gives_feedback_once(client, member):
    event = event_make(starts_in=timedelta(hours=-1))
    registration = services.registration_create(event=event, member=member)
    services.attendance_check_in(token=registration.token)
    client.force_login(_user_of(member, "ana"))
    assert "Your feedback" in _text(client.get(f"/en/cluster/events/{event.pk}/"))
    url = f"/en/cluster/events/{event.pk}/feedback/"
    response = client.post(url, {"member": member.pk, "rating": "4", "comment": "Useful."})
    assert response.status_code == 302
    feedback = Feedback.objects.get(registration=registration)
    assert (feedback.rating, feedback.comment) == (4, "Useful.")
    response = client.post(url, {"member": member.pk, "rating": "5"})
    assert response.status_code == 409 and "given its feedback already" in _text(response)
    assert Feedback.objects.get().rating == 4


def test_a_bad_rating_is_400_and_writes_nothing(client, member):
    event = event_make(starts_in=timedelta(hours=-1))
    registration = services.registration_create(event=event, member=member)
    services.attendance_check_in(token=registration.token)
    client.force_login(_user_of(member, "ana"))
    response = client.post(f"/en/cluster/events/{event.pk}/feedback/",
                           {"member": member.pk, "rating": "9"})
    assert response.status_code == 400 and "Select a valid choice" in _text(response)
    assert not Feedback.objects.exists()


def test_feedback_before_attending_is_refused(client, event, member):
    services.registration_create(event=event, member=member)
    client.force_login(_user_of(member, "ana"))
    response = client.post(f"/en/cluster/events/{event.pk}/feedback/",
                           {"member": member.pk, "rating": "5"})
    assert response.status_code == 409 and "came to the event" in _text(response)
    assert not Feedback.objects.exists()


def test_a_user_without_a_member_is_refused(client, event):
    client.force_login(get_user_model().objects.create_user("nobody"))
    page = _text(client.get(f"/en/cluster/events/{event.pk}/"))
    assert "Register my company" not in page and "active member" in page
    response = client.post(f"/en/cluster/events/{event.pk}/", {"attendees": "Me"})
    assert response.status_code == 403 and "active member" in _text(response)
    assert not Registration.objects.exists()
    assert client.get(f"/en/cluster/events/{event.pk}/badge.pdf").status_code == 404


def test_another_members_registration_is_never_shown(client, event, member):
    theirs = member_make(name="Masseria Beta")
    registration = services.registration_create(event=event, member=theirs,
                                                attendees="Beta's secret guest")
    client.force_login(_user_of(member, "ana"))
    text = _text(client.get(f"/en/cluster/events/{event.pk}/"))
    assert "Masseria Beta" not in text and "secret guest" not in text
    assert "Register my company" in text
    assert client.get(f"/en/cluster/events/{event.pk}/badge.pdf").status_code == 404
    assert client.get(f"/en/cluster/events/{event.pk}/badge.pdf?member={theirs.pk}"
                      ).status_code == 404
    for path in ("cancel/", "feedback/"):
        response = client.post(f"/en/cluster/events/{event.pk}/{path}",
                               {"member": theirs.pk, "rating": "5"})
        assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


def test_a_cancelled_event_is_not_found(client, event):
    services.event_cancel(event=event)
    assert client.get(f"/en/cluster/events/{event.pk}/").status_code == 404
    assert Event.objects.get(pk=event.pk).ends_at > timezone.now()
