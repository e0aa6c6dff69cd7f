"""Reads of the ledger: commission rates, supplier balances, the entries a payout or a
statement covers. Amounts are integer EUR cents, signed as in ``LedgerEntry`` (+ owed to the
supplier). Periods are Europe/Rome dates, inclusive, and select bookings by the end of their slot.

And the tour operators' accounts (``AccountEntry``, + owed by the operator): who may pay on
account, and an operator's monthly statement, whose month selects entries by when they were
recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.core.dates import LOCAL_TZ, local_days_bounds
from marketplace.operators.models import CommissionRate, Operator
from marketplace.payments.models import AccountEntry, LedgerEntry, Payout, Transfer

# Bookings whose money is due to the supplier once their slot has ended (a cancelled booking keeps
# what the buyer was not refunded).
PAYABLE_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW,
                    Booking.Status.CANCELLED)


def booking_commission_pct(*, booking: Booking) -> Decimal:
    """The cluster's commission on ``booking``, in percent: the contract's rate when it sets
    one, else the rate of the experience's sector, else the default rate (the row with no
    sector), else ``settings.CLUSTER_COMMISSION_PCT``."""
    contract = booking.contract
    if contract is not None and contract.cluster_commission_pct is not None:
        return Decimal(contract.cluster_commission_pct)
    sector = booking.experience.sector
    slugs = [sector.slug, ""] if sector is not None else [""]
    rates = dict(CommissionRate.objects.filter(sector_slug__in=slugs)
                 .values_list("sector_slug", "pct"))
    for slug in slugs:
        if slug in rates:
            return Decimal(rates[slug])
    return Decimal(settings.CLUSTER_COMMISSION_PCT)


def period_bounds(*, period_start: date, period_end: date) -> tuple[datetime, datetime]:
    """The aware UTC instants [start, end) of the local dates ``period_start``..``period_end``."""
    return local_days_bounds(period_start, period_end)


def _bookings_ended(*, now: datetime, period_start: date | None = None,
                period_end: date | None = None) -> Q:
    """Entries of payable bookings whose slot has ended by ``now`` (within the period if given)."""
    q = Q(booking__status__in=PAYABLE_STATUSES, booking__slot__ends_at__lte=now)
    if period_start is not None and period_end is not None:
        start, end = period_bounds(period_start=period_start, period_end=period_end)
        q &= Q(booking__slot__ends_at__gte=start, booking__slot__ends_at__lt=end)
    return q


def payable_entries(*, period_start: date, period_end: date, now: datetime | None = None,
                    provider_ids: list[int] | None = None) -> dict[int, list[LedgerEntry]]:
    """Per supplier id, the unpaid entries of its bookings that ended within the period (and before
    ``now``), in a payable state, whose unpaid entries add up to more than zero. A booking that
    went negative (a refund after its payout) is left out: it is set against nothing here and
    stays visible in the supplier's balance."""
    now = now or timezone.now()
    unpaid = LedgerEntry.objects.filter(
        _bookings_ended(period_start=period_start, period_end=period_end, now=now),
        payout__isnull=True)
    if provider_ids is not None:
        unpaid = unpaid.filter(provider_id__in=provider_ids)
    positive_legs = (unpaid.values("booking_id").order_by().annotate(total=Sum("amount_cents"))
                     .filter(total__gt=0).values_list("booking_id", flat=True))
    by_provider: dict[int, list[LedgerEntry]] = defaultdict(list)
    for entry in unpaid.filter(booking_id__in=list(positive_legs)).order_by("created_at", "pk"):
        by_provider[entry.provider_id].append(entry)
    return dict(by_provider)


