"""Writes to the ledger: per booking booking, the sale, the cluster's commission, refunds with the
commission given back, and payouts.

Entries are signed integer EUR cents seen from what the platform owes the supplier (see
``LedgerEntry``). A booking's entries add up to what is still owed; once its payout is recorded
they add up to zero. Entries are only added, except ``payout``, which marks the entries a
payout covers: set when a payout run reserves them, cleared only if that payout fails before
anything was paid.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking
from marketplace.catalogue.models.sectors import SECTOR_SLUGS
from marketplace.core.errors import LedgerError
from marketplace.core.money import percent_of_cents
from marketplace.operators.models import CommissionRate
from marketplace.payments.models import LedgerEntry, Payout
from marketplace.payments.selectors import booking_commission_pct

SETTLEMENT_CURRENCY = "EUR"
Kind = LedgerEntry.Kind


def _whole_cents(amount: Decimal) -> int:
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def commission_cents(*, price_cents: int, pct: Decimal) -> int:
    """``price_cents × pct / 100`` rounded half up to a whole cent."""
    return percent_of_cents(amount_cents=price_cents, pct=pct)


def _locked(booking: Booking) -> Booking:
    return (Booking.objects.select_for_update(of=("self",))
            .select_related("order", "experience__sector", "contract")
            .get(pk=booking.pk))


def _check_currency(booking: Booking) -> None:
    if booking.currency != SETTLEMENT_CURRENCY:
        raise LedgerError(
            _("Booking %(booking)s is in %(currency)s: suppliers are settled in euros only.")
            % {"booking": booking, "currency": booking.currency})


def _sums(booking: Booking) -> dict[str, int]:
    rows = (LedgerEntry.objects.filter(booking=booking).values("kind").order_by()
            .annotate(total=Sum("amount_cents")))
    return {row["kind"]: row["total"] for row in rows}


def _entry(booking: Booking, kind: str, amount_cents: int, now: datetime, memo: str = "",
           payout: Payout | None = None) -> LedgerEntry:
    return LedgerEntry(booking=booking, order_id=booking.order_id,
                       provider_id=booking.provider_id, kind=kind, amount_cents=amount_cents,
                       currency=SETTLEMENT_CURRENCY, created_at=now, memo=memo[:200],
                       payout=payout)


@transaction.atomic
def ledger_sale_record(*, booking: Booking, now: datetime | None = None) -> list[LedgerEntry]:
    """Record the sale of a paid booking: SALE (+price) and COMMISSION (−price × rate, rounded
    half up; rate from ``booking_commission_pct``). Once per booking: a second call records
    nothing and returns ``[]``. Refuses a booking not priced in euros."""
    booking = _locked(booking)
    _check_currency(booking)
    if LedgerEntry.objects.filter(booking=booking, kind=Kind.SALE).exists():
        return []
    now = now or timezone.now()
    pct = booking_commission_pct(booking=booking)
    entries = [
        _entry(booking, Kind.SALE, booking.price_cents, now),
        _entry(booking, Kind.COMMISSION,
               -commission_cents(price_cents=booking.price_cents, pct=pct), now,
               memo=_("Cluster commission %(pct)s%%") % {"pct": pct.normalize()}),
    ]
    return LedgerEntry.objects.bulk_create(entries)


@transaction.atomic
def ledger_refund_record(*, booking: Booking, amount_cents: int,
                         now: datetime | None = None) -> list[LedgerEntry]:
    """Record ``amount_cents`` given back to the buyer of a booking: REFUND (−amount) and
    COMMISSION_REFUND (+ the commission on the share refunded). The commission returned is
    computed on everything refunded so far, so partial refunds that add up to the price give
    back exactly the whole commission and leave the booking at zero. Refuses a refund above what
    is left of the sale, or for a booking whose sale was never recorded."""
    if amount_cents <= 0:
        raise LedgerError(_("A refund must be a positive amount."))
    booking = _locked(booking)
    _check_currency(booking)
    sums = _sums(booking)
    if Kind.SALE not in sums:
        raise LedgerError(_("Booking %(booking)s has no recorded sale to refund.")
                          % {"booking": booking})
    sold = sums[Kind.SALE]
    refunded = -sums.get(Kind.REFUND, 0)
    if refunded + amount_cents > sold:
        raise LedgerError(
            _("Refunding %(amount)s cents would exceed the %(left)s cents left of booking "
              "%(booking)s.") % {"amount": amount_cents, "left": sold - refunded,
                                 "booking": booking})
    commission = -sums.get(Kind.COMMISSION, 0)
    returned = sums.get(Kind.COMMISSION_REFUND, 0)
    due = _whole_cents(Decimal(commission) * (refunded + amount_cents) / sold)
    now = now or timezone.now()
    entries = [_entry(booking, Kind.REFUND, -amount_cents, now)]
    if due - returned:
        entries.append(_entry(booking, Kind.COMMISSION_REFUND, due - returned, now))
    return LedgerEntry.objects.bulk_create(entries)


@transaction.atomic
def ledger_payout_reserve(*, payout: Payout, entries: list[LedgerEntry]) -> int:
    """Mark ``entries`` as covered by ``payout`` (not yet paid) and return their sum in cents.
    Only unpaid entries are taken: if any was taken meanwhile (another run), nothing is
    marked and ``LedgerError`` is raised, so an entry is never in two payouts."""
    ids = [entry.pk for entry in entries]
    taken = LedgerEntry.objects.filter(pk__in=ids, payout__isnull=True).update(payout=payout)
    if taken != len(set(ids)):
        raise LedgerError(_("Some of %(supplier)s's entries are already in another payout.")
                          % {"supplier": payout.provider.title})
    return sum(entry.amount_cents for entry in entries)


@transaction.atomic
def ledger_payout_release(*, payout: Payout) -> int:
    """Give back the entries of a payout that failed before anything was paid, so a later run
    can pay them. Returns how many entries were released; refuses once the payout is
    recorded."""
    if LedgerEntry.objects.filter(payout=payout, kind=Kind.PAYOUT).exists():
        raise LedgerError(_("Payout %(payout)s is already recorded as paid.")
                          % {"payout": payout.pk})
    return LedgerEntry.objects.filter(payout=payout).update(payout=None)


@transaction.atomic
def ledger_payout_record(*, payout: Payout, entries: list[LedgerEntry] | None = None,
                         now: datetime | None = None) -> list[LedgerEntry]:
    """Record that ``payout`` was paid: one PAYOUT entry per booking, minus the sum of the booking's
    entries the payout covers, linked to the payout, so each booking (and order) it pays adds up
    to zero. ``entries``, when given, are marked as covered first (see
    ``ledger_payout_reserve``). Idempotent: a payout already recorded records nothing."""
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    if LedgerEntry.objects.filter(payout=payout, kind=Kind.PAYOUT).exists():
        return []
    if entries:
        ledger_payout_reserve(payout=payout, entries=entries)
    now = now or timezone.now()
    per_leg: dict[int, int] = defaultdict(int)
    bookings: dict[int, Booking] = {}
    for entry in payout.entries.select_related("booking"):
        per_leg[entry.booking_id] += entry.amount_cents
        bookings[entry.booking_id] = entry.booking
    memo = _("Payout run %(run)s") % {"run": payout.run_id}
    return LedgerEntry.objects.bulk_create(
        _entry(bookings[pk], Kind.PAYOUT, -total, now, memo=memo, payout=payout)
        for pk, total in sorted(per_leg.items()) if total)


@transaction.atomic
def commission_rate_set(*, sector_slug: str, pct: Decimal) -> CommissionRate:
    """Set the cluster's commission (percent, 0–100) on sales of a sector, or the default
    rate with ``sector_slug=""``. Only new sales use it: recorded commissions stay."""
    pct = Decimal(pct)
    if not Decimal(0) <= pct <= Decimal(100):
        raise LedgerError(_("A commission is a percentage between 0 and 100."), field="pct")
    if sector_slug and sector_slug not in SECTOR_SLUGS:
        raise LedgerError(_("Unknown sector “%(slug)s”.") % {"slug": sector_slug},
                          field="sector_slug")
    rate, _created = CommissionRate.objects.update_or_create(sector_slug=sector_slug,
                                                             defaults={"pct": pct})
    return rate
