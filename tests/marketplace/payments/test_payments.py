"""Payments against a localstripe server: one PaymentIntent per order, paying and failing,
refunds capped at what was charged, the checkout pages (services.payments, payment_views)."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.errors import (
    BookingStateError,
    InvalidPaymentMethod,
    PaymentFailed,
    PaymentServiceUnavailable,
)
from marketplace.payments import stripe_gateway
from marketplace.payments.models import Payment, Refund
from marketplace.payments.services import payments

pytestmark = pytest.mark.django_db


def slot_ahead(experience, days_ahead: int = 5) -> Slot:
    start = timezone.now() + timedelta(days=days_ahead)
    return Slot.objects.filter(experience=experience, starts_at__gte=start).order_by(
        "starts_at").first()


def order_for(experience, adults: int = 2, children: int = 0) -> Order:
    """A held order for ``adults`` × 45 € (+ ``children`` × 20 €) on a slot in five days."""
    options = dict(PriceOption.objects.filter(page=experience).values_list("label", "pk"))
    quantities = {options["Adult"]: adults}
    if children:
        quantities[options["Child"]] = children
    return order_place(email="anna@example.com", name="Anna Rossi",
                       requests=[BookingRequest(slot_id=slot_ahead(experience).pk,
                                        quantities=quantities)])


def pay(order: Order, payment_method: str = "pm_card_visa") -> Payment:
    """What the buyer's browser does: confirm the order's intent with a card (no webhook)."""
    payment = payments.payment_for_order(order=order)
    payments.payment_confirm(order=order, payment_method=payment_method)
    return payment


@pytest.fixture
def tasting(short_slot_horizon, make_experience):
    return make_experience(photos=0, capacity=10)


def test_an_order_gets_one_payment_intent_for_its_total(localstripe, tasting):
    order = order_for(tasting, adults=2, children=1)
    first = payments.payment_for_order(order=order)
    again = payments.payment_for_order(order=Order.objects.get(pk=order.pk))
    assert first.pk == again.pk and first.intent_id == again.intent_id
    assert first.amount_cents == order.total_cents == 2 * 4500 + 2000
    intents = json.loads(localstripe.request("GET", "/v1/payment_intents"))["data"]
    assert [i["id"] for i in intents] == [first.intent_id]
    assert intents[0]["amount"] == 11000 and intents[0]["currency"] == "eur"
    assert intents[0]["metadata"]["order"] == order.reference
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT
    assert payments.payment_client_secret(payment=first).startswith(first.intent_id + "_secret_")


def test_a_paid_or_expired_order_cannot_start_a_payment(localstripe, tasting):
    order = order_for(tasting)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.EXPIRED)
    order.refresh_from_db()
    with pytest.raises(BookingStateError):
        payments.payment_for_order(order=order)
    assert not Payment.objects.exists()


def test_paying_with_a_visa_card_and_syncing_confirms_the_booking(localstripe, tasting):
    order = order_for(tasting)
    pay(order)
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT
    payment = payments.payment_sync(order=order)
    assert payment.status == Payment.Status.SUCCEEDED and payment.charge_id.startswith("ch_")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.paid_at is not None
    assert order.bookings.get().status == Booking.Status.CONFIRMED
    payments.payment_sync(order=order)  # again: nothing changes
    assert order.bookings.get().status == Booking.Status.CONFIRMED


def test_a_declined_card_is_a_clear_402_and_the_order_waits(localstripe, tasting):
    order = order_for(tasting)
    payments.payment_for_order(order=order)
    with pytest.raises(PaymentFailed, match="declined") as caught:
        payments.payment_confirm(order=order, payment_method="pm_card_chargeCustomerFail")
    assert caught.value.status_code == 402
    payment = payments.payment_sync(order=order)
    assert payment.status == Payment.Status.FAILED
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert order.bookings.get().status == Booking.Status.HELD


def test_a_payment_method_must_look_like_one(localstripe, tasting):
    order = order_for(tasting)
    payments.payment_for_order(order=order)
    for bad in ("", "4242424242424242", "pm_card_visa; drop", None):
        with pytest.raises(InvalidPaymentMethod):
            payments.payment_confirm(order=order, payment_method=bad)


def test_refunds_never_exceed_what_was_charged(localstripe, tasting):
    order = order_for(tasting)  # 2 adults: 90 €
    pay(order)
    payments.payment_sync(order=order)
    booking = order.bookings.get()
    first = payments.payment_refund(booking=booking, amount_cents=6000)
    second = payments.payment_refund(booking=booking, amount_cents=5000)  # only 30 € left
    assert (first.amount_cents, second.amount_cents) == (6000, 3000)
    assert payments.payment_refund(booking=booking, amount_cents=100) is None
    assert booking.refund_cents == 9000  # the caller's instance is kept up to date
    payment = Payment.objects.get(order=order)
    assert payment.refunded_cents == 9000
    assert Booking.objects.get(pk=booking.pk).refund_cents == 9000
    on_stripe = json.loads(localstripe.request(
        "GET", f"/v1/refunds?payment_intent={payment.intent_id}"))["data"]
    assert sorted(r["amount"] for r in on_stripe) == [3000, 6000]
    assert set(Refund.objects.values_list("stripe_id", flat=True)) == {r["id"] for r in on_stripe}


def test_a_refund_is_capped_by_its_leg_and_by_the_payment(localstripe, tasting,
                                                          make_experience):
    boat = make_experience(photos=0, capacity=10)
    options = {exp.pk: dict(PriceOption.objects.filter(page=exp).values_list("label", "pk"))
               for exp in (tasting, boat)}
    order = order_place(email="anna@example.com", name="Anna Rossi", requests=[
        BookingRequest(slot_id=slot_ahead(tasting).pk,
                       quantities={options[tasting.pk]["Adult"]: 1}),
        BookingRequest(slot_id=slot_ahead(boat).pk, quantities={options[boat.pk]["Adult"]: 2})])
    pay(order)
    payments.payment_sync(order=order)
    one, two = order.bookings.order_by("price_cents")
    assert payments.payment_refund(booking=one, amount_cents=99999).amount_cents == 4500
    assert payments.payment_refund(booking=two, amount_cents=99999).amount_cents == 9000
    assert Payment.objects.get(order=order).refunded_cents == order.total_cents == 13500


def test_nothing_is_refunded_for_nothing_or_for_an_unpaid_order(localstripe, tasting):
    order = order_for(tasting)
    booking = order.bookings.get()
    assert payments.payment_refund(booking=booking, amount_cents=0) is None
    assert payments.payment_refund(booking=booking, amount_cents=1000) is None  # no payment
    pay(order, "pm_card_visa")  # confirmed on Stripe, not yet known here
    assert payments.payment_refund(booking=booking, amount_cents=1000) is None
    with pytest.raises(ValueError):
        payments.payment_refund(booking=booking, amount_cents=-1)
    assert not Refund.objects.exists()


def test_an_unreachable_payment_service_is_a_503_and_writes_nothing(localstripe, settings,
                                                                    tasting, monkeypatch):
    monkeypatch.setattr(stripe_gateway, "MAX_NETWORK_RETRIES", 0)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # discard port: nothing listens
    order = order_for(tasting)
    with pytest.raises(PaymentServiceUnavailable) as caught:
        payments.payment_for_order(order=order)
    assert caught.value.status_code == 503
    assert not Payment.objects.exists()
    assert Order.objects.get(pk=order.pk).status == Order.Status.OPEN


# The checkout pages.

def checkout_url(order: Order, name: str = "marketplace:checkout", token: str | None = None):
    path = reverse(name, kwargs={"reference": order.reference})
    return f"{path}?token={order.access_token if token is None else token}"


def order_page_url(order: Order) -> str:
    return (reverse("marketplace:order_detail", kwargs={"reference": order.reference})
            + f"?token={order.access_token}")


def test_the_checkout_page_shows_the_order_and_mounts_stripe(localstripe, tasting, client):
    order = order_for(tasting, adults=2, children=1)
    response = client.get(checkout_url(order))
    assert response.status_code == 200
    html = response.content.decode()
    payment = Payment.objects.get(order=order)
    assert f'src="{localstripe.url}/js.stripe.com/v3/"' in html
    assert 'id="payment-element"' in html and 'id="pay-button"' in html
    assert tasting.title in html
    assert "110.00" in html  # the total (the page in English)
    config = response.context["stripe_config"]
    assert config["clientSecret"].startswith(payment.intent_id + "_secret_")
    assert config["returnUrl"].startswith("http://testserver/")
    assert config["returnUrl"].endswith(checkout_url(order, "marketplace:checkout_done"))
    client.get(checkout_url(order))
    assert Payment.objects.count() == 1  # reloading reuses the intent


def test_the_checkout_needs_the_orders_key(localstripe, tasting, client):
    order = order_for(tasting)
    assert client.get(checkout_url(order, token="wrong")).status_code == 404
    assert client.get(reverse("marketplace:checkout",
                              kwargs={"reference": order.reference})).status_code == 404
    assert not Payment.objects.exists()


def test_an_order_not_awaiting_payment_goes_to_its_page(localstripe, tasting, client):
    paid = order_for(tasting)
    pay(paid)
    payments.payment_sync(order=paid)
    response = client.get(checkout_url(paid))
    assert response.status_code == 302 and response.url == order_page_url(paid)
    lapsed = order_for(tasting)
    Booking.objects.filter(order=lapsed).update(
        hold_expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(checkout_url(lapsed))
    assert response.status_code == 302 and response.url == order_page_url(lapsed)


def test_the_checkout_shows_a_503_when_stripe_is_down(localstripe, settings, tasting, client,
                                                     monkeypatch):
    monkeypatch.setattr(stripe_gateway, "MAX_NETWORK_RETRIES", 0)
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    order = order_for(tasting)
    response = client.get(checkout_url(order))
    assert response.status_code == 503
    assert "try again" in response.content.decode()


def test_confirming_from_the_browser_then_returning_pays_the_order(localstripe, tasting, client):
    order = order_for(tasting)
    client.get(checkout_url(order))
    confirm = checkout_url(order, "marketplace:checkout_confirm")
    response = client.post(confirm, {"payment_method": "pm_card_visa"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json() == {"status": "succeeded"}
    response = client.get(checkout_url(order, "marketplace:checkout_done"))
    assert response.status_code == 302 and response.url == order_page_url(order)
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.bookings.get().status == Booking.Status.CONFIRMED


def test_confirming_with_a_declined_card_answers_402_with_the_reason(localstripe, tasting,
                                                                     client):
    order = order_for(tasting)
    client.get(checkout_url(order))
    confirm = checkout_url(order, "marketplace:checkout_confirm")
    response = client.post(confirm, {"payment_method": "pm_card_chargeCustomerFail"},
                           content_type="application/json")
    assert response.status_code == 402 and "declined" in response.json()["error"]
    response = client.post(confirm, "not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]
    response = client.post(checkout_url(order, "marketplace:checkout_confirm", token="x"),
                           {"payment_method": "pm_card_visa"}, content_type="application/json")
    assert response.status_code == 404


def test_a_card_token_from_localstripes_stripe_js_pays(localstripe, tasting, client):
    """What the checkout script does with localstripe's Stripe.js: a card token (made with
    the publishable key, as the browser does), then our server confirms with its card."""
    order = order_for(tasting)
    client.get(checkout_url(order))
    body = (b"card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034"
            b"&card[cvc]=123&key=pk_test_localstripe")
    token = json.loads(localstripe.request("POST", "/v1/tokens", body))
    response = client.post(checkout_url(order, "marketplace:checkout_confirm"),
                           {"payment_method": token["card"]["id"]},
                           content_type="application/json")
    assert response.json() == {"status": "succeeded"}
    client.get(checkout_url(order, "marketplace:checkout_done"))
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_the_checkout_script_is_served(client):
    from django.contrib.staticfiles import finders

    path = finders.find("js/checkout.js")
    assert path is not None
    with open(path) as f:
        script = f.read()
    assert "confirmPayment" in script and "createToken" in script


def test_a_supplier_cancelling_a_paid_booking_refunds_it_on_stripe(localstripe, tasting,
                                                                   pay_order):
    from marketplace.payments.models import LedgerEntry
    from marketplace.payments.services.settlement import booking_cancel

    order = order_for(tasting)
    payment = pay_order(order)
    assert order.status == Order.Status.PAID
    booking = order.bookings.get()
    assert booking_cancel(booking=booking, by="supplier", reason="Storm warning") == 9000
    booking.refresh_from_db()
    assert booking.refund_cents == 9000
    assert Refund.objects.get(booking=booking).amount_cents == 9000
    on_stripe = json.loads(localstripe.request(
        "GET", f"/v1/refunds?payment_intent={payment.intent_id}"))["data"]
    assert [r["amount"] for r in on_stripe] == [9000]
    assert sum(LedgerEntry.objects.filter(booking=booking).values_list(
        "amount_cents", flat=True)) == 0


# SECTION: idempotency keys


class StripeAsDocumented:
    """Wraps the gateway's calls: records each call's method and idempotency key, and answers
    a key already used with that key's first answer, as Stripe documents it does (localstripe
    ignores the ``Idempotency-Key`` header). ``lose_next_answer`` makes the next call reach
    the server and then fail as a lost answer would (a timeout), to test retries."""

    def __init__(self, call):
        self.call = call
        self.sent: list[tuple[str, str | None]] = []
        self.answers: dict[str, dict] = {}
        self.lose_next_answer = False

    def __call__(self, function, *args, **kwargs):
        key = (kwargs.get("options") or {}).get("idempotency_key")
        self.sent.append((function.__name__, key))
        if key is not None and key in self.answers:
            return self.answers[key]
        answer = self.call(function, *args, **kwargs)
        if key is not None:
            self.answers[key] = answer
        if self.lose_next_answer:
            self.lose_next_answer = False
            raise PaymentServiceUnavailable("The answer was lost on the way back.")
        return answer

    def keys(self, *names: str) -> list[str | None]:
        return [key for name, key in self.sent if name in names]


@pytest.fixture
def stripe_calls(localstripe, monkeypatch):
    calls = StripeAsDocumented(stripe_gateway._call)
    monkeypatch.setattr(stripe_gateway, "_call", calls)
    return calls


def _succeeded_charges(localstripe) -> list[dict]:
    charges = json.loads(localstripe.request("GET", "/v1/charges?limit=100"))["data"]
    return [c for c in charges if c["status"] == "succeeded"]


def test_every_call_that_changes_stripe_carries_a_key_of_the_order_and_attempt(
        stripe_calls, tasting):
    declined = order_for(tasting)
    payments.payment_for_order(order=declined)
    with pytest.raises(PaymentFailed):
        payments.payment_confirm(order=declined, payment_method="pm_card_chargeCustomerFail")
    # localstripe refuses to confirm an intent again after a decline: the next card's
    # attempt is shown on a fresh order.
    order = order_for(tasting)
    payments.payment_for_order(order=order)
    payments.payment_confirm(order=order, payment_method="pm_card_visa")
    payments.payment_sync(order=order)
    booking = order.bookings.get()
    payments.payment_refund(booking=booking, amount_cents=1000)
    payments.payment_refund(booking=booking, amount_cents=500)
    d, n, b = declined.pk, order.pk, booking.pk
    assert stripe_calls.keys("create", "update", "confirm") == [
        f"order-{d}-pi-create", f"order-{d}-pi-update-1", f"order-{d}-confirm-1",
        f"order-{n}-pi-create", f"order-{n}-pi-update-1", f"order-{n}-confirm-1",
        f"order-{n}-booking-{b}-refund-1", f"order-{n}-booking-{b}-refund-2",
    ]
    assert all(key is None for name, key in stripe_calls.sent if name == "retrieve")


def test_another_card_after_a_decline_is_a_new_attempt(stripe_calls, tasting):
    order = order_for(tasting)
    payments.payment_for_order(order=order)
    with pytest.raises(PaymentFailed):
        payments.payment_confirm(order=order, payment_method="pm_card_chargeCustomerFail")
    with pytest.raises(PaymentFailed):  # localstripe's limit, see above
        payments.payment_confirm(order=order, payment_method="pm_card_visa")
    assert stripe_calls.keys("update")[-2:] == [f"order-{order.pk}-pi-update-1",
                                                f"order-{order.pk}-pi-update-2"]
    payment = Payment.objects.get(order=order)
    assert (payment.attempt, payment.attempt_payment_method) == (2, "pm_card_visa")


def test_a_payment_method_sent_again_is_the_same_attempt_and_charged_once(
        stripe_calls, localstripe, tasting):
    order = order_for(tasting)
    payments.payment_for_order(order=order)
    stripe_calls.lose_next_answer = True  # the update reaches Stripe, its answer is lost
    with pytest.raises(PaymentServiceUnavailable):
        payments.payment_confirm(order=order, payment_method="pm_card_visa")
    stripe_calls.sent.clear()
    assert payments.payment_confirm(order=order, payment_method="pm_card_visa") == "succeeded"
    # A double click: the browser sends the same card again before the webhook arrives.
    assert payments.payment_confirm(order=order, payment_method="pm_card_visa") == "succeeded"
    assert stripe_calls.keys("update", "confirm") == [
        f"order-{order.pk}-pi-update-1", f"order-{order.pk}-confirm-1"] * 2
    assert Payment.objects.get(order=order).attempt == 1
    assert [c["amount"] for c in _succeeded_charges(localstripe)] == [
        order.total_cents]


def test_a_refund_retried_after_a_lost_answer_is_refunded_once(stripe_calls, localstripe,
                                                                tasting):
    order = order_for(tasting)
    pay(order)
    payments.payment_sync(order=order)
    booking = order.bookings.get()
    stripe_calls.lose_next_answer = True  # Stripe refunds, the answer is lost: nothing stored
    with pytest.raises(PaymentServiceUnavailable):
        payments.payment_refund(booking=booking, amount_cents=2500)
    assert not Refund.objects.exists()
    refund = payments.payment_refund(booking=booking, amount_cents=2500)
    key = f"order-{order.pk}-booking-{booking.pk}-refund-1"
    assert stripe_calls.keys("create")[-2:] == [key, key]
    payment = Payment.objects.get(order=order)
    on_stripe = json.loads(localstripe.request(
        "GET", f"/v1/refunds?payment_intent={payment.intent_id}"))["data"]
    assert [(r["id"], r["amount"]) for r in on_stripe] == [(refund.stripe_id, 2500)]
    assert payment.refunded_cents == 2500
