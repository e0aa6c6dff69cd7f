"""The participants' pages of a B2B event: a company asks another for a meeting, the other
accepts; profiles and blocked slots are saved; after publication each company downloads its
schedule. Others' pages and requests are not found; input that cannot be read gives 400 and
writes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cluster.matchmaking import services
from cluster.matchmaking.models import BlockedSlot, MatchProfile, MeetingRequest

pytestmark = pytest.mark.django_db


def _user(registration, name: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "x-Pass-2026")
    registration.member.users.add(user)
    return user


@pytest.fixture
def pair(companies):
    """The first two companies, each with a user of its own."""
    p, q = companies[:2]
    return (p, _user(p, "paola")), (q, _user(q, "quirino"))


def _page(event) -> str:
    return f"/en/cluster/b2b/{event.pk}/"


def test_a_company_asks_and_the_other_accepts(client, b2b_event, pair, mailoutbox):
    (p, p_user), (q, q_user) = pair
    slot = b2b_event.meeting_slots.first()
    client.force_login(p_user)
    response = client.get(_page(b2b_event))
    assert response.status_code == 200
    assert "Masseria Q" in response.content.decode()
    response = client.post(_page(b2b_event) + "requests/", {
        "to": q.pk, "message": "Olive oil for your tours?", "preferred_slots": [slot.pk]})
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    assert (request.from_registration, request.to_registration) == (p, q)
    assert list(request.preferred_slots.all()) == [slot]

    client.force_login(q_user)
    page = client.get(_page(b2b_event)).content.decode()
    assert "Olive oil for your tours?" in page
    response = client.post(_page(b2b_event) + f"requests/{request.pk}/answer/",
                           {"decision": "accept", "message": "Gladly"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.answer_message) == ("accepted", "Gladly")


def test_a_company_saves_its_profile_and_blocked_slots(client, b2b_event, pair):
    (p, p_user), _q = pair
    slots = list(b2b_event.meeting_slots.all())
    client.force_login(p_user)
    response = client.post(_page(b2b_event) + "profile/",
                           {"offers": "Olive oil", "looks_for": "Buyers"})
    assert response.status_code == 302
    assert MatchProfile.objects.get(registration=p).offers == "Olive oil"
    client.post(_page(b2b_event) + "blocked/", {"slots": [slots[0].pk, slots[1].pk]})
    client.post(_page(b2b_event) + "blocked/", {"slots": [slots[1].pk]})
    assert list(BlockedSlot.objects.values_list("slot", flat=True)) == [slots[1].pk]


def test_bad_input_gives_400_and_writes_nothing(client, b2b_event, pair):
    (p, p_user), (q, _q_user) = pair
    client.force_login(p_user)
    url = _page(b2b_event)
    assert client.post(url + "requests/", {"to": "nobody"}).status_code == 400
    assert client.post(url + "requests/", {"to": p.pk}).status_code == 400  # itself
    assert client.post(url + "requests/", {"to": q.pk,
                                           "preferred_slots": [999999]}).status_code == 400
    response = client.post(url + "blocked/", {"slots": ["x"]})
    assert response.status_code == 400
    assert client.post(url + "profile/", {"offers": "x" * 3000}).status_code == 400
    assert not MeetingRequest.objects.exists()
    assert not BlockedSlot.objects.exists() and not MatchProfile.objects.exists()
    client.post(url + "requests/", {"to": q.pk})
    response = client.post(url + "requests/", {"to": q.pk})  # twice
    assert response.status_code == 409
    assert "already have a meeting request" in response.content.decode()
    assert MeetingRequest.objects.count() == 1


def test_others_are_refused(client, b2b_event, companies, pair):
    (p, p_user), (q, q_user) = pair
    r = companies[2]
    outsider = get_user_model().objects.create_user("outsider", "o@example.com", "x-Pass-26")
    request = services.meeting_request_create(from_registration=p, to_registration=r)
    url = _page(b2b_event)
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url + "profile/", {"offers": "x"}).status_code == 404
    client.force_login(q_user)  # not the addressee
    response = client.post(url + f"requests/{request.pk}/answer/", {"decision": "accept"})
    assert response.status_code == 404
    client.force_login(p_user)  # the sender cannot answer its own request
    response = client.post(url + f"requests/{request.pk}/answer/", {"decision": "accept"})
    assert response.status_code == 404
    assert MeetingRequest.objects.get().status == "requested"
    assert client.get(url + "schedule.pdf").status_code == 404  # not published yet


def test_after_publication_a_company_downloads_its_schedule(client, b2b_event, pair):
    (p, p_user), (q, _q_user) = pair
    request = services.meeting_request_create(from_registration=p, to_registration=q)
    services.meeting_request_accept(request=request)
    services.schedule_run(event=b2b_event, time_limit_s=2)
    services.schedule_publish(event=b2b_event)
    client.force_login(p_user)
    page = client.get(_page(b2b_event)).content.decode()
    assert "My schedule" in page and "Masseria Q" in page
    response = client.get(_page(b2b_event) + "schedule.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
