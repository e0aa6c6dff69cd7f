"""The costing of an itinerary: the operator's prices (net rate, commission, an override),
the markup and the gross in cents, and a number of queries that does not grow with the
stops."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from itineraries.models import Itinerary
from itineraries.selectors.conflicts import itinerary_conflicts
from itineraries.selectors.costing import itinerary_costing, party_quantities
from itineraries.selectors.plan import itinerary_plan
from itineraries.services.itineraries import itinerary_create
from itineraries.services.stops import stop_add_item, stop_add_slot
from marketplace.bookings.selectors import booking_quote
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.pricing import PriceLine
from marketplace.core.choices import OperatorTerms
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import MarketplaceError
from marketplace.core.money import percent_of_cents
from marketplace.operators.services import contracts as contract_services
from marketplace.operators.services import operators as operator_services
from tests.marketplace.conftest import CHILD, INFANT, experience_text

pytestmark = pytest.mark.django_db

ADULT_NET = PriceLine(kind="per_person", label="Adult", price_cents=4500, age_min=18,
                      age_max=99, net_price_cents=3600)
CHILD_NET = PriceLine(kind="per_person", label="Child", price_cents=2000, age_min=6,
                      age_max=17, net_price_cents=1500)
ADULT = PriceLine(kind="per_person", label="Adult", price_cents=4500, age_min=18, age_max=99)


def _local(day, hour):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


@pytest.fixture
def operator():
    operator = operator_services.operator_signup(
        name="Adriatic Tours", country="DE", vat_number="814263597",
        email="owner@example.com", password="Blue-Adriatic-2026", contact_name="Katrin Vogel",
        notify=False)
    return operator_services.operator_approve(operator=operator, reviewer=None, notify=False)


@pytest.fixture
def experiences(operator, make_provider, make_experience, short_slot_horizon):
    """A supplier on a net-rate contract (one of its experiences overridden to 20 %
    commission), one on a 12.5 % commission contract, one without a contract."""
    today = timezone.localdate()
    net, commission, none = make_provider(), make_provider(), make_provider()
    net_contract = contract_services.contract_create(
        provider=net, operator=operator, valid_from=today, terms=OperatorTerms.NET_RATE)
    contract_services.contract_create(
        provider=commission, operator=operator, valid_from=today,
        terms=OperatorTerms.COMMISSION, commission_pct=Decimal("12.5"))
    found = {
        "net": make_experience(provider=net, photos=0, prices=(ADULT_NET, CHILD_NET, INFANT),
                               text=experience_text(title="Olive mill")),
        "override": make_experience(provider=net, photos=0, prices=(ADULT_NET, CHILD_NET,
                                                                    INFANT),
                                    text=experience_text(title="Pasta class")),
        "commission": make_experience(provider=commission, photos=0,
                                      prices=(ADULT, CHILD, INFANT),
                                      text=experience_text(title="Baroque Lecce")),
        "none": make_experience(provider=none, photos=0, prices=(ADULT, CHILD, INFANT),
                                text=experience_text(title="Cave church")),
    }
    contract_services.contract_override_set(
        contract=net_contract, experience=found["override"], terms=OperatorTerms.COMMISSION,
        commission_pct=20)
    return found


def _trip(operator, *, days: int, markup_pct=Decimal("0")) -> Itinerary:
    return itinerary_create(operator=operator, title="Salento", day_count=days, adults=2,
                            child_ages=[8], markup_pct=markup_pct,
                            start_date=timezone.localdate() + timedelta(days=10))


def _slot_stop(trip, number, experience, hour):
    day = trip.start_date + timedelta(days=number - 1)
    slot = Slot.objects.get(experience=experience, starts_at=_local(day, hour))
    return stop_add_slot(itinerary=trip, day_number=number, slot_id=slot.pk)


def _fill(trip, experiences, stops: int) -> None:
    """``stops`` stops, four a day: two experiences' slots, lunch and dinner."""
    pages = list(experiences.values())
    added = 0
    for number in range(1, trip.day_count + 1):
        day = trip.start_date + timedelta(days=number - 1)
        for k, hour in enumerate((10, 12, 15, 20)):
            if added == stops:
                return
            if hour in (10, 15):
                _slot_stop(trip, number, pages[(2 * number + k) % len(pages)], hour)
            else:
                stop_add_item(itinerary=trip, day_number=number, kind="meal",
                              title=f"Meal {added}", starts_at=_local(day, hour),
                              duration_min=60, cost_cents=2500)
            added += 1


