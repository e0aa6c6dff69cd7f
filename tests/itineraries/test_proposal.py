"""The proposal: the client's view of an itinerary, in the client's language, with the gross
price only, locked when proposed, read in a fixed number of queries."""

from dataclasses import asdict
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from itineraries.models import Leg
from itineraries.selectors.costing import itinerary_costing
from itineraries.selectors.plan import itinerary_plan
from itineraries.selectors.proposal import (
    costing_snapshot,
    itinerary_proposal,
    snapshot_changed,
)
from itineraries.services.itineraries import itinerary_create
from itineraries.services.stops import stop_add_item, stop_add_slot
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.services.pages import page_translation_create
from marketplace.core.dates import LOCAL_TZ
from marketplace.operators.models import Operator

pytestmark = pytest.mark.django_db

BARI = (41.12066, 16.86982)
DURRES = (41.32306, 19.44139)
# Two adults (45.00) and a child (20.00) at the tasting, a dinner of 60.00, 15 % markup.
NET_CENTS, MARKUP_CENTS, GROSS_CENTS, PER_PERSON_CENTS = 17000, 2550, 19550, 6517


def local(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


def propose(itinerary, costing=None):
    """What the propose service does to the prices: lock them."""
    itinerary.price_snapshot = costing_snapshot(costing or itinerary_costing(itinerary))
    itinerary.proposed_at = timezone.now()
    itinerary.save(update_fields=["price_snapshot", "proposed_at"])
    return itinerary


@pytest.fixture
def salento(make_provider, make_experience, short_slot_horizon):
    """Two days: an oil tasting near Lecce and dinner in Bari, then by ferry to Durrës."""
    provider = make_provider(phone="+39 0832 000111", contact_name="Anna Rizzo")
    tasting_page = make_experience(provider=provider, photos=1)
    page_translation_create(
        page=tasting_page, language_code="en", title="Olive oil tasting in an underground mill",
        summary="A morning in the masseria's cave mill: harvest, milling and new oil on warm "
                "bread.", meeting_point="The masseria's gate")
    trip = itinerary_create(operator=None, title="Salento and Albania", day_count=3, adults=2,
                            child_ages=[8], markup_pct=Decimal("15"),
                            client_reference="Familie Vogel",
                            start_date=timezone.localdate() + timedelta(days=10))
    day1 = trip.start_date
    slot = Slot.objects.get(experience=tasting_page, starts_at=local(day1, 10))
    tasting = stop_add_slot(itinerary=trip, day_number=1, slot_id=slot.pk)
    dinner = stop_add_item(itinerary=trip, day_number=1, kind="meal",
                           title="Dinner in Bari vecchia", starts_at=local(day1, 18),
                           duration_min=60, cost_cents=6000, lat=BARI[0], lon=BARI[1],
                           place_name="Bari")
    harbour = stop_add_item(itinerary=trip, day_number=2, kind="transfer",
                            title="Durres harbour", starts_at=local(day1 + timedelta(days=1), 12),
                            duration_min=30, lat=DURRES[0], lon=DURRES[1], place_name="Durres")
    return {"trip": trip, "tasting": tasting, "dinner": dinner, "harbour": harbour,
            "page": tasting_page}


def test_the_proposal_reads_the_trip_in_the_clients_language(salento):
    salento["trip"].days.filter(number=2).update(title="Across the Adriatic")
    proposal = itinerary_proposal(salento["trip"], language="en")
    assert [d.number for d in proposal.days] == [1, 2, 3]
    assert proposal.days[0].date == salento["trip"].start_date
    day1 = proposal.days[0]
    assert [s.title for s in day1.stops] == ["Olive oil tasting in an underground mill",
                                             "Dinner in Bari vecchia"]
    tasting = day1.stops[0]
    assert tasting.description.startswith("A morning in the masseria's cave mill")
    assert tasting.place_name == "The masseria's gate"
    assert tasting.starts_at.tzinfo is not None and tasting.ends_at > tasting.starts_at
    assert tasting.photo_url and "fill-640x420" in tasting.photo_url
    assert tasting.kind_label == "Experience" and tasting.supplier is None
    assert (tasting.lat, tasting.lon) == (salento["page"].lat, salento["page"].lon)
    assert proposal.days[1].title == "Across the Adriatic" and proposal.days[2].stops == ()
    assert proposal.operator_name == "Innotourclust" and proposal.party_size == 3


def test_untranslated_languages_fall_back_to_the_experience(salento):
    proposal = itinerary_proposal(salento["trip"], language="sq")
    assert proposal.stops[0].title == "Degustazione di olio in frantoio"
    assert itinerary_proposal(salento["trip"], language="it").stops[0].place_name == (
        "Cancello della masseria")


def test_the_legs_come_between_the_stops_in_order(salento):
    proposal = itinerary_proposal(salento["trip"], language="en")
    stored = list(Leg.objects.filter(itinerary=salento["trip"]))
    assert len(proposal.legs) == len(stored) > 0
    dinner = proposal.days[0].stops[1]
    ferries = [leg for leg in dinner.legs_after if leg.kind == "ferry"]
    assert len(ferries) == 1
    ferry = ferries[0]
    assert ferry.sails_at is not None and ferry.depart_at <= ferry.sails_at < ferry.arrive_at
    assert ferry.duration_min > 5 * 60 and ferry.distance_km > 100
    assert ferry.from_name and ferry.to_name and ferry.kind_label == "Ferry"
    # The router names a route's ends "origin" and "destination": the client reads places.
    assert proposal.legs[0].from_name == "The masseria's gate"
    assert proposal.legs[-1].to_name == "Durres"
    assert not {"origin", "destination"} & {n for leg in proposal.legs
                                            for n in (leg.from_name, leg.to_name)}
    departures = [leg.depart_at for leg in proposal.legs]
    assert departures == sorted(departures)
    assert len({leg.uid for leg in proposal.legs}) == len(proposal.legs)


def test_the_operator_signs_the_proposal(salento):
    trip = salento["trip"]
    trip.operator = Operator.objects.create(name="Adriatica Reisen GmbH", country="DE",
                                            vat_number="DE123456789", email="a@example.com")
    trip.save(update_fields=["operator"])
    costing = itinerary_costing(trip)  # no contract: the stop is not priced, it says why
    assert itinerary_proposal(trip, language="en", costing=costing).operator_name == (
        "Adriatica Reisen GmbH")


def test_the_price_is_gross_and_nothing_says_net(salento):
    proposal = itinerary_proposal(salento["trip"], language="en")
    assert (proposal.gross_cents, proposal.gross_per_person_cents) == (GROSS_CENTS,
                                                                         PER_PERSON_CENTS)
    assert not proposal.prices_locked and proposal.priced_at is None
    fields = asdict(proposal)
    flat = repr(fields)
    assert str(NET_CENTS) not in flat and str(MARKUP_CENTS) not in flat
    assert not [key for key in _keys(fields) if "net" in key or "markup" in key]


def _keys(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _keys(item)


def test_contacts_only_when_asked(salento):
    hidden = itinerary_proposal(salento["trip"], language="en")
    assert all(stop.supplier is None for stop in hidden.stops)
    shown = itinerary_proposal(salento["trip"], language="en", show_contacts=True)
    supplier = shown.stops[0].supplier
    assert supplier.phone == "+39 0832 000111" and supplier.email.endswith("@example.com")
    assert supplier.name.startswith("Masseria Prova")
    assert shown.stops[1].supplier is None  # a free item has no supplier


def test_proposed_prices_stay_when_the_live_price_changes(salento):
    trip = propose(salento["trip"])
    assert trip.price_snapshot["stops"] == {str(salento["tasting"].pk): 11000,
                                            str(salento["dinner"].pk): 6000,
                                            str(salento["harbour"].pk): 0}
    assert trip.price_snapshot["net_by_day"] == {"1": NET_CENTS, "2": 0, "3": 0}
    assert not snapshot_changed(trip, itinerary_costing(trip))

    PriceOption.objects.filter(page=salento["page"], label="Adult").update(price_cents=5000)
    live = itinerary_costing(trip)
    assert live.gross_cents != GROSS_CENTS
    assert snapshot_changed(trip, live)
    proposal = itinerary_proposal(trip, language="en", costing=live)
    assert (proposal.gross_cents, proposal.gross_per_person_cents) == (GROSS_CENTS,
                                                                         PER_PERSON_CENTS)
    assert proposal.prices_locked and proposal.priced_at.tzinfo is not None


def test_a_stop_added_after_proposing_is_a_change(salento):
    trip = propose(salento["trip"])
    stop_add_item(itinerary=trip, day_number=3, kind="meal", title="Lunch",
                  starts_at=local(trip.start_date + timedelta(days=2), 13), duration_min=60,
                  cost_cents=0)
    assert snapshot_changed(trip, itinerary_costing(trip))


def test_nothing_proposed_nothing_changed(salento):
    assert not snapshot_changed(salento["trip"], itinerary_costing(salento["trip"]))


def _build(make_provider, make_experience, stops: int):
    """A proposed itinerary of ``stops`` experiences of different suppliers, two a day, half
    of them translated into English."""
    days = -(-stops // 2)
    trip = itinerary_create(operator=None, title=f"{stops} stops", day_count=days, adults=2,
                            start_date=timezone.localdate() + timedelta(days=5))
    for n in range(stops):
        page = make_experience(provider=make_provider(), photos=1)
        if n % 2:
            page_translation_create(page=page, language_code="en", title=f"Stop {n}")
        day = n // 2 + 1
        slot = Slot.objects.get(experience=page, starts_at=local(
            trip.start_date + timedelta(days=day - 1), 10 if n % 2 == 0 else 15))
        stop_add_slot(itinerary=trip, day_number=day, slot_id=slot.pk)
    return propose(trip)


def _queries(trip) -> int:
    with CaptureQueriesContext(connection) as queries:
        itinerary_proposal(trip, language="en", show_contacts=True)
    return len(queries)


def test_the_proposal_reads_a_fixed_number_of_queries(make_provider, make_experience,
                                                      short_slot_horizon):
    small = _build(make_provider, make_experience, 3)
    large = _build(make_provider, make_experience, 12)
    for trip in (small, large):  # renditions are made on first use, then read
        itinerary_proposal(trip, language="en")
    assert _queries(small) == _queries(large)
    assert len(itinerary_proposal(large, language="en").stops) == 12


def test_the_callers_plan_and_costing_are_not_read_again(salento):
    trip = salento["trip"]
    plan = itinerary_plan(trip)
    costing = itinerary_costing(trip, plan=plan)
    itinerary_proposal(trip, language="en", plan=plan, costing=costing)  # renditions made
    with CaptureQueriesContext(connection) as queries:
        itinerary_proposal(trip, language="en", plan=plan, costing=costing)
    sql = " ".join(q["sql"] for q in queries)
    assert "itineraries_stop" not in sql and "priceoption" not in sql.lower()

