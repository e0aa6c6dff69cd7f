"""Stripe Connect: transfers from the platform's balance to suppliers' connected accounts.

The only module that calls Stripe for Connect. The API base is ``settings.STRIPE_API_BASE``
when set. localstripe does not implement Connect, so the tests point it to a stub on
127.0.0.1 that answers with fixtures hand-written to the shape of Stripe's documented Transfer
object (not recorded from Stripe). Every call carries an idempotency key (one per payout line:
a payout and an order), so retrying a transfer after a lost answer never pays twice: Stripe
answers the same key with the same transfer.

With ``settings.CONNECT_SIMULATOR`` on (development without a Stripe account, where
localstripe has no Connect), no request leaves the process: a local simulator answers with a
Transfer-shaped result whose id starts with ``tr_sim_`` and is derived from the idempotency
key (the same key, the same transfer), so a demo payout run goes through and is labelled
"simulated (no Stripe Connect)". Production refuses the simulator.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from marketplace.core.errors import ConnectError
from marketplace.payments.models import Transfer


@dataclass(frozen=True)
class TransferResult:
    """What Stripe says of a transfer: its id, amount in cents and destination account."""

    stripe_id: str
    amount_cents: int
    currency: str
    destination_account: str
    transfer_group: str
    simulated: bool = False


SIMULATED_LABEL = _lazy("simulated (no Stripe Connect)")


def _client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY,
                               base_addresses={"api": base} if base else None,
                               max_network_retries=2)


def transfer_create(*, destination_account: str, amount_cents: int, currency: str,
                    transfer_group: str, idempotency_key: str,
                    metadata: dict[str, str] | None = None,
                    description: str = "") -> TransferResult:
    """Move ``amount_cents`` (integer minor units of ``currency``) to the connected account
    ``destination_account`` (``acct_…``), grouped under ``transfer_group`` (the order's
    reference). Raises ``ConnectError`` with Stripe's message when refused."""
    if amount_cents <= 0:
        raise ConnectError(_("A transfer must be a positive amount."))
    params = {"amount": amount_cents, "currency": currency.lower(),
              "destination": destination_account, "transfer_group": transfer_group,
              "metadata": metadata or {}}
    if description:
        params["description"] = description
    if settings.CONNECT_SIMULATOR:
        return _simulated_transfer(params, idempotency_key)
    try:
        transfer = _client().v1.transfers.create(
            params=params, options={"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        message = exc.user_message or str(exc) or exc.__class__.__name__
        raise ConnectError(_("Stripe refused the transfer to %(account)s: %(message)s")
                           % {"account": destination_account, "message": message}) from exc
    return TransferResult(stripe_id=transfer.id, amount_cents=transfer.amount,
                          currency=transfer.currency.upper(),
                          destination_account=transfer.destination,
                          transfer_group=transfer.transfer_group or "")


def _simulated_transfer(params: dict, idempotency_key: str) -> TransferResult:
    """What the local Connect simulator answers: the transfer asked for, with an id derived
    from the idempotency key (as Stripe answers a repeated key with the same transfer)."""
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]
    return TransferResult(stripe_id=f"{Transfer.SIMULATED_ID_PREFIX}{digest}",
                          amount_cents=params["amount"], currency=params["currency"].upper(),
                          destination_account=params["destination"],
                          transfer_group=params["transfer_group"], simulated=True)
