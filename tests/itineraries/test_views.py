"""The builder's screens and the client's proposal page, through the test client."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from itineraries.models import Itinerary, ShareLink, Stop
from itineraries.services.itineraries import itinerary_create
from itineraries.services.proposals import itinerary_propose, share_link_create
from itineraries.services.stops import stop_add_item, stop_add_slot
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.choices import OperatorTerms
from marketplace.core.dates import LOCAL_TZ
from marketplace.operators.services import contracts as contract_services
from marketplace.operators.services import operators as operator_services

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-phrase-42"
HTMX = {"HTTP_HX_REQUEST": "true"}


def _local(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def _operator(key: str, vat: str):
    operator = operator_services.operator_signup(
        name=f"Viaggi {key}", country="DE", vat_number=vat, email=f"owner-{key}@example.com",
        password=PASSWORD, contact_name=f"Owner {key}", notify=False)
    return operator_services.operator_approve(operator=operator, reviewer=None, notify=False)


@pytest.fixture
def operator_a():
    return _operator("a", "814263597")


@pytest.fixture
def operator_b():
    return _operator("b", "GB980780684")


@pytest.fixture
def client_a(client, operator_a):
    client.force_login(operator_a.members.get().user)
    return client


@pytest.fixture
def tasting(make_experience, operator_a, short_slot_horizon):
    """A tasting at 10:00 (2 h) with a net-rate contract for operator A."""
    experience = make_experience()
    contract_services.contract_create(
        provider=experience.get_parent().specific, operator=operator_a,
        terms=OperatorTerms.NET_RATE, valid_from=timezone.localdate() - timedelta(days=1))
    return experience


@pytest.fixture
def trip(operator_a):
    return itinerary_create(operator=operator_a, title="5 days from Bari", day_count=3,
                            start_date=timezone.localdate() + timedelta(days=20), adults=2,
                            child_ages=[8], markup_pct=Decimal("15"))


def _url(trip, suffix=""):
    return f"/it/operators/itineraries/{trip.pk}/{suffix}"


def test_an_operator_creates_an_itinerary_and_sees_its_days(client_a):
    start = timezone.localdate() + timedelta(days=30)
    response = client_a.post("/it/operators/itineraries/new/", {
        "title": "5 days from Bari", "start_date": start.isoformat(), "day_count": 5,
        "adults": 2, "child_ages": "8, 12", "rooms": 2, "markup_pct": "15"})
    itinerary = Itinerary.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{itinerary.pk}/")
    assert itinerary.child_ages == [8, 12] and itinerary.day_count == 5
    page = client_a.get(response["Location"]).content.decode()
    assert "Day 5" in page and "Nothing planned yet." in page


def test_a_bad_new_itinerary_answers_400_with_the_reason(client_a):
    response = client_a.post("/it/operators/itineraries/new/", {
        "title": "x", "start_date": "2027-06-01", "day_count": 40, "adults": 2,
        "child_ages": "8, 21", "rooms": 1, "markup_pct": "15"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write each child&#x27;s age from 0 to 17" in body
    assert not Itinerary.objects.exists()


def test_adding_a_slot_a_free_item_and_moving_by_keyboard(client_a, trip, tasting):
    day1 = trip.start_date
    slot = Slot.objects.get(experience=tasting, starts_at=_local(day1, 10))
    panel = client_a.get(_url(trip, "days/1/add/"), **HTMX)
    assert panel.status_code == 200 and f'data-slot="{slot.pk}"' in panel.content.decode()
    response = client_a.post(_url(trip, "days/1/add/"), {"slot_id": slot.pk}, **HTMX)
    assert response.status_code == 200 and tasting.title in response.content.decode()
    response = client_a.post(_url(trip, "days/1/items/"), {
        "kind": "meal", "title": "Lunch at the harbour", "time": "08:00", "duration_min": 60,
        "town": "Bari", "cost_eur": "45.50"}, **HTMX)
    assert response.status_code == 200
    lunch = Stop.objects.get(title="Lunch at the harbour")
    assert lunch.cost_cents == 4550 and lunch.place_name == "Bari"
    assert list(trip.days.get(number=1).stops.values_list("title", flat=True)) == [
        "Lunch at the harbour", tasting.title]
    client_a.post(_url(trip, f"stops/{lunch.pk}/move/"), {"direction": "down"}, **HTMX)
    assert list(trip.days.get(number=1).stops.values_list("title", flat=True)) == [
        tasting.title, "Lunch at the harbour"]
    response = client_a.post(_url(trip, f"stops/{lunch.pk}/move/"),
                             {"direction": "next-day"}, **HTMX)
    lunch.refresh_from_db()
    assert lunch.day.number == 2 and lunch.starts_at == _local(day1 + timedelta(days=1), 8)


def test_an_overlap_shows_in_words_and_dragging_to_another_day_fixes_it(client_a, trip,
                                                                        tasting,
                                                                        make_experience):
    other = make_experience(duration_min=120)
    day1 = trip.start_date
    stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=tasting, starts_at=_local(day1, 10)).pk)
    clash = stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=other, starts_at=_local(day1, 10)).pk)
    page = client_a.get(_url(trip)).content.decode()
    assert 'data-conflict="overlap"' in page and "before" in page
    response = client_a.post(_url(trip, f"stops/{clash.pk}/move/"), {"day": 2, "position": 0},
                             **HTMX)
    assert response.status_code == 200
    assert 'data-conflict="overlap"' not in response.content.decode()
    clash.refresh_from_db()
    assert clash.day.number == 2 and clash.slot.starts_at == _local(day1 + timedelta(days=1),
                                                                     10)


def test_a_bad_change_answers_400_in_the_builder_and_changes_nothing(client_a, trip):
    response = client_a.post(_url(trip, "days/1/items/"), {
        "kind": "meal", "title": "Dinner", "time": "25:00", "duration_min": 60,
        "town": "Atlantis", "cost_eur": "12.345"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 400
    assert "No town called “Atlantis”" in body and "Write the cost in euros" in body
    assert not Stop.objects.exists()
    response = client_a.post(_url(trip, "days/1/add/"), {"slot_id": "x"}, **HTMX)
    assert response.status_code == 400 and not Stop.objects.exists()
    assert client_a.post(_url(trip, "days/9/add/"), {"slot_id": 1}).status_code == 404


def test_the_markup_changes_the_gross_per_person(client_a, trip):
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner",
                  starts_at=_local(trip.start_date, 20), duration_min=90, cost_cents=30000)
    response = client_a.post(_url(trip, "settings/"), {
        "title": trip.title, "start_date": trip.start_date.isoformat(), "adults": 2,
        "child_ages": "8", "rooms": 1, "markup_pct": "20"})
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.markup_pct == Decimal("20")
    page = client_a.get(_url(trip)).content.decode()
    assert "€\xa0120,00" in page  # 300.00 + 20 % = 360.00 for three people (Italian)


def test_a_new_start_date_moves_the_stops_with_it(client_a, trip, tasting):
    day1 = trip.start_date
    stop = stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=tasting, starts_at=_local(day1, 10)).pk)
    later = day1 + timedelta(days=2)
    client_a.post(_url(trip, "settings/"), {
        "title": trip.title, "start_date": later.isoformat(), "adults": 2,
        "child_ages": "8", "rooms": 1, "markup_pct": "15"})
    stop.refresh_from_db()
    assert stop.starts_at == _local(later, 10) and stop.slot.starts_at == _local(later, 10)


def test_propose_locks_prices_and_the_share_link_shows_no_net_price(client_a, client, trip,
                                                                    tasting):
    stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=tasting, starts_at=_local(trip.start_date, 10)).pk)
    response = client_a.post(_url(trip, "propose/"), {"days": 14})
    assert response.status_code == 302
    trip.refresh_from_db()
    link = ShareLink.objects.get()
    assert trip.status == "proposed" and trip.price_snapshot is not None
    assert link.expires_at - timezone.now() > timedelta(days=13)
    client_a.logout()
    page = client.get(f"/it/proposals/{link.token}/")
    body = page.content.decode()
    assert page.status_code == 200 and tasting.title in body
    assert "per person" in body
    net = trip.price_snapshot["net_cents"]
    assert f"{net / 100:.2f}" not in body and "Net" not in body
    for suffix, kind in (("proposal.pdf", "application/pdf"), ("itinerary.ics", "text/calendar"),
                         ("route.gpx", "application/gpx+xml"),
                         ("route.geojson", "application/geo+json")):
        download = client.get(f"/it/proposals/{link.token}/{suffix}")
        assert download.status_code == 200 and download["Content-Type"].startswith(kind)


def test_an_expired_or_revoked_link_answers_404(client, trip):
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner",
                  starts_at=_local(trip.start_date, 20), duration_min=90, cost_cents=3000)
    itinerary_propose(itinerary=trip)
    expired = share_link_create(itinerary=trip, days=1,
                                now=timezone.now() - timedelta(days=2))
    revoked = share_link_create(itinerary=trip)
    revoked.revoked_at = timezone.now()
    revoked.save()
    for link in (expired, revoked):
        assert client.get(f"/it/proposals/{link.token}/").status_code == 404
        assert client.get(f"/it/proposals/{link.token}/proposal.pdf").status_code == 404
    assert client.get("/it/proposals/not-a-token/").status_code == 404


def test_the_client_accepts_and_the_operator_is_told(client, trip, operator_a,
                                                     django_capture_on_commit_callbacks):
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner",
                  starts_at=_local(trip.start_date, 20), duration_min=90, cost_cents=3000)
    itinerary_propose(itinerary=trip)
    link = share_link_create(itinerary=trip)
    assert client.post(f"/it/proposals/{link.token}/", {"name": " "}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/it/proposals/{link.token}/", {"name": "Anna Schmidt"})
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == "accepted" and trip.accepted_by_name == "Anna Schmidt"
    assert [m.to for m in mail.outbox] == [[operator_a.email]]
    assert "Anna Schmidt" in mail.outbox[0].subject
    assert client.post(f"/it/proposals/{link.token}/", {"name": "Again"}).status_code == 400


def test_operator_b_cannot_read_change_share_or_book_operator_as_itinerary(client, trip,
                                                                         operator_b):
    client.force_login(operator_b.members.get().user)
    for method, suffix in (("get", ""), ("post", "settings/"), ("post", "propose/"),
                           ("get", "book/"), ("post", "book/"), ("get", "proposal.pdf"),
                           ("post", "duplicate/")):
        assert getattr(client, method)(_url(trip, suffix)).status_code == 404, suffix
    assert Itinerary.objects.count() == 1 and not ShareLink.objects.exists()


def test_the_list_searches_and_duplicate_makes_a_draft_copy(client_a, trip):
    stop_add_item(itinerary=trip, day_number=2, kind="meal", title="Dinner",
                  starts_at=_local(trip.start_date + timedelta(days=1), 20), duration_min=90)
    itinerary_propose(itinerary=trip)
    response = client_a.post(_url(trip, "duplicate/"))
    copy = Itinerary.objects.exclude(pk=trip.pk).get()
    assert response.status_code == 302 and copy.status == "draft" and copy.proposed_at is None
    assert list(Stop.objects.filter(day__itinerary=copy).values_list("title", "day__number")
                ) == [("Dinner", 2)]
    page = client_a.get("/it/operators/itineraries/?q=copy").content.decode()
    assert "Copy of 5 days from Bari" in page and f"/{trip.pk}/" not in page
    page = client_a.get("/it/operators/itineraries/?status=proposed").content.decode()
    assert f"/{trip.pk}/" in page and f"/{copy.pk}/" not in page


def _stops(trip, count: int, experiences):
    for n in range(count):
        day = n % trip.day_count + 1
        date = trip.start_date + timedelta(days=day - 1)
        if n % 2:
            stop_add_item(itinerary=trip, day_number=day, kind="meal", title=f"Meal {n}",
                          starts_at=_local(date, 8 + n // trip.day_count), duration_min=30,
                          cost_cents=1000, lat=41.12066, lon=16.86982)
        else:
            experience = experiences[n % len(experiences)]
            slot = Slot.objects.get(experience=experience, starts_at=_local(date, 10))
            stop_add_slot(itinerary=trip, day_number=day, slot_id=slot.pk)


def test_the_builder_page_reads_as_many_queries_for_5_stops_as_for_40(
        client_a, operator_a, make_experience, short_slot_horizon, make_provider):
    experiences = [make_experience(photos=1) for _ in range(3)]
    counts = []
    for size in (5, 40):
        trip = itinerary_create(operator=operator_a, title=f"Trip {size}", day_count=10,
                                start_date=timezone.localdate() + timedelta(days=15))
        _stops(trip, size, experiences)
        client_a.get(_url(trip))  # warm caches (site, locale, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(_url(trip)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
