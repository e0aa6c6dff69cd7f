"""Stripe's webhook: signatures, every event stored once, replays and reordering harmless
(services.payments.stripe_event_handle through POST /payments/stripe/webhook/)."""

import copy
import json
import queue
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from marketplace.bookings.models import Booking, Order
from marketplace.core.errors import PaymentFailed
from marketplace.payments.models import LedgerEntry, Payment, StripeEvent
from marketplace.payments.services import payments
from tests.localstripe import stripe_signature
from tests.marketplace.payments.test_payments import order_for, pay

pytestmark = pytest.mark.django_db

URL = "/payments/stripe/webhook/"


def post_event(client, event: dict | bytes, *, secret: str = "whsec_tests", signature=None):
    payload = event if isinstance(event, bytes) else json.dumps(event).encode()
    header = signature if signature is not None else stripe_signature(payload, secret)
    return client.post(URL, payload, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header)


def the_event(localstripe, type: str) -> dict:
    """The one event of ``type`` the server created, as it would send it."""
    (event,) = localstripe.events(type=type)
    return event


@pytest.fixture
def tasting(make_experience):
    return make_experience(photos=0, capacity=10)


def state(order: Order) -> tuple:
    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    return (order.status, payment.status, payment.updated_at,
            sorted(order.bookings.values_list("status", flat=True)),
            LedgerEntry.objects.filter(order=order).count())


def test_the_webhook_url_has_no_language_prefix():
    assert reverse("stripe_webhook") == URL


def test_the_succeeded_event_from_stripe_marks_the_order_paid(localstripe, tasting, client):
    order = order_for(tasting)
    pay(order)
    response = post_event(client, the_event(localstripe, "payment_intent.succeeded"))
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert order.bookings.get().status == Booking.Status.CONFIRMED
    payment = Payment.objects.get(order=order)
    assert payment.status == Payment.Status.SUCCEEDED and payment.charge_id.startswith("ch_")
    stored = StripeEvent.objects.get()
    assert stored.type == "payment_intent.succeeded" and stored.processed_at is not None
    assert stored.payload["data"]["object"]["id"] == payment.intent_id


def test_the_failed_event_from_stripe_leaves_the_order_waiting(localstripe, tasting, client):
    order = order_for(tasting)
    with pytest.raises(PaymentFailed):
        pay(order, "pm_card_chargeCustomerFail")
    response = post_event(client, the_event(localstripe, "payment_intent.payment_failed"))
    assert response.status_code == 200
    assert Payment.objects.get(order=order).status == Payment.Status.FAILED
    order.refresh_from_db()
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert order.bookings.get().status == Booking.Status.HELD


@pytest.mark.parametrize("signature", [
    "", "t=1,v1=00", "garbage", stripe_signature(b"another body", "whsec_tests"),
], ids=["empty", "stale", "garbage", "another-body"])  # stable ids: xdist workers compare them
def test_a_bad_signature_is_a_400_and_nothing_is_stored(localstripe, tasting, client,
                                                        signature):
    order = order_for(tasting)
    pay(order)
    event = the_event(localstripe, "payment_intent.succeeded")
    assert post_event(client, event, signature=signature).status_code == 400
    assert post_event(client, event, secret="whsec_someone_else").status_code == 400
    assert not StripeEvent.objects.exists()
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT


def test_an_old_signature_is_refused(localstripe, tasting, client):
    order = order_for(tasting)
    pay(order)
    payload = json.dumps(the_event(localstripe, "payment_intent.succeeded")).encode()
    old = stripe_signature(payload, "whsec_tests", timestamp=int(time.time()) - 3600)
    assert post_event(client, payload, signature=old).status_code == 400
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize("body", [b"not json", b"{}", b'{"id": "evt_1"}', b"[]"])
def test_a_signed_body_that_is_not_an_event_is_a_400(localstripe, client, body):
    assert post_event(client, body).status_code == 400
    assert not StripeEvent.objects.exists()


def test_only_post_is_accepted(client):
    assert client.get(URL).status_code == 405


def test_the_same_event_twice_is_stored_once_and_changes_nothing(localstripe, tasting, client):
    order = order_for(tasting)
    pay(order)
    event = the_event(localstripe, "payment_intent.succeeded")
    assert post_event(client, event).status_code == 200
    before = state(order)
    assert post_event(client, event).status_code == 200
    assert state(order) == before
    assert StripeEvent.objects.count() == 1