@dataclass(frozen=True)
class SupplierBalance:
    """Where a supplier's money stands, in EUR cents: ``payable_cents`` can be paid now (bookings
    that have ended); ``pending_cents`` waits for its experiences to take place (or is owed
    back after a refund that followed a payout, when negative); ``in_payout_cents`` is in a
    payout not yet executed; ``paid_cents`` was paid out."""

    provider_id: int
    provider_name: str
    country: str
    payable_cents: int
    pending_cents: int
    in_payout_cents: int
    paid_cents: int

    @property
    def total_cents(self) -> int:
        """Everything still owed: payable, pending and in a payout being made."""
        return self.payable_cents + self.pending_cents + self.in_payout_cents


def _sums(entries: QuerySet, key: str) -> dict[int, int]:
    return {row[key]: row["total"] or 0
            for row in entries.values(key).order_by().annotate(total=Sum("amount_cents"))}


def supplier_balances(*, now: datetime | None = None,
                      provider_ids: list[int] | None = None) -> list[SupplierBalance]:
    """The balance of every supplier with ledger entries (or of ``provider_ids``), by name."""
    now = now or timezone.now()
    entries = LedgerEntry.objects.all()
    if provider_ids is not None:
        entries = entries.filter(provider_id__in=provider_ids)
    unpaid = entries.filter(payout__isnull=True)
    ended = unpaid.filter(_bookings_ended(now=now))
    leg_totals = _sums(ended, "booking_id")
    positive = [pk for pk, total in leg_totals.items() if total > 0]
    payable = _sums(ended.filter(booking_id__in=positive), "provider_id")
    all_unpaid = _sums(unpaid, "provider_id")
    in_payout = _sums(entries.filter(payout__status=Payout.Status.PENDING)
                      .exclude(kind=LedgerEntry.Kind.PAYOUT), "provider_id")
    paid = _sums(entries.filter(kind=LedgerEntry.Kind.PAYOUT), "provider_id")
    ids = set(all_unpaid) | set(in_payout) | set(paid) | set(provider_ids or ())
    providers = {p.pk: p for p in ProviderPage.objects.filter(pk__in=ids)
                 .only("pk", "title", "country")}
    balances = [SupplierBalance(
        provider_id=pk, provider_name=providers[pk].title, country=providers[pk].country,
        payable_cents=payable.get(pk, 0),
        pending_cents=all_unpaid.get(pk, 0) - payable.get(pk, 0),
        in_payout_cents=in_payout.get(pk, 0), paid_cents=-paid.get(pk, 0))
        for pk in ids if pk in providers]
    return sorted(balances, key=lambda b: (b.provider_name.casefold(), b.provider_id))


def supplier_balance(*, provider: ProviderPage, now: datetime | None = None) -> SupplierBalance:
    """The balance of one supplier (zeros when it has sold nothing yet)."""
    return supplier_balances(now=now, provider_ids=[provider.pk])[0]


def supplier_entries(*, provider: ProviderPage, period_start: date,
                     period_end: date) -> list[LedgerEntry]:
    """Every entry (paid or not) of the supplier's bookings whose slot ended within the period,
    with their booking, slot, order and experience, in booking order."""
    start, end = period_bounds(period_start=period_start, period_end=period_end)
    return list(LedgerEntry.objects
                .filter(provider=provider, booking__slot__ends_at__gte=start,
                        booking__slot__ends_at__lt=end)
                .select_related("booking__slot", "booking__experience", "order", "payout")
                .order_by("booking__slot__starts_at", "booking_id", "created_at", "pk"))


def payout_entries(*, payout: Payout) -> list[LedgerEntry]:
    """The entries a payout covers (not its own PAYOUT entries), with their order."""
    return list(payout.entries.exclude(kind=LedgerEntry.Kind.PAYOUT)
                .select_related("order").order_by("order_id", "booking_id", "pk"))


def simulated_payout_ids(*, payout_ids) -> set[int]:
    """Which of ``payout_ids`` were paid through the local Connect simulator (development
    without Stripe Connect): no money moved for them."""
    return set(Transfer.objects.filter(payout_id__in=list(payout_ids),
                                       stripe_id__startswith=Transfer.SIMULATED_ID_PREFIX)
               .values_list("payout_id", flat=True))


# SECTION: tour operators' accounts