def _read_queries(trip) -> int:
    """Queries of the builder's reads after a change: the plan, then conflicts and costing
    on it, from an itinerary row read afresh (nothing cached on it)."""
    trip = Itinerary.objects.get(pk=trip.pk)
    with CaptureQueriesContext(connection) as captured:
        plan = itinerary_plan(trip)
        itinerary_conflicts(trip, plan=plan)
        costing = itinerary_costing(trip, plan=plan)
    assert len(costing.stops) == sum(len(day.stops) for day in plan)
    return len(captured.captured_queries)


def test_the_queries_do_not_grow_with_the_stops(operator, experiences):
    small, large = _trip(operator, days=2), _trip(operator, days=10)
    _fill(small, experiences, 5)
    _fill(large, experiences, 40)
    assert _read_queries(small) == _read_queries(large)


def test_costing_at_the_operators_contracts_in_cents(operator, experiences):
    """Two adults and a child of 8. Net rate: 2 × 36.00 + 15.00 = 87.00. The override
    (20 % off retail): 2 × 36.00 + 16.00 = 88.00. Commission 12.5 %: 45.00 → 39.375, rounded
    half up to 39.38, 20.00 → 17.50: 2 × 39.38 + 17.50 = 96.26. A dinner at 60.00. No
    contract: not priced, with the reason. Net 331.26; 12.5 % markup 41.4075 → 41.41;
    gross 372.67; 124.23 a person (rounded up)."""
    trip = _trip(operator, days=2, markup_pct=Decimal("12.5"))
    net = _slot_stop(trip, 1, experiences["net"], 10)
    override = _slot_stop(trip, 1, experiences["override"], 15)
    commission = _slot_stop(trip, 2, experiences["commission"], 10)
    none = _slot_stop(trip, 2, experiences["none"], 15)
    dinner = stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner",
                           starts_at=_local(trip.start_date, 20), duration_min=90,
                           cost_cents=6000)
    costing = itinerary_costing(trip)
    assert costing.stops[net.pk].net_cents == 2 * 3600 + 1500
    assert costing.stops[override.pk].net_cents == 2 * 3600 + 1600
    assert costing.stops[commission.pk].net_cents == 2 * 3938 + 1750
    assert costing.stops[dinner.pk].net_cents == 6000
    assert costing.stops[none.pk].net_cents == 0
    assert "has no contract" in costing.stops[none.pk].reason
    assert costing.net_by_day == {1: 8700 + 8800 + 6000, 2: 9626}
    assert costing.net_cents == 33126
    assert costing.markup_cents == percent_of_cents(amount_cents=33126,
                                                    pct=Decimal("12.5")) == 4141
    assert costing.gross_cents == 37267
    assert costing.gross_per_person_cents == 12423  # 3 × 124.23 covers 372.67


def test_each_stop_is_priced_as_booking_quote_prices_it(operator, experiences):
    """All the stops priced at once give what ``booking_quote`` gives for each alone."""
    trip = _trip(operator, days=3)
    _fill(trip, experiences, 12)
    costing = itinerary_costing(trip)
    booked = [stop for day in itinerary_plan(trip) for stop in day.stops if stop.slot_id]
    assert booked
    for stop in booked:
        quantities = party_quantities(trip, list(stop.experience.price_options.all()))
        try:
            expected = booking_quote(slot_id=stop.slot_id, quantities=quantities,
                                     operator=operator).price_cents
        except MarketplaceError as exc:
            assert costing.stops[stop.pk].net_cents == 0
            assert costing.stops[stop.pk].reason == str(exc.message)
            continue
        assert costing.stops[stop.pk].net_cents == expected
