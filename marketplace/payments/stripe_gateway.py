"""The one module that talks to Stripe for payments (PaymentIntents, refunds, webhooks).

The client is built from settings: ``STRIPE_SECRET_KEY`` and, when ``STRIPE_API_BASE`` is set,
that address instead of Stripe's (a localstripe server in development and tests). Every call
that changes something on Stripe (create, update, confirm, refund) carries an idempotency key
that the caller derives from our own rows (the order, its payment attempt, the booking's
refund), never a random one: a retry after a lost answer, by the library or by us, sends the
same key, and Stripe answers it with the first result instead of charging or refunding twice.
Stripe's errors come out as the marketplace's errors, with a message a buyer can read. Amounts
are integer cents.

localstripe lacks ``automatic_payment_methods`` (400) and ``confirm(payment_method=...)``
(500): intents are created with ``payment_method_types=["card"]``, and a payment method is
set by an update before a confirm without parameters, which real Stripe accepts too.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from marketplace.core.errors import (
    MarketplaceError,
    PaymentFailed,
    PaymentServiceUnavailable,
    WebhookSignatureInvalid,
)

logger = logging.getLogger(__name__)

MAX_NETWORK_RETRIES = 2


@functools.lru_cache(maxsize=4)
def _client_for(api_key: str, api_base: str) -> stripe.StripeClient:
    base_addresses = {"api": api_base} if api_base else None
    return stripe.StripeClient(api_key, base_addresses=base_addresses,
                               max_network_retries=MAX_NETWORK_RETRIES)


def stripe_client() -> stripe.StripeClient:
    """The client for the account and server the settings name (cached per key and base)."""
    return _client_for(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE or "")


def _translate(exc: stripe.StripeError) -> MarketplaceError:
    """A Stripe error as one of ours: the buyer's problem (402) or the service's (503)."""
    if isinstance(exc, stripe.CardError):
        reason = exc.user_message or _("the card was declined")
        return PaymentFailed(_("The payment was declined: %(reason)s") % {"reason": reason})
    if isinstance(exc, stripe.InvalidRequestError):
        logger.warning("Stripe refused a request: %s", exc)
        reason = exc.user_message or str(exc.error.message if exc.error else exc)
        return PaymentFailed(_("The payment service refused the operation: %(reason)s")
                             % {"reason": reason})
    logger.error("Stripe is unavailable: %r", exc)
    return PaymentServiceUnavailable(_("The payment service cannot be reached right now and "
                                       "nothing was charged. Please try again in a few "
                                       "minutes."))


def _call(function, *args, **kwargs) -> dict[str, Any]:
    """Call the client; the answer as plain dicts, so that no Stripe type leaves this module."""
    try:
        return function(*args, **kwargs).to_dict()
    except stripe.StripeError as exc:
        raise _translate(exc) from exc


def payment_intent_create(*, reference: str, amount_cents: int, currency: str,
                          metadata: dict[str, str], idempotency_key: str) -> dict[str, Any]:
    """A PaymentIntent for ``amount_cents`` of ``currency`` (cards), with the order
    ``reference`` in its metadata. The same ``idempotency_key`` gives back the same intent
    on Stripe."""
    params: dict[str, Any] = {
        "amount": amount_cents,
        "currency": currency.lower(),
        "payment_method_types": ["card"],
        "metadata": {**metadata, "order": reference},
    }
    return _call(stripe_client().v1.payment_intents.create, params=params,
                 options={"idempotency_key": idempotency_key})


def payment_intent_retrieve(intent_id: str) -> dict[str, Any]:
    """The PaymentIntent as Stripe has it now (status, amount, latest charge)."""
    return _call(stripe_client().v1.payment_intents.retrieve, intent_id)


def payment_intent_confirm(*, intent_id: str, payment_method: str, update_idempotency_key: str,
                           confirm_idempotency_key: str) -> dict[str, Any]:
    """Attach ``payment_method`` (a ``pm_…`` id, or the ``card_…`` of a card token) to the
    intent (an update, keyed ``update_idempotency_key``) and confirm it (keyed
    ``confirm_idempotency_key``); the answer may ask for an authentication
    (``requires_action``) that Stripe.js completes in the browser. A declined card raises
    PaymentFailed."""
    client = stripe_client()
    _call(client.v1.payment_intents.update, intent_id,
          params={"payment_method": payment_method},
          options={"idempotency_key": update_idempotency_key})
    return _call(client.v1.payment_intents.confirm, intent_id,
                 options={"idempotency_key": confirm_idempotency_key})


def refund_create(*, intent_id: str, amount_cents: int, idempotency_key: str,
                  metadata: dict[str, str] | None = None) -> dict[str, Any]:
    """Refund ``amount_cents`` of the intent's charge. Stripe caps refunds at the charge;
    localstripe does not, so callers cap them first."""
    params: dict[str, Any] = {"payment_intent": intent_id, "amount": amount_cents}
    if metadata:
        params["metadata"] = metadata
    return _call(stripe_client().v1.refunds.create, params=params,
                 options={"idempotency_key": idempotency_key})


def webhook_event_construct(*, payload: bytes, signature: str) -> dict[str, Any]:
    """The event of a webhook request, once its ``Stripe-Signature`` header has been checked
    against ``STRIPE_WEBHOOK_SECRET`` (and its timestamp is recent). Works offline."""
    try:
        event = stripe.Webhook.construct_event(payload, signature,
                                               settings.STRIPE_WEBHOOK_SECRET)
    except stripe.SignatureVerificationError as exc:
        raise WebhookSignatureInvalid(_("The webhook signature is not valid.")) from exc
    except (ValueError, TypeError, AttributeError) as exc:  # not JSON, or not an object
        raise WebhookSignatureInvalid(_("The webhook body is not a Stripe event.")) from exc
    return event.to_dict()
