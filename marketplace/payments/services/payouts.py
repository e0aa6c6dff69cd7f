"""Payout runs: paying suppliers what they are owed for the bookings that ended within a period.

``payout_run_create`` takes, per supplier, the unpaid ledger entries of its bookings that ended in
the period (Europe/Rome dates) and reserves them for one ``Payout`` (a supplier without a
usable payout account is listed as failed, with the reason, and nothing is reserved).
``payout_run_execute`` pays: Stripe Connect suppliers get one transfer per order (transfer
group = the order's reference, idempotency key per payout and order); SEPA suppliers are paid
by one pain.001.001.03 file for the whole run. Paid payouts get their PAYOUT ledger entries.

Never twice: an entry belongs to at most one payout (reserved under a conditional update), a
paid payout is skipped, a transfer already made is skipped, and a retried transfer reuses its
idempotency key. Amounts are integer euro cents.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.bookings.models import Order
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import PayoutRunError
from marketplace.payments import connect_gateway
from marketplace.payments.models import Payout, PayoutAccount, PayoutRun, Transfer
from marketplace.payments.selectors import payable_entries, payout_entries
from marketplace.payments.sepa import (
    BankAccount,
    BankAccountError,
    SepaFileError,
    SepaPayment,
    bank_account_check,
    sepa_credit_transfer_xml,
)
from marketplace.payments.services.ledger import (
    ledger_payout_record,
    ledger_payout_release,
    ledger_payout_reserve,
)

Method = PayoutAccount.Method


def _holder(provider: ProviderPage, account: PayoutAccount | None) -> str:
    return (account.account_holder if account and account.account_holder
            else provider.legal_name or provider.title)


def payout_account_problem(*, provider: ProviderPage, account: PayoutAccount | None) -> str:
    """Why ``provider`` cannot be paid through ``account`` ("" when it can): no account, a
    Connect account without its ``acct_…`` id, or a SEPA account whose IBAN or BIC is not
    valid. The message names the supplier."""
    if account is None:
        return _("%(supplier)s has no payout account: add its Stripe account or its bank "
                 "details.") % {"supplier": provider.title}
    if account.method == Method.CONNECT:
        if not account.stripe_account_id.startswith("acct_"):
            return _("%(supplier)s has no Stripe Connect account id (acct_…).") % {
                "supplier": provider.title}
        return ""
    try:
        _sepa_account(provider, account)
    except BankAccountError as exc:
        return exc.message
    return ""


def _sepa_account(provider: ProviderPage, account: PayoutAccount) -> BankAccount:
    return bank_account_check(iban=account.iban, bic=account.bic,
                              holder=f"{provider.title} ({_holder(provider, account)})")


def payout_reference(*, run: PayoutRun) -> str:
    """The text the supplier sees with the money: the platform and the period paid."""
    return (f"Innotourclust {run.period_start:%d/%m/%Y}-{run.period_end:%d/%m/%Y} "
            f"run {run.pk}")


@transaction.atomic
def payout_run_create(*, period_start: date, period_end: date, by=None,
                      now: datetime | None = None) -> PayoutRun:
    """A draft run paying, for each supplier, its bookings that ended between ``period_start``
    and ``period_end`` (Europe/Rome dates, inclusive, and before ``now``), confirmed,
    completed, no-show or cancelled with money left, whose unpaid entries add up to more than
    zero. One ``Payout`` per supplier, with the method of its ``PayoutAccount``; a supplier
    that cannot be paid gets a failed payout saying why. Raises ``PayoutRunError`` for a
    period that ends before it starts or in the future, or when nothing is owed."""
    now = now or timezone.now()
    if period_start > period_end:
        raise PayoutRunError(_("The period must start on or before its last day."),
                             field="period_start")
    if period_end > now.astimezone(LOCAL_TZ).date():
        raise PayoutRunError(_("The period cannot end in the future."), field="period_end")
    owed = payable_entries(period_start=period_start, period_end=period_end, now=now)
    if not owed:
        raise PayoutRunError(
            _("Nothing is owed to any supplier for bookings that ended between %(start)s and "
              "%(end)s.") % {"start": f"{period_start:%d/%m/%Y}", "end": f"{period_end:%d/%m/%Y}"})
    run = PayoutRun.objects.create(period_start=period_start, period_end=period_end,
                                   created_by=by if getattr(by, "is_authenticated", False)
                                   else None)
    providers = ProviderPage.objects.in_bulk(list(owed))
    accounts = {a.provider_id: a for a in PayoutAccount.objects.filter(provider_id__in=owed)}
    reference = payout_reference(run=run)
    for provider_id in sorted(owed, key=lambda pk: (providers[pk].title.casefold(), pk)):
        provider, account = providers[provider_id], accounts.get(provider_id)
        entries = owed[provider_id]
        problem = payout_account_problem(provider=provider, account=account)
        payout = Payout.objects.create(
            run=run, provider=provider, method=account.method if account else "",
            amount_cents=sum(entry.amount_cents for entry in entries), reference=reference,
            status=Payout.Status.FAILED if problem else Payout.Status.PENDING, error=problem)
        if not problem:
            ledger_payout_reserve(payout=payout, entries=entries)
    return run


def payout_run_execute(*, run: PayoutRun, now: datetime | None = None) -> PayoutRun:
    """Pay the run's pending payouts: Connect transfers first (one per order), then one SEPA
    file for every SEPA payout (stored on ``run.sepa_xml``). A payout whose account turned
    unusable fails and gives its entries back for a later run; a transfer Stripe refused
    leaves its payout pending with the error, to retry by executing again. The run is paid
    once no payout is pending. Executing again never pays twice."""
    now = now or timezone.now()
    pending = list(run.payouts.filter(status=Payout.Status.PENDING).select_related("provider"))
    accounts = {a.provider_id: a for a in
                PayoutAccount.objects.filter(provider_id__in=[p.provider_id for p in pending])}
    sepa = []
    for payout in pending:
        account = accounts.get(payout.provider_id)
        if account is None or account.method != payout.method:
            _fail(payout, payout_account_problem(provider=payout.provider, account=account)
                  or _("%(supplier)s's payout method changed: pay it in a new run.")
                  % {"supplier": payout.provider.title})
        elif payout.method == Method.CONNECT:
            _pay_connect(payout, account, now)
        else:
            sepa.append((payout, account))
    if sepa:
        _pay_sepa(run, sepa, now)
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().get(pk=run.pk)
        if not run.payouts.filter(status=Payout.Status.PENDING).exists():
            run.status = PayoutRun.Status.PAID
            run.save(update_fields=["status"])
    return run


@transaction.atomic
def _fail(payout: Payout, message: str) -> None:
    """A payout that cannot be made: its entries go back to the pool, unless part of it was
    already transferred (then it stays pending, with the error, to be retried)."""
    payout = Payout.objects.select_for_update().get(pk=payout.pk)
    payout.error = message
    if not payout.transfers.exists():
        ledger_payout_release(payout=payout)
        payout.status = Payout.Status.FAILED
    payout.save(update_fields=["status", "error"])


@transaction.atomic
def _mark_paid(payout: Payout, now: datetime) -> None:
    ledger_payout_record(payout=payout, now=now)
    Payout.objects.filter(pk=payout.pk).update(status=Payout.Status.PAID, paid_at=now, error="")


def _pay_connect(payout: Payout, account: PayoutAccount, now: datetime) -> None:
    problem = payout_account_problem(provider=payout.provider, account=account)
    if problem:
        _fail(payout, problem)
        return
    per_order: dict[int, int] = defaultdict(int)
    orders: dict[int, Order] = {}
    for entry in payout_entries(payout=payout):
        per_order[entry.order_id] += entry.amount_cents
        orders[entry.order_id] = entry.order
    done = set(payout.transfers.values_list("order_id", flat=True))
    for order_id, amount in sorted(per_order.items()):
        if order_id in done or amount <= 0:
            continue
        order = orders[order_id]
        try:
            result = connect_gateway.transfer_create(
                destination_account=account.stripe_account_id, amount_cents=amount,
                currency=payout.currency, transfer_group=order.reference,
                idempotency_key=f"payout-{payout.pk}-order-{order_id}",
                metadata={"payout_run": str(payout.run_id), "payout": str(payout.pk),
                          "order": order.reference},
                description=payout.reference)
        except connect_gateway.ConnectError as exc:
            Payout.objects.filter(pk=payout.pk).update(error=exc.message)
            return
        Transfer.objects.get_or_create(payout=payout, order_id=order_id,
                                       defaults={"stripe_id": result.stripe_id,
                                                 "amount_cents": result.amount_cents})
    _mark_paid(payout, now)


def _pay_sepa(run: PayoutRun, payouts: list[tuple[Payout, PayoutAccount]],
              now: datetime) -> None:
    payments, paying = [], []
    for payout, account in payouts:
        try:
            checked = _sepa_account(payout.provider, account)
        except BankAccountError as exc:
            _fail(payout, exc.message)
            continue
        payments.append(SepaPayment(
            name=_holder(payout.provider, account), account=checked,
            amount_cents=payout.amount_cents, end_to_end_id=f"ITC-R{run.pk}-P{payout.pk}",
            remittance=payout.reference))
        paying.append(payout)
    if not payments:
        return
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().get(pk=run.pk)
        try:
            if run.sepa_xml:
                raise SepaFileError(_("This run's SEPA file was already made: pay the rest in "
                                      "a new run."))
            message_id, xml = sepa_credit_transfer_xml(
                payments=payments, execution_date=now.astimezone(LOCAL_TZ).date())
        except SepaFileError as exc:
            Payout.objects.filter(pk__in=[p.pk for p in paying]).update(error=exc.message)
            return
        run.sepa_xml, run.sepa_message_id = xml, message_id[:35]
        run.save(update_fields=["sepa_xml", "sepa_message_id"])
        for payout in paying:
            _mark_paid(payout, now)


@transaction.atomic
def payout_account_fields(*, provider: ProviderPage, method: str, stripe_account_id: str = "",
                          iban: str = "", bic: str = "", account_holder: str = "") -> dict:
    """The checked, normalised fields of where ``provider`` is paid: a Stripe Connect account
    (``acct_…``) or a SEPA account (IBAN and BIC checked with schwifty; stored compact).
    Raises ``PayoutRunError`` or ``BankAccountError`` with a message naming the supplier and
    the field."""
    fields = {"method": method, "stripe_account_id": "", "iban": "", "bic": "",
              "account_holder": account_holder.strip()[:70]}
    if method == Method.CONNECT:
        if not stripe_account_id.strip().startswith("acct_"):
            raise PayoutRunError(_("%(supplier)s: a Stripe Connect account id starts with "
                                   "“acct_”.") % {"supplier": provider.title},
                                 field="stripe_account_id")
        fields["stripe_account_id"] = stripe_account_id.strip()
    elif method == Method.SEPA:
        checked = bank_account_check(iban=iban, bic=bic, holder=provider.title)
        fields.update(iban=checked.iban, bic=checked.bic,
                      account_holder=fields["account_holder"] or provider.legal_name[:70])
    else:
        raise PayoutRunError(_("Unknown payout method “%(method)s”.") % {"method": method},
                             field="method")
    return fields


def payout_account_set(*, provider: ProviderPage, method: str, stripe_account_id: str = "",
                       iban: str = "", bic: str = "", account_holder: str = "") -> PayoutAccount:
    """Create or replace where ``provider`` is paid (``payout_account_fields`` checks it)."""
    fields = payout_account_fields(provider=provider, method=method,
                                   stripe_account_id=stripe_account_id, iban=iban, bic=bic,
                                   account_holder=account_holder)
    account, _created = PayoutAccount.objects.update_or_create(provider=provider,
                                                               defaults=fields)
    return account
