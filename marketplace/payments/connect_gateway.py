"""Stripe Connect: transfers from the platform's balance to suppliers' connected accounts.

The only module that calls Stripe for Connect. The API base is ``settings.STRIPE_API_BASE``
when set (tests point it to a recorded stub: localstripe does not implement Connect). Every
call carries an idempotency key, so retrying a transfer after a lost answer never pays twice:
Stripe answers the same key with the same transfer.
"""

from __future__ import annotations

from dataclasses import dataclass

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.core.errors import ConnectError


@dataclass(frozen=True)
class TransferResult:
    """What Stripe says of a transfer: its id, amount in cents and destination account."""

    stripe_id: str
    amount_cents: int
    currency: str
    destination_account: str
    transfer_group: str


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
