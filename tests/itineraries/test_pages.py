"""Curated sample trips for tourists: the page (days, stops, legs, route), the start dates that
work for a party, and "Book these" putting every stop of a date in the cart."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.models import HomePage
from itineraries.models import Leg
from itineraries.pages import ItineraryIndexPage, ItineraryPage
from itineraries.selectors.sample_trips import Party, sample_trip_availability
from itineraries.services.itineraries import itinerary_create
from itineraries.services.stops import stop_add_item, stop_add_slot
from marketplace.bookings.cart import SESSION_KEY
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.pricing import PriceLine
from marketplace.core.dates import LOCAL_TZ
from tests.marketplace.conftest import experience_text

pytestmark = pytest.mark.django_db

LECCE = (40.35148, 18.17180)
BARI = (41.12066, 16.86982)
DURRES = (41.32306, 19.44139)
PARTY = {"adults": "2", "children": "8", "rooms": "1"}


def _local(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def _slot(experience, day, hour):
    return Slot.objects.get(experience=experience, starts_at=_local(day, hour))


@pytest.fixture
def world(make_provider, make_experience, short_slot_horizon):
    """A curated three-day trip: an oil tasting in Lecce and a night in a masseria (day 1),
    dinner in Bari and the night ferry (day 2), a boat trip in Durrës (day 3)."""
    lecce = make_provider()
    oil = make_experience(provider=lecce, photos=1)
    room = make_experience(
        provider=lecce, photos=0, sector_slug="hospitality", is_lodging=True, rooms=3,
        schedule_kind="nightly", weekly_rules=(), text=experience_text(title="Camera in masseria"),
        prices=(PriceLine(kind="per_night", label="Room", price_cents=9000),))
    durres = make_provider(country="AL", vat_number="L01234567A", lat=DURRES[0],
                           lon=DURRES[1], town="Durrës")
    boat = make_experience(provider=durres, photos=1, lat=DURRES[0], lon=DURRES[1],
                           sector_slug="fishing-sea",
                           text=experience_text(title="Peshkim në gjirin e Durrësit"))
    start = timezone.localdate() + timedelta(days=10)
    trip = itinerary_create(operator=None, title="Puglia and Albania in three days",
                            start_date=start, day_count=3, adults=2, child_ages=[8])
    stop_add_slot(itinerary=trip, day_number=1, slot_id=_slot(oil, start, 10).pk)
    stop_add_slot(itinerary=trip, day_number=1, slot_id=_slot(room, start, 15).pk)
    stop_add_item(itinerary=trip, day_number=2, kind="meal", title="Dinner in Bari vecchia",
                  starts_at=_local(start + timedelta(days=1), 17), duration_min=60,
                  lat=BARI[0], lon=BARI[1])
    stop_add_slot(itinerary=trip, day_number=3,
                  slot_id=_slot(boat, start + timedelta(days=2), 15).pk)
    home = HomePage.objects.get(locale__language_code="it")
    index = ItineraryIndexPage(title="Viaggi di esempio", slug="viaggi")
    home.add_child(instance=index)
    index.save_revision().publish()
    page = ItineraryPage(title="Dal Salento a Durrës", slug="salento-durres", itinerary=trip,
                         intro="<p>Olio, mare e traghetto.</p>")
    index.add_child(instance=page)
    page.save_revision().publish()
    return {"trip": trip, "page": page, "index": index, "oil": oil, "room": room,
            "boat": boat, "start": start}


def _cart(client):
    return client.session.get(SESSION_KEY, [])


def test_the_page_shows_the_days_stops_legs_and_route(client, world):
    response = client.get(world["page"].url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Dal Salento a Durrës", "Olio, mare e traghetto", "Degustazione di olio",
                 "Camera in masseria", "Dinner in Bari vecchia", "Peshkim në gjirin",
                 'id="day-1"', 'id="day-3"', 'id="itinerary-map"', "Pick a start date"):
        assert text in html, text
    kinds = set(Leg.objects.filter(itinerary=world["trip"]).values_list("kind", flat=True))
    assert {"road", "ferry"} <= kinds
    assert "Traghetto" in html or "Ferry" in html  # the leg's kind, in the page's language
    assert re.search(r"\d+ h( \d+ min)?", html)  # the legs' durations
    assert html.count("<img") >= 2  # a photo of the tasting and of the boat trip
    route = json.loads(re.search(r'<script id="itinerary-route" type="application/json">(.*?)'
                                 r"</script>", html, re.S).group(1))
    stops = [f for f in route["features"] if f["properties"]["role"] == "stop"]
    legs = [f for f in route["features"] if f["properties"]["role"] == "leg"]
    assert [f["properties"]["number"] for f in stops] == [1, 2, 3, 4]
    assert stops[0]["geometry"]["coordinates"] == pytest.approx([LECCE[1], LECCE[0]], abs=1e-4)
    assert {f["properties"]["kind"] for f in legs} >= {"road", "ferry"}
    assert all(f["geometry"]["type"] == "LineString" for f in legs)


def test_the_index_lists_the_sample_trips(client, world):
    html = client.get(world["index"].url).content.decode()
    assert world["page"].url in html and ("3 giorni" in html or "3 days" in html)


def test_the_dates_that_work_have_room_at_every_stop(world):
    party = Party(adults=2, child_ages=(8,), rooms=1)
    dates = sample_trip_availability(itinerary=world["trip"], party=party).dates
    start = world["start"]
    assert start in dates and start + timedelta(days=1) in dates
    # The tasting's 10:00 start full: the 15:00 one of that day takes its place.
    Slot.objects.filter(pk=_slot(world["oil"], start, 10).pk).update(booked=9)
    check = sample_trip_availability(itinerary=world["trip"], party=party, start=start).check
    assert check.works
    assert check.stops[0].slot_id == _slot(world["oil"], start, 15).pk
    assert check.stops[0].quantities == {
        PriceOption.objects.get(page=world["oil"], label="Adult").pk: 2,
        PriceOption.objects.get(page=world["oil"], label="Child").pk: 1}
    # Both starts of the boat trip on day 3 full: that start date no longer works.
    day3 = start + timedelta(days=2)
    Slot.objects.filter(experience=world["boat"], starts_at__date=day3).update(booked=8)
    availability = sample_trip_availability(itinerary=world["trip"], party=party, start=start)
    assert start not in availability.dates and start + timedelta(days=1) in availability.dates
    assert not availability.check.works
    assert "2 places left" in availability.check.stops[-1].reason
    # Two people fit: the date works again for them.
    pair = sample_trip_availability(itinerary=world["trip"], party=Party(adults=2))
    assert start in pair.dates


def test_the_dates_are_found_in_a_constant_number_of_queries(world):
    party = Party(adults=2, child_ages=(8,))
    counts = []
    for days in (5, 60):
        with CaptureQueriesContext(connection) as queries:
            sample_trip_availability(itinerary=world["trip"], party=party, window_days=days,
                                     start=world["start"] + timedelta(days=90))
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4


def test_a_party_that_does_not_fit_an_experience_gets_no_date(client, world):
    availability = sample_trip_availability(itinerary=world["trip"], party=Party(adults=11))
    assert availability.dates == []
    assert any("at most 10 participants" in e for e in availability.party_errors)


def test_picking_a_date_shows_each_stop_and_book_these(client, world):
    start = world["start"]
    html = client.get(world["page"].url, {**PARTY, "start": start.isoformat()}).content.decode()
    assert "Book these" in html and 'name="start" value="' + start.isoformat() in html
    assert client.get(world["page"].url, {**PARTY, "adults": "x"}).status_code == 400


def test_book_these_puts_every_stop_in_the_cart(client, world):
    start = world["start"]
    response = client.post(world["page"].url, {**PARTY, "start": start.isoformat()})
    assert response.status_code == 302 and response["Location"] == "/it/cart/"
    adult = PriceOption.objects.get(page=world["oil"], label="Adult").pk
    child = PriceOption.objects.get(page=world["oil"], label="Child").pk
    boat_adult = PriceOption.objects.get(page=world["boat"], label="Adult").pk
    boat_child = PriceOption.objects.get(page=world["boat"], label="Child").pk
    room = PriceOption.objects.get(page=world["room"]).pk
    lines = {line["slot_id"]: line["quantities"] for line in _cart(client)}
    assert lines == {
        _slot(world["oil"], start, 10).pk: {str(adult): 2, str(child): 1},
        _slot(world["room"], start, 15).pk: {str(room): 1},
        _slot(world["boat"], start + timedelta(days=2), 15).pk: {str(boat_adult): 2,
                                                                  str(boat_child): 1},
    }
    cart = client.get("/it/cart/")
    assert cart.status_code == 200
    html = cart.content.decode()
    for title in ("Degustazione di olio", "Camera in masseria", "Peshkim në gjirin"):
        assert title in html
    assert "form__error" not in html  # every line priced


@pytest.mark.parametrize("change, message", [
    ({"start": ""}, "Choose a start date."),
    ({"start": "not a date"}, "Give the start date as a date"),
    ({"adults": "11"}, "at most 10 participants"),
    ({"adults": "61"}, "from 1 to 60 people"),
    ({"children": "4, 30"}, "from 0 to 17"),
])
def test_bad_input_answers_400_and_adds_nothing(client, world, change, message):
    data = {**PARTY, "start": world["start"].isoformat(), **change}
    response = client.post(world["page"].url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _cart(client) == []


def test_a_date_that_does_not_work_answers_400_and_adds_nothing(client, world):
    start = world["start"]
    Slot.objects.filter(experience=world["boat"],
                        starts_at__date=start + timedelta(days=2)).update(booked=10)
    response = client.post(world["page"].url, {**PARTY, "start": start.isoformat()})
    assert response.status_code == 400
    assert "has 0 places left on" in response.content.decode()
    assert _cart(client) == []
    past = timezone.localdate() - timedelta(days=3)
    response = client.post(world["page"].url, {**PARTY, "start": past.isoformat()})
    assert response.status_code == 400 and _cart(client) == []


def test_the_editor_offers_only_the_clusters_own_itineraries(world):
    from marketplace.operators.models import Operator

    operator = Operator.objects.create(name="Viaggi Srl", country="DE", vat_number="DE1",
                                       email="ops@example.com")
    theirs = itinerary_create(operator=operator, title="An operator's trip",
                              start_date=world["start"], day_count=2)
    form_class = ItineraryPage.get_edit_handler().get_form_class()
    form = form_class(instance=ItineraryPage(), parent_page=world["index"])
    choices = form.fields["itinerary"].queryset
    assert world["trip"] in choices and theirs not in choices
