"""The itinerary's core: days and stops, legs by ``geo.route``, costing and conflicts."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from itineraries.models import Itinerary, ItineraryDay, Leg
from itineraries.selectors.conflicts import itinerary_conflicts
from itineraries.selectors.costing import itinerary_costing, party_quantities
from itineraries.selectors.plan import itinerary_plan
from itineraries.services.itineraries import InvalidItinerary, itinerary_create
from itineraries.services.stops import stop_add_item, stop_add_slot, stop_move, stop_remove
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.dates import LOCAL_TZ

pytestmark = pytest.mark.django_db

BARI = (41.12066, 16.86982)
DURRES = (41.32306, 19.44139)


def _local(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)


@pytest.fixture
def trip():
    start = timezone.localdate() + timedelta(days=20)
    return itinerary_create(operator=None, title="5 days from Bari", start_date=start,
                            day_count=5, adults=2, child_ages=[8])


def test_an_itinerary_is_created_with_its_days(trip):
    assert list(trip.days.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert trip.status == Itinerary.Status.DRAFT and trip.party_size == 3


@pytest.mark.parametrize("fields, message", [
    ({"title": " "}, "title"),
    ({"day_count": 0}, "from 1 to 30 days"),
    ({"day_count": 31}, "from 1 to 30 days"),
    ({"child_ages": [19]}, "age"),
    ({"markup_pct": Decimal("-1")}, "markup"),
])
def test_a_bad_itinerary_is_refused_whole(fields, message):
    args = dict(operator=None, title="Trip", start_date=timezone.localdate(), day_count=3)
    with pytest.raises(InvalidItinerary) as excinfo:
        itinerary_create(**{**args, **fields})
    assert message in excinfo.value.message
    assert not Itinerary.objects.exists() and not ItineraryDay.objects.exists()


def test_the_ferry_leg_takes_the_real_sailing_of_that_date(trip):
    """From Bari in the evening of day 1 to Durrës at noon of day 2: the route crosses the
    Adriatic on a sailing of that evening, with its departure and the wait for it."""
    day1 = trip.start_date
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner in Bari vecchia",
                  starts_at=_local(day1, 17), duration_min=60, lat=BARI[0], lon=BARI[1])
    stop_add_item(itinerary=trip, day_number=2, kind="transfer", title="Durrës harbour",
                  starts_at=_local(day1 + timedelta(days=1), 12), duration_min=30,
                  lat=DURRES[0], lon=DURRES[1])
    legs = list(Leg.objects.filter(itinerary=trip).order_by("position"))
    ferries = [leg for leg in legs if leg.kind == Leg.Kind.FERRY]
    assert len(ferries) == 1, [leg.kind for leg in legs]
    ferry = ferries[0]
    assert ferry.sails_at is not None and ferry.sails_at >= _local(day1, 18)
    assert ferry.depart_at + timedelta(minutes=ferry.wait_min) == ferry.sails_at
    assert ferry.duration_min > 5 * 60  # an overnight crossing, hours at sea
    assert not [c for c in itinerary_conflicts(trip) if c.code in ("travel", "no-route")]


def test_stops_of_a_day_keep_time_order_and_move(trip, make_experience, short_slot_horizon):
    experience = make_experience()
    day = trip.start_date + timedelta(days=1)
    morning = Slot.objects.get(experience=experience, starts_at=_local(day, 10))
    afternoon = Slot.objects.get(experience=experience, starts_at=_local(day, 15))
    late = stop_add_slot(itinerary=trip, day_number=2, slot_id=afternoon.pk)
    early = stop_add_slot(itinerary=trip, day_number=2, slot_id=morning.pk)
    assert [s.pk for s in itinerary_plan(trip)[1].stops] == [early.pk, late.pk]
    stop_move(stop=late, position=0)
    assert [s.pk for s in itinerary_plan(trip)[1].stops] == [late.pk, early.pk]
    stop_remove(stop=late)
    assert [s.pk for s in itinerary_plan(trip)[1].stops] == [early.pk]


def test_a_slot_on_another_day_is_refused(trip, make_experience, short_slot_horizon):
    experience = make_experience()
    slot = Slot.objects.get(experience=experience,
                            starts_at=_local(trip.start_date + timedelta(days=2), 10))
    with pytest.raises(InvalidItinerary, match="not on day 1"):
        stop_add_slot(itinerary=trip, day_number=1, slot_id=slot.pk)


def test_overlapping_stops_are_a_conflict_until_one_moves_away(trip, make_experience,
                                                               short_slot_horizon):
    experience = make_experience(duration_min=300)  # 10:00 to 15:00, then 15:00
    other = make_experience(duration_min=120)
    day = trip.start_date
    stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=experience, starts_at=_local(day, 10)).pk)
    clash = stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=other, starts_at=_local(day, 10)).pk)
    overlaps = [c for c in itinerary_conflicts(trip) if c.code == "overlap"]
    assert len(overlaps) == 1 and "before" in overlaps[0].message
    stop_remove(stop=clash)
    stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=other, starts_at=_local(day, 15)).pk)
    assert not [c for c in itinerary_conflicts(trip) if c.code == "overlap"]


def test_a_full_slot_and_a_night_without_lodging_are_conflicts(trip, make_experience,
                                                               short_slot_horizon):
    experience = make_experience(capacity=2)
    slot = Slot.objects.get(experience=experience, starts_at=_local(trip.start_date, 10))
    stop_add_slot(itinerary=trip, day_number=1, slot_id=slot.pk)
    codes = {c.code: c.message for c in itinerary_conflicts(trip)}
    assert "2 places left" in codes["full"] and "party is 3" in codes["full"]
    assert codes["no-lodging"] == "The night after day 1 has no lodging."


def test_costing_prices_the_party_and_adds_the_markup(make_experience, short_slot_horizon):
    """Two adults (45.00) and a child of 8 (20.00) at retail (no operator: the cluster's
    trip), a dinner of 60.00, 15 % markup: 170.00 net, 25.50 markup, 195.50 gross, 65.17
    a person (rounded up: three people pay at least the total)."""
    trip = itinerary_create(operator=None, title="Salento", day_count=2, adults=2,
                            child_ages=[8], markup_pct=Decimal("15"),
                            start_date=timezone.localdate() + timedelta(days=10))
    experience = make_experience()
    slot = Slot.objects.get(experience=experience, starts_at=_local(trip.start_date, 10))
    tasting = stop_add_slot(itinerary=trip, day_number=1, slot_id=slot.pk)
    dinner = stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner",
                           starts_at=_local(trip.start_date, 20), duration_min=90,
                           cost_cents=6000)
    costing = itinerary_costing(trip)
    assert costing.stops[tasting.pk].net_cents == 2 * 4500 + 2000
    assert costing.stops[dinner.pk].net_cents == 6000
    assert (costing.net_cents, costing.markup_cents, costing.gross_cents) == (17000, 2550,
                                                                              19550)
    assert costing.gross_per_person_cents == 6517
    assert costing.net_by_day == {1: 17000, 2: 0}


def test_the_party_fills_the_price_bands(make_experience, short_slot_horizon):
    trip = itinerary_create(operator=None, title="Family", day_count=1, adults=2,
                            child_ages=[3, 8, 17], start_date=timezone.localdate())
    options = {o.label: o for o in make_experience().price_options.all()}
    assert party_quantities(trip, list(options.values())) == {
        options["Adult"].pk: 2, options["Child"].pk: 2, options["Infant"].pk: 1}


def test_a_change_reroutes_only_the_pairs_it_touches(trip):
    """Legs of pairs that did not change are kept (same rows); a moved stop's pairs are
    routed again and the legs of pairs no longer consecutive go."""
    day1, day2 = trip.start_date, trip.start_date + timedelta(days=1)
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Lunch in Lecce",
                  starts_at=_local(day1, 12), duration_min=60, lat=40.35148, lon=18.17180)
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner in Bari",
                  starts_at=_local(day1, 19), duration_min=60, lat=BARI[0], lon=BARI[1])
    ostuni = stop_add_item(itinerary=trip, day_number=2, kind="transfer", title="Ostuni",
                           starts_at=_local(day2, 10), duration_min=60, lat=40.72923,
                           lon=17.57734)
    stop_add_item(itinerary=trip, day_number=2, kind="transfer", title="Alberobello",
                  starts_at=_local(day2, 14), duration_min=60, lat=40.78405, lon=17.23789)
    day1_legs = set(Leg.objects.filter(from_stop__day__number=1, to_stop__day__number=1)
                    .values_list("pk", flat=True))
    assert day1_legs
    stop_move(stop=ostuni, position=1)  # Alberobello, then Ostuni
    assert day1_legs <= set(Leg.objects.values_list("pk", flat=True))
    pairs = set(Leg.objects.values_list("from_stop__title", "to_stop__title"))
    assert pairs == {("Lunch in Lecce", "Dinner in Bari"), ("Dinner in Bari", "Alberobello"),
                     ("Alberobello", "Ostuni")}


def test_a_stop_left_on_another_date_is_closed_that_day(trip, make_experience,
                                                        short_slot_horizon):
    """A new start date moves each experience to its slot on the new date; when it has none
    (here: beyond its 60 days of slots) the stop stays and the day says it is closed."""
    from itineraries.services.itineraries import itinerary_update

    experience = make_experience()
    stop_add_slot(itinerary=trip, day_number=1, slot_id=Slot.objects.get(
        experience=experience, starts_at=_local(trip.start_date, 10)).pk)
    later = trip.start_date + timedelta(days=90)
    itinerary_update(itinerary=trip, title=trip.title, start_date=later, adults=2,
                     child_ages=[8], rooms=1, markup_pct=Decimal("0"))
    closed = [c for c in itinerary_conflicts(trip) if c.code == "closed"]
    assert len(closed) == 1 and "closed that day" in closed[0].message


def test_a_missed_sailing_is_said_with_the_ferry_and_what_to_change():
    from itineraries.models import Stop
    from itineraries.selectors.conflicts import _no_sailing

    day = timezone.localdate().replace(month=12, day=10)
    bari = Stop(title="Dinner in Bari", lat=BARI[0], lon=BARI[1], starts_at=_local(day, 20),
                ends_at=_local(day, 23, 30))
    bar = Stop(title="Old Bar", lat=42.0937, lon=19.09841, starts_at=_local(day, 23, 45),
               ends_at=_local(day, 23, 50))
    reason = _no_sailing(bari, bar)
    assert "Bari–Bar" in reason
    assert "December" in reason or "leave at" in reason


TERMOLI = (41.99994, 14.99389)
LECCE = (40.35148, 18.17180)


def test_too_little_time_to_travel_and_too_much_driving_are_conflicts(trip):
    """Lecce until 12:00, Termoli (Molise, about four hours by road) at 13:00: too little
    time; there and back in one day is more than six hours at the wheel."""
    day = trip.start_date
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Lunch in Lecce",
                  starts_at=_local(day, 11), duration_min=60, lat=LECCE[0], lon=LECCE[1])
    stop_add_item(itinerary=trip, day_number=1, kind="transfer", title="Termoli harbour",
                  starts_at=_local(day, 13), duration_min=30, lat=TERMOLI[0], lon=TERMOLI[1])
    codes = {c.code: c.message for c in itinerary_conflicts(trip)}
    assert "Too little time to travel from Lunch in Lecce to Termoli harbour" in codes["travel"]
    assert "driving" not in codes
    stop_add_item(itinerary=trip, day_number=1, kind="meal", title="Dinner in Lecce",
                  starts_at=_local(day, 23), duration_min=30, lat=LECCE[0], lon=LECCE[1])
    codes = {c.code: c.message for c in itinerary_conflicts(trip)}
    assert "hours of driving, more than 6" in codes["driving"]


def test_a_passed_cutoff_is_a_conflict_and_a_fitting_day_has_none(make_experience,
                                                                  short_slot_horizon):
    today = timezone.localdate()
    trip = itinerary_create(operator=None, title="Today", start_date=today, day_count=1)
    experience = make_experience(cutoff_hours=24 * 3)
    tomorrow = today + timedelta(days=1)
    late = itinerary_create(operator=None, title="Tomorrow", start_date=tomorrow, day_count=1)
    stop_add_slot(itinerary=late, day_number=1, slot_id=Slot.objects.get(
        experience=experience, starts_at=_local(tomorrow, 15)).pk)
    codes = {c.code: c.message for c in itinerary_conflicts(late)}
    assert "can no longer be booked" in codes["cutoff"] and "72 hours" in codes["cutoff"]
    fits = make_experience(cutoff_hours=0)
    later = today + timedelta(days=5)
    fine = itinerary_create(operator=None, title="Fine", start_date=later, day_count=1)
    stop_add_slot(itinerary=fine, day_number=1, slot_id=Slot.objects.get(
        experience=fits, starts_at=_local(later, 10)).pk)
    stop_add_item(itinerary=fine, day_number=1, kind="meal", title="Dinner",
                  starts_at=_local(later, 20), duration_min=60, lat=LECCE[0], lon=LECCE[1])
    assert itinerary_conflicts(fine) == [] and trip.days.count() == 1
