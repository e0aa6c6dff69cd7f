"""Booking an itinerary in one order: the bookings and quantities, all or nothing with
substitutes for a stop that cannot be booked, paying by card or on account, and what the
suppliers and the operator's statement then show."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from itineraries.models import Itinerary, Stop
from itineraries.selectors.substitutes import stop_substitutes
from itineraries.services.booking import itinerary_book
from itineraries.services.itineraries import InvalidItinerary, itinerary_create
from itineraries.services.stops import stop_add_item, stop_add_slot
from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import supplier_manifest
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.pricing import PriceLine
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import OperatorPermissionDenied
from marketplace.payments.models import AccountEntry, LedgerEntry
from marketplace.payments.selectors import operator_account_statement
from marketplace.payments.services.accounts import OnAccountNotAllowed
from tests.marketplace import conftest as marketplace_fixtures
from tests.marketplace.conftest import TIRANA

pytestmark = pytest.mark.django_db

make_operator = marketplace_fixtures.make_operator  # the marketplace's fixture, used here

NEAR_LECCE = (40.36, 18.19)  # a couple of km from the fixtures' Lecce


def _at(day, hour):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL_TZ)


def _slot(experience, day, hour=None) -> Slot:
    slots = Slot.objects.filter(experience=experience).order_by("starts_at")
    return next(s for s in slots if s.starts_at.astimezone(LOCAL_TZ).date() == day
                and (hour is None or s.starts_at.astimezone(LOCAL_TZ).hour == hour))


@pytest.fixture
def world(make_provider, make_experience, make_operator, short_slot_horizon):
    """Two days in Salento for 2 adults and a child of 8 in 2 rooms: an oil tasting and a
    night at a guesthouse on day 1, a cartapesta workshop and another night on day 2, and a
    dinner (a free item, not booked)."""
    farm = make_provider(legal_name="Masseria Uliveto")
    inn = make_provider(legal_name="Locanda del Borgo", sector_slugs=["hospitality"],
                        lat=NEAR_LECCE[0], lon=NEAR_LECCE[1])
    oil = make_experience(provider=farm, photos=0, capacity=4)
    craft = make_experience(provider=farm, photos=0, sector_slug="crafts",
                            prices=(PriceLine(kind="per_person", label="Everyone",
                                              price_cents=2500, age_min=0, age_max=99),))
    room = make_experience(provider=inn, photos=0, sector_slug="hospitality", is_lodging=True,
                           rooms=3, schedule_kind="nightly", weekly_rules=(),
                           lat=NEAR_LECCE[0], lon=NEAR_LECCE[1],
                           prices=(PriceLine(kind="per_night", label="Room",
                                             price_cents=6000),))
    operator = make_operator(contracts={farm: False, inn: False})
    owner = operator.members.get().user
    start = timezone.localdate() + timedelta(days=10)
    itinerary = itinerary_create(operator=operator, title="Salento slow", start_date=start,
                                 day_count=2, adults=2, child_ages=[8], rooms=2,
                                 client_reference="FAM-12", created_by=owner)
    day2 = start + timedelta(days=1)
    stops = {
        "oil": stop_add_slot(itinerary=itinerary, day_number=1,
                             slot_id=_slot(oil, start, 10).pk),
        "night1": stop_add_slot(itinerary=itinerary, day_number=1,
                                slot_id=_slot(room, start).pk),
        "craft": stop_add_slot(itinerary=itinerary, day_number=2,
                               slot_id=_slot(craft, day2, 15).pk),
        "night2": stop_add_slot(itinerary=itinerary, day_number=2,
                                slot_id=_slot(room, day2).pk),
    }
    stop_add_item(itinerary=itinerary, day_number=1, kind="meal", title="Dinner",
                  starts_at=_at(start, 20), duration_min=90, cost_cents=6000)
    return dict(itinerary=itinerary, operator=operator, owner=owner, farm=farm, inn=inn,
                oil=oil, craft=craft, room=room, stops=stops, start=start, day2=day2)


def test_booking_holds_one_order_with_a_booking_per_stop_and_night(world):
    """Commission terms of 10 %: the tasting 2 × 40.50 + 18.00, the workshop 3 × 22.50, each
    night 2 rooms × 54.00; the dinner is not booked."""
    itinerary, stops = world["itinerary"], world["stops"]
    result = itinerary_book(itinerary=itinerary, user=world["owner"], payment="card")
    assert result.booked and not result.failures
    order = result.order
    assert Order.objects.get() == order and order.status == Order.Status.OPEN
    assert order.operator == world["operator"] and order.user == world["owner"]
    assert order.email == world["operator"].email
    bookings = {b.slot_id: b for b in order.bookings.prefetch_related("lines")}
    assert set(bookings) == {stop.slot_id for stop in stops.values()}
    assert all(b.status == Booking.Status.HELD for b in bookings.values())
    tasting = bookings[stops["oil"].slot_id]
    assert tasting.places == 3 and tasting.price_cents == 2 * 4050 + 1800
    assert {(line.label, line.quantity) for line in tasting.lines.all()} == {("Adult", 2),
                                                                             ("Child", 1)}
    assert bookings[stops["craft"].slot_id].price_cents == 3 * 2250
    for night in ("night1", "night2"):
        booking = bookings[stops[night].slot_id]
        assert (booking.places, booking.price_cents) == (2, 2 * 5400)
    assert order.total_cents == 9900 + 6750 + 2 * 10800
    assert "Salento slow" in tasting.note and "FAM-12" in tasting.note
    assert Slot.objects.get(pk=stops["oil"].slot_id).held == 3
    itinerary.refresh_from_db()
    assert itinerary.status == Itinerary.Status.BOOKED and itinerary.order == order


def test_an_itinerary_already_booked_is_refused(world):
    itinerary_book(itinerary=world["itinerary"], user=world["owner"], payment="card")
    with pytest.raises(InvalidItinerary, match="already booked"):
        itinerary_book(itinerary=world["itinerary"], user=world["owner"], payment="card")
    assert Order.objects.count() == 1


def test_only_the_operators_members_book_it(world):
    stranger = get_user_model().objects.create_user("x@example.com", "x@example.com", "pw")
    with pytest.raises(OperatorPermissionDenied):
        itinerary_book(itinerary=world["itinerary"], user=stranger, payment="card")
    with pytest.raises(InvalidItinerary, match="card or on account"):
        itinerary_book(itinerary=world["itinerary"], user=world["owner"], payment="cash")
    assert not Order.objects.exists()


def test_a_full_stop_books_nothing_and_lists_substitutes(world, make_experience,
                                                         make_provider):
    """The tasting has 4 places and 2 are taken: the party of 3 does not fit. Nothing is
    held; the substitutes are slots of that day near it, of a similar sector, with room for
    three, from suppliers under contract: at most five, nearest first."""
    start, farm = world["start"], world["farm"]
    full = _slot(world["oil"], start, 10)
    Slot.objects.filter(pk=full.pk).update(booked=2)
    Slot.objects.filter(pk=_slot(world["oil"], start, 15).pk).update(booked=2)  # no room
    for n in range(3):  # 6 slots that day, all with room: only 5 come back
        make_experience(provider=farm, photos=0, lat=40.352 + n / 100, lon=18.172)
    tiny = make_experience(provider=farm, photos=0, capacity=2)  # too small for three
    no_contract = make_experience(photos=0)  # its supplier has no contract
    far = make_experience(provider=farm, photos=0, lat=TIRANA[0], lon=TIRANA[1])
    held_before = dict(Slot.objects.values_list("pk", "held"))

    result = itinerary_book(itinerary=world["itinerary"], user=world["owner"], payment="card")

    assert not result.booked and result.order is None
    assert not Order.objects.exists() and not Booking.objects.exists()
    assert dict(Slot.objects.values_list("pk", "held")) == held_before
    assert Itinerary.objects.get().status == Itinerary.Status.DRAFT
    [failure] = result.failures
    assert failure.stop == world["stops"]["oil"]
    assert "2 places left" in failure.reason and "needs 3" in failure.reason
    subs = failure.substitutes
    assert len(subs) == 5
    assert [s.distance_km for s in subs] == sorted(s.distance_km for s in subs)
    for sub in subs:
        assert sub.slot.starts_at.astimezone(LOCAL_TZ).date() == start
        assert sub.places_left >= 3 and sub.slot.pk != full.pk
        assert sub.slot.experience_id not in (world["oil"].pk, tiny.pk, no_contract.pk, far.pk)


def test_substitutes_take_a_constant_number_of_queries(world, make_experience):
    itinerary, stop = world["itinerary"], world["stops"]["oil"]
    stop = Stop.objects.get(pk=stop.pk)
    with CaptureQueriesContext(connection) as few:
        one = stop_substitutes(itinerary=itinerary, stop=stop)
    for n in range(4):
        make_experience(provider=world["farm"], photos=0, lat=40.353 + n / 100, lon=18.171)
    stop = Stop.objects.get(pk=stop.pk)
    with CaptureQueriesContext(connection) as many:
        more = stop_substitutes(itinerary=itinerary, stop=stop)
    assert len(more) == 5 > len(one)
    assert len(many) == len(few)


def test_substitutes_of_a_night_are_other_lodgings_with_the_rooms(world, make_experience):
    night = world["stops"]["night1"]
    other = make_experience(provider=world["inn"], photos=0, sector_slug="hospitality",
                            is_lodging=True, rooms=2, schedule_kind="nightly",
                            weekly_rules=(), prices=(PriceLine(kind="per_night", label="Room",
                                                               price_cents=5000),))
    make_experience(provider=world["inn"], photos=0, sector_slug="hospitality",
                    is_lodging=True, rooms=1, schedule_kind="nightly", weekly_rules=(),
                    prices=(PriceLine(kind="per_night", label="Room", price_cents=5000),))
    subs = stop_substitutes(itinerary=world["itinerary"], stop=night)
    assert [s.slot.experience_id for s in subs] == [other.pk]  # two rooms: the party's


def test_on_account_is_refused_without_the_contracts_flag(world):
    """The inn's contract allows it, the farm's does not: refused naming the farm, nothing
    written."""
    world["inn"].contracts.update(on_account=True)
    with pytest.raises(OnAccountNotAllowed) as excinfo:
        itinerary_book(itinerary=world["itinerary"], user=world["owner"], payment="account")
    assert "Masseria Uliveto" in excinfo.value.message
    assert "Locanda" not in excinfo.value.message and excinfo.value.status_code == 403
    assert not Order.objects.exists() and not AccountEntry.objects.exists()
    assert not Slot.objects.filter(held__gt=0).exists()
    assert Itinerary.objects.get().status == Itinerary.Status.DRAFT


def test_on_account_pays_the_order_as_a_card_sale_and_records_the_debt(world):
    world["farm"].contracts.update(on_account=True)
    world["inn"].contracts.update(on_account=True)
    result = itinerary_book(itinerary=world["itinerary"], user=world["owner"],
                            payment="account")
    order = Order.objects.get()
    assert result.order == order and order.status == Order.Status.PAID
    bookings = list(order.bookings.all())
    assert len(bookings) == 4
    assert all(b.status == Booking.Status.CONFIRMED for b in bookings)
    # The suppliers' ledger: a sale and a commission per booking, as for a card.
    for booking in bookings:
        kinds = set(LedgerEntry.objects.filter(booking=booking).values_list("kind", flat=True))
        assert kinds == {LedgerEntry.Kind.SALE, LedgerEntry.Kind.COMMISSION}
    # The operator owes the order's total.
    charges = AccountEntry.objects.filter(operator=world["operator"])
    assert charges.count() == 4
    assert sum(charges.values_list("amount_cents", flat=True)) == order.total_cents
    statement = operator_account_statement(operator=world["operator"],
                                           month=timezone.localdate())
    [group] = statement.orders
    assert group.order == order and len(group.lines) == 4
    assert statement.total_cents == statement.balance_cents == order.total_cents
    # Each supplier sees its bookings on its manifest of the day.
    farm_day1 = supplier_manifest(provider=world["farm"], day=world["start"])
    assert [b.slot_id for b in farm_day1] == [world["stops"]["oil"].slot_id]
    inn_day2 = supplier_manifest(provider=world["inn"], day=world["day2"])
    assert [b.slot_id for b in inn_day2] == [world["stops"]["night2"].slot_id]
    itinerary = Itinerary.objects.get()
    assert itinerary.status == Itinerary.Status.BOOKED and itinerary.order == order