def suppliers_not_on_account(*, bookings: list[Booking]) -> list[str]:
    """The names of the suppliers of ``bookings`` (with their ``contract`` and ``provider``
    fetched) whose contract does not let the operator pay on account, sorted: the one rule
    of who may pay on account. A booking priced without a contract never may."""
    return sorted({booking.provider.title for booking in bookings
                   if booking.contract is None or not booking.contract.on_account},
                  key=str.casefold)


def order_paid_on_account(*, order_id: int) -> bool:
    """Whether the order was paid on its operator's account (its bookings were charged
    there) rather than by card."""
    return AccountEntry.objects.filter(order_id=order_id,
                                       kind=AccountEntry.Kind.CHARGE).exists()


def month_bounds(*, month: date) -> tuple[date, date]:
    """The first and last local dates of the month of ``month``."""
    first = month.replace(day=1)
    following = (first.replace(year=first.year + 1, month=1) if first.month == 12
                 else first.replace(month=first.month + 1))
    return first, date.fromordinal(following.toordinal() - 1)


@dataclass(frozen=True)
class AccountLine:
    """One entry of an operator's statement: a booking charged (+) or credited (−), in EUR
    cents, with what identifies it; ``recorded_on`` and ``starts_local`` are local."""

    recorded_on: date
    kind: str
    kind_label: str
    booking_id: int
    experience: str
    supplier: str
    starts_local: datetime
    places: int
    amount_cents: int


@dataclass(frozen=True)
class AccountOrder:
    """The entries of one order in the month, and their sum in EUR cents."""

    order: Order
    lines: list[AccountLine]

    @property
    def total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)


@dataclass(frozen=True)
class AccountStatement:
    """What an operator owes on account for a month (``first_day``..``last_day``, local):
    its orders with their bookings' charges and credits, and the totals, in EUR cents.
    ``balance_cents`` is everything owed on account up to the end of the month."""

    operator: Operator
    first_day: date
    last_day: date
    orders: list[AccountOrder]
    balance_cents: int

    @property
    def charges_cents(self) -> int:
        return sum(line.amount_cents for order in self.orders for line in order.lines
                   if line.amount_cents > 0)

    @property
    def credits_cents(self) -> int:
        return sum(line.amount_cents for order in self.orders for line in order.lines
                   if line.amount_cents < 0)

    @property
    def total_cents(self) -> int:
        return self.charges_cents + self.credits_cents


def operator_account_statement(*, operator: Operator, month: date) -> AccountStatement:
    """The operator's statement for the local month of ``month``: every account entry
    recorded in it, grouped by order (in the order of their first entry), with the booking,
    its experience, supplier and start; the month's total and the balance owed at its end.
    Two queries whatever the number of entries."""
    first, last = month_bounds(month=month)
    start, end = local_days_bounds(first, last)
    entries = list(AccountEntry.objects
                   .filter(operator=operator, created_at__gte=start, created_at__lt=end)
                   .select_related("order", "booking__slot", "booking__experience",
                                   "booking__provider")
                   .order_by("created_at", "pk"))
    balance = (AccountEntry.objects.filter(operator=operator, created_at__lt=end)
               .aggregate(total=Sum("amount_cents"))["total"] or 0)
    orders: dict[int, AccountOrder] = {}
    for entry in entries:
        booking = entry.booking
        group = orders.setdefault(entry.order_id, AccountOrder(order=entry.order, lines=[]))
        group.lines.append(AccountLine(
            recorded_on=entry.created_at.astimezone(LOCAL_TZ).date(), kind=entry.kind,
            kind_label=entry.get_kind_display(), booking_id=booking.pk,
            experience=booking.experience.title, supplier=booking.provider.title,
            starts_local=booking.slot.starts_at.astimezone(LOCAL_TZ), places=booking.places,
            amount_cents=entry.amount_cents))
    return AccountStatement(operator=operator, first_day=first, last_day=last,
                            orders=list(orders.values()), balance_cents=balance)