def test_a_failure_arriving_after_the_success_does_not_undo_it(localstripe, tasting, client):
    order = order_for(tasting)
    pay(order)
    succeeded = the_event(localstripe, "payment_intent.succeeded")
    failed = copy.deepcopy(succeeded)
    failed.update(id="evt_late_failure", type="payment_intent.payment_failed",
                  created=succeeded["created"] - 5)
    failed["data"]["object"]["status"] = "requires_payment_method"
    assert post_event(client, succeeded).status_code == 200
    before = state(order)
    assert post_event(client, failed).status_code == 200
    assert state(order) == before
    assert before[:2] == (Order.Status.PAID, Payment.Status.SUCCEEDED)
    assert StripeEvent.objects.count() == 2  # stored, and harmless


def test_a_success_after_a_failure_pays_the_order(localstripe, tasting, client):
    """A first card declined, a second one accepted: the payment moves forward."""
    order = order_for(tasting)
    pay(order)
    succeeded = the_event(localstripe, "payment_intent.succeeded")
    failed = copy.deepcopy(succeeded)
    failed.update(id="evt_first_card", type="payment_intent.payment_failed")
    post_event(client, failed)
    assert Payment.objects.get(order=order).status == Payment.Status.FAILED
    post_event(client, succeeded)
    assert state(order)[:2] == (Order.Status.PAID, Payment.Status.SUCCEEDED)


def test_the_webhook_and_the_return_page_together_pay_once(localstripe, tasting, client):
    order = order_for(tasting)
    pay(order)
    payments.payment_sync(order=order)
    before = state(order)
    post_event(client, the_event(localstripe, "payment_intent.succeeded"))
    assert state(order) == before


def test_an_intent_that_is_not_ours_is_stored_and_ignored(localstripe, tasting, client):
    order = order_for(tasting)
    pay(order)
    event = the_event(localstripe, "payment_intent.succeeded")
    event["data"]["object"]["id"] = "pi_someone_else"
    assert post_event(client, event).status_code == 200
    assert StripeEvent.objects.get().processed_at is not None
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT


def test_a_success_for_another_amount_does_not_pay_the_order(localstripe, tasting, client):
    order = order_for(tasting)
    pay(order)
    event = the_event(localstripe, "payment_intent.succeeded")
    event["data"]["object"]["amount"] = 100
    assert post_event(client, event).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.AWAITING_PAYMENT
    assert Payment.objects.get(order=order).status == Payment.Status.PENDING


def test_other_event_types_are_stored_and_ignored(localstripe, client):
    event = {"id": "evt_customer", "type": "customer.created", "created": int(time.time()),
             "data": {"object": {"id": "cus_1", "object": "customer"}}}
    assert post_event(client, event).status_code == 200
    assert StripeEvent.objects.get().type == "customer.created"


@pytest.fixture
def webhook_catcher():
    """A small HTTP server on 127.0.0.1 that keeps what localstripe posts to it."""
    received: queue.Queue = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.put((body, self.headers["Stripe-Signature"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}{URL}", received
    server.shutdown()
    server.server_close()


def test_an_event_as_localstripe_delivers_it_is_verified_and_applied(localstripe, tasting,
                                                                    client, webhook_catcher):
    """localstripe signs and posts the event by itself (after a second); what it sent, body
    and Stripe-Signature header as they are, pays the order."""
    url, received = webhook_catcher
    localstripe.webhook_register(url=url, secret="whsec_tests")
    order = order_for(tasting)
    intent_id = pay(order).intent_id
    while True:  # events of earlier tests may still be on their way
        body, signature = received.get(timeout=15)
        if json.loads(body)["data"]["object"]["id"] == intent_id:
            break
    response = client.post(URL, body, content_type="application/json",
                           HTTP_STRIPE_SIGNATURE=signature)
    assert response.status_code == 200
    assert StripeEvent.objects.get().type == "payment_intent.succeeded"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_the_localstripe_command_registers_the_webhook_with_a_running_server(
        localstripe, tasting, client, webhook_catcher):
    """`manage.py localstripe` finds the server already running on its port (as on a second
    `make run`) and only registers the site's webhook with it."""
    from io import StringIO

    from django.core.management import call_command

    url, received = webhook_catcher
    out = StringIO()
    port = int(localstripe.url.rsplit(":", 1)[1])
    call_command("localstripe", port=port, webhook_url=url, stdout=out)
    assert "already runs" in out.getvalue()
    order = order_for(tasting)
    intent_id = pay(order).intent_id
    while True:
        body, signature = received.get(timeout=15)
        if json.loads(body)["data"]["object"]["id"] == intent_id:
            break
    assert post_event(client, body, signature=signature).status_code == 200
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID
