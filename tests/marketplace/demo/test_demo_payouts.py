"""Acceptance: a payout run over the demo period gives Connect transfers for the Italian
suppliers and one valid pain.001 file for the Albanian and Montenegrin ones."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from marketplace.bookings.models import Booking
from marketplace.demo.bookings import PAST_DAYS
from marketplace.payments.models import LedgerEntry, Payout, PayoutAccount
from marketplace.payments.services.payouts import payout_run_create, payout_run_execute
from tests.marketplace.payments.test_payouts import connect_stub  # noqa: F401 (the hand-written Connect stub)

pytestmark = pytest.mark.django_db
XSD = Path(__file__).parents[1] / "data" / "pain.001.001.03.xsd"


def test_a_payout_run_over_the_demo_period(connect_stub):  # noqa: F811
    call_command("load_demo_data", stdout=StringIO())
    past = Booking.objects.filter(status=Booking.Status.COMPLETED)
    assert set(past.values_list("provider__country", flat=True)) == {"IT", "AL", "ME"}

    today = timezone.localdate()
    run = payout_run_create(period_start=today - timedelta(days=PAST_DAYS), period_end=today)
    run = payout_run_execute(run=run)

    payouts = list(run.payouts.select_related("provider"))
    italian = [p for p in payouts if p.provider.country == "IT"]
    sepa = [p for p in payouts if p.provider.country in ("AL", "ME")]
    assert italian and sepa
    assert {p.method for p in italian} == {PayoutAccount.Method.CONNECT}
    assert {p.method for p in sepa} == {PayoutAccount.Method.SEPA}
    assert {p.status for p in payouts} == {Payout.Status.PAID}
    # One Connect transfer per Italian order, for what the supplier is owed.
    for payout in italian:
        assert payout.transfers.count() >= 1
        assert payout.transfers.aggregate(n=Sum("amount_cents"))["n"] == payout.amount_cents
    assert {r["form"]["destination"] for r in connect_stub.requests} == {
        p.provider.payout_account.stripe_account_id for p in italian}
    # One SEPA file for the others, valid against the ISO 20022 schema.
    xmlschema.XMLSchema(str(XSD)).validate(run.sepa_xml)
    for payout in sepa:
        assert payout.provider.payout_account.iban in run.sepa_xml
    # Everything owed for the period is paid: each paid booking's entries sum to zero.
    for booking in past:
        total = LedgerEntry.objects.filter(booking=booking).aggregate(n=Sum("amount_cents"))
        assert total["n"] == 0
    # Running it again pays nothing more.
    again = payout_run_execute(run=run)
    assert sum(p.transfers.count() for p in again.payouts.all()) == sum(
        p.transfers.count() for p in payouts)
