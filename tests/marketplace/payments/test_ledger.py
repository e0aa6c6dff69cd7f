"""The ledger: sale and commission per booking, refunds with the commission given back,
commission rates by contract, sector and default, balances and statements."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import translation

from marketplace.bookings.models import Booking
from marketplace.core.dates import LOCAL_TZ
from marketplace.operators.models import CommissionRate, Contract, Operator
from marketplace.payments.documents import statement_csv, statement_pdf, supplier_statement
from marketplace.payments.models import LedgerEntry
from marketplace.payments.selectors import booking_commission_pct, supplier_balance
from marketplace.payments.services.ledger import (
    LedgerError,
    commission_cents,
    commission_rate_set,
    ledger_refund_record,
    ledger_sale_record,
)
from tests.factories.bookings import booking_factory, order_factory, slot_factory

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=LOCAL_TZ)
Kind = LedgerEntry.Kind


@pytest.fixture
def oil(make_experience):
    return make_experience(photos=1)  # sector food-wine, provider in Lecce


def ended_slot(experience, days_ago=5):
    return slot_factory(experience=experience,
                        starts_at=NOW - timedelta(days=days_ago, hours=3))


def amounts(booking):
    return {kind: total for kind, total in
            LedgerEntry.objects.filter(booking=booking).values_list("kind")
            .annotate(total=Sum("amount_cents")).order_by()}


def leg_sum(booking):
    return LedgerEntry.objects.filter(booking=booking).aggregate(s=Sum("amount_cents"))["s"]


def test_sale_records_sale_and_default_commission_once(oil, settings):
    settings.CLUSTER_COMMISSION_PCT = Decimal("12")
    booking = booking_factory(slot=ended_slot(oil), price_cents=9000)
    entries = ledger_sale_record(booking=booking, now=NOW)
    assert [(e.kind, e.amount_cents) for e in entries] == [(Kind.SALE, 9000),
                                                          (Kind.COMMISSION, -1080)]
    assert {e.provider_id for e in entries} == {booking.provider_id}
    assert {e.order_id for e in entries} == {booking.order_id}
    assert ledger_sale_record(booking=booking, now=NOW) == []
    assert LedgerEntry.objects.filter(booking=booking).count() == 2
    assert leg_sum(booking) == 7920


def test_commission_rounds_half_up():
    assert commission_cents(price_cents=1005, pct=Decimal("10")) == 101  # 100.5
    assert commission_cents(price_cents=1004, pct=Decimal("10")) == 100  # 100.4
    assert commission_cents(price_cents=999, pct=Decimal("12.5")) == 125  # 124.875
    assert commission_cents(price_cents=0, pct=Decimal("12")) == 0


def test_commission_rate_order_contract_sector_default(oil, make_experience, settings):
    settings.CLUSTER_COMMISSION_PCT = Decimal("12")
    craft = make_experience(photos=1, sector_slug="crafts")
    oil_leg = booking_factory(slot=ended_slot(oil))
    craft_leg = booking_factory(slot=ended_slot(craft))
    assert booking_commission_pct(booking=oil_leg) == Decimal("12")  # settings

    commission_rate_set(sector_slug="", pct=Decimal("9"))
    assert booking_commission_pct(booking=craft_leg) == Decimal("9")  # default row

    commission_rate_set(sector_slug="food-wine", pct=Decimal("15.5"))
    assert booking_commission_pct(booking=oil_leg) == Decimal("15.5")  # sector
    assert booking_commission_pct(booking=craft_leg) == Decimal("9")

    operator = Operator.objects.create(name="Viaggi Srl", country="DE", vat_number="DE1",
                                       email="ops@example.com", status="approved")
    contract = Contract.objects.create(provider=oil_leg.provider, operator=operator,
                                       valid_from=date(2026, 1, 1),
                                       cluster_commission_pct=Decimal("5"))
    contract_leg = booking_factory(slot=ended_slot(oil, days_ago=4), contract=contract,
                                   price_cents=8000)
    assert booking_commission_pct(booking=contract_leg) == Decimal("5")  # contract
    ledger_sale_record(booking=contract_leg, now=NOW)
    assert amounts(contract_leg)[Kind.COMMISSION] == -400

    # A contract without its own rate leaves the sector's.
    contract.cluster_commission_pct = None
    contract.save()
    contract_leg.refresh_from_db()
    assert booking_commission_pct(booking=contract_leg) == Decimal("15.5")


def test_commission_rate_set_refuses_bad_input(db):
    with pytest.raises(LedgerError):
        commission_rate_set(sector_slug="", pct=Decimal("101"))
    with pytest.raises(LedgerError):
        commission_rate_set(sector_slug="casinos", pct=Decimal("10"))
    commission_rate_set(sector_slug="wellness", pct=Decimal("15"))
    commission_rate_set(sector_slug="wellness", pct=Decimal("14"))
    assert CommissionRate.objects.get(sector_slug="wellness").pct == Decimal("14")


def test_partial_then_full_refund_brings_the_leg_to_zero(oil, settings):
    settings.CLUSTER_COMMISSION_PCT = Decimal("12")
    booking = booking_factory(slot=ended_slot(oil), price_cents=9000)
    ledger_sale_record(booking=booking, now=NOW)
    entries = ledger_refund_record(booking=booking, amount_cents=4500, now=NOW)
    assert [(e.kind, e.amount_cents) for e in entries] == [(Kind.REFUND, -4500),
                                                          (Kind.COMMISSION_REFUND, 540)]
    assert leg_sum(booking) == 3960  # the supplier keeps half the sale, less half the commission
    ledger_refund_record(booking=booking, amount_cents=4500, now=NOW)
    assert leg_sum(booking) == 0
    assert amounts(booking) == {Kind.SALE: 9000, Kind.COMMISSION: -1080,
                                Kind.REFUND: -9000, Kind.COMMISSION_REFUND: 1080}


def test_odd_partial_refunds_return_exactly_the_commission(oil, settings):
    settings.CLUSTER_COMMISSION_PCT = Decimal("12")
    booking = booking_factory(slot=ended_slot(oil), price_cents=1001)
    ledger_sale_record(booking=booking, now=NOW)  # commission 120.12 → 120
    for amount in (333, 333, 335):
        ledger_refund_record(booking=booking, amount_cents=amount, now=NOW)
    assert amounts(booking)[Kind.COMMISSION_REFUND] == 120
    assert leg_sum(booking) == 0


def test_refund_refusals(oil):
    booking = booking_factory(slot=ended_slot(oil), price_cents=5000)
    with pytest.raises(LedgerError, match="no recorded sale"):
        ledger_refund_record(booking=booking, amount_cents=100)
    ledger_sale_record(booking=booking, now=NOW)
    ledger_refund_record(booking=booking, amount_cents=4000, now=NOW)
    with pytest.raises(LedgerError, match="exceed"):
        ledger_refund_record(booking=booking, amount_cents=1001, now=NOW)
    with pytest.raises(LedgerError):
        ledger_refund_record(booking=booking, amount_cents=0, now=NOW)
    assert LedgerEntry.objects.filter(booking=booking).count() == 4  # nothing half-written


def test_a_leg_not_in_euros_is_refused(oil):
    booking = booking_factory(slot=ended_slot(oil), currency="ALL", price_cents=500000)
    with pytest.raises(LedgerError, match="euros"):
        ledger_sale_record(booking=booking, now=NOW)
    assert not LedgerEntry.objects.filter(booking=booking).exists()


def test_balance_separates_ended_legs_from_upcoming_ones(oil, settings):
    settings.CLUSTER_COMMISSION_PCT = Decimal("10")
    past = booking_factory(slot=ended_slot(oil), price_cents=10000)
    upcoming = booking_factory(slot=slot_factory(experience=oil,
                                                 starts_at=NOW + timedelta(days=3)),
                               price_cents=5000)
    requested = booking_factory(slot=ended_slot(oil, days_ago=2), price_cents=3000,
                                status=Booking.Status.REQUESTED)
    for booking in (past, upcoming, requested):
        ledger_sale_record(booking=booking, now=NOW)
    balance = supplier_balance(provider=past.provider, now=NOW)
    assert balance.payable_cents == 9000
    assert balance.pending_cents == 4500 + 2700
    assert balance.in_payout_cents == balance.paid_cents == 0
    assert balance.total_cents == 16200


def test_statement_lists_each_leg_with_totals(oil, settings):
    settings.CLUSTER_COMMISSION_PCT = Decimal("10")
    order = order_factory()
    first = booking_factory(slot=ended_slot(oil, days_ago=10), order=order, price_cents=10000,
                            places=2)
    second = booking_factory(slot=ended_slot(oil, days_ago=3), price_cents=6000, places=3,
                             status=Booking.Status.CANCELLED)
    outside = booking_factory(slot=ended_slot(oil, days_ago=60), price_cents=7000)
    for booking in (first, second, outside):
        ledger_sale_record(booking=booking, now=NOW)
    ledger_refund_record(booking=second, amount_cents=3000, now=NOW)

    statement = supplier_statement(provider=first.provider, period_start=date(2026, 6, 1),
                                   period_end=date(2026, 6, 15))
    assert [line.order_reference for line in statement.lines] == [
        order.reference, second.order.reference]
    line = statement.lines[1]
    assert (line.places, line.sale_cents, line.commission_cents, line.refunds_cents,
            line.paid_out_cents, line.balance_cents) == (3, 6000, -300, -3000, 0, 2700)
    assert statement.total("balance_cents") == 9000 + 2700

    with translation.override("en"):
        text = statement_csv(statement=statement)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Date", "Order", "Experience", "Places"]
    assert rows[1] == [(NOW - timedelta(days=10, hours=3)).date().isoformat(), order.reference,
                       oil.title, "2", "100.00", "-10.00", "0.00", "0.00", "90.00"]
    assert rows[-1] == ["Total", "", "", "5", "160.00", "-13.00", "-30.00", "0.00", "117.00"]

    pdf = statement_pdf(statement=statement)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
