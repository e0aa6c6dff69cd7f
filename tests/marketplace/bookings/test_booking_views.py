"""The buyer's pages (order, voucher, cancel, my bookings) and the supplier's signed links."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.bookings.models import Booking
from marketplace.bookings.selectors import BookingRequest, booking_action_token
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.schedules import Slot
from marketplace.payments.services.settlement import order_payment_succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(make_experience):
    def book(*, experience=None, adults=2, user=None, days=3, language="it", **details):
        experience = experience or make_experience(**details)
        slot = (Slot.objects.filter(experience=experience,
                                    starts_at__gte=timezone.now() + timedelta(days=days))
                .order_by("starts_at").first())
        adult = experience.price_options.get(label="Adult")
        order = order_place(email="ada@example.com", name="Ada Lovelace", user=user,
                            language=language,
                            requests=[BookingRequest(slot_id=slot.pk,
                                                     quantities={adult.pk: adults})])
        order_payment_succeeded(order=order)
        return Booking.objects.select_related("order", "slot", "experience", "provider").get(
            order=order)

    return book


def _order_url(booking, language="it", token=None):
    with translation.override(language):
        path = reverse("marketplace:order_detail", kwargs={"reference": booking.order.reference})
    return f"{path}?token={booking.order.access_token if token is None else token}"


def _cancel_url(booking, language="it"):
    with translation.override(language):
        path = reverse("marketplace:booking_cancel", kwargs={
            "reference": booking.order.reference, "booking_id": booking.pk})
    return f"{path}?token={booking.order.access_token}"


def test_order_page_shows_each_leg_with_policy_refund_and_voucher(client, book):
    booking = book(language="en")
    response = client.get(_order_url(booking, "en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert booking.order.reference in html
    assert "Degustazione di olio in frantoio" in html
    assert "Confirmed" in html
    assert "€\u00a090.00" in html
    assert "Free cancellation up to 24 hours before the start" in html
    assert "If you cancel now you get back €\u00a090.00" in html
    with translation.override("en"):
        voucher = reverse("marketplace:voucher_download", kwargs={
            "reference": booking.order.reference, "booking_id": booking.pk})
        cancel = _cancel_url(booking, "en")
    assert f"{voucher}?token={booking.order.access_token}" in html
    assert cancel in html


@pytest.mark.parametrize("token", ["", "wrong", "x" * 43])
def test_order_page_needs_the_right_token(client, book, token):
    booking = book()
    assert client.get(_order_url(booking, token=token)).status_code == 404


def test_voucher_download(client, book):
    booking = book()
    path = reverse("marketplace:voucher_download", kwargs={
        "reference": booking.order.reference, "booking_id": booking.pk})
    response = client.get(f"{path}?token={booking.order.access_token}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert client.get(f"{path}?token=nope").status_code == 404


def test_no_voucher_for_a_leg_not_confirmed(client, book):
    booking = book(booking_mode="request")
    path = reverse("marketplace:voucher_download", kwargs={
        "reference": booking.order.reference, "booking_id": booking.pk})
    assert client.get(f"{path}?token={booking.order.access_token}").status_code == 404
    html = client.get(_order_url(booking)).content.decode()
    assert path not in html


def test_cancel_shows_the_refund_first_then_cancels_on_post(client, book):
    booking = book(cancellation="custom", cancellation_hours=24, cancellation_refund_pct=50)
    page = client.get(_cancel_url(booking))
    assert page.status_code == 200
    assert "45,00" in page.content.decode()  # half of €90, Italian digits
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED, "GET never cancels"
    response = client.post(_cancel_url(booking), {"token": booking.order.access_token,
                                                   "reason": "Flight cancelled"})
    assert response.status_code == 302
    assert response["Location"] == _order_url(booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == "buyer" and booking.cancel_reason == "Flight cancelled"
    followed = client.get(response["Location"])
    assert "45,00" in followed.content.decode()
    again = client.post(_cancel_url(booking), {"token": booking.order.access_token})
    assert again.status_code == 409


def test_cancel_with_a_wrong_token_is_not_found(client, book):
    booking = book()
    path = reverse("marketplace:booking_cancel", kwargs={
        "reference": booking.order.reference, "booking_id": booking.pk})
    assert client.post(path, {"token": "wrong"}).status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_my_bookings_lists_only_the_users_orders(client, book):
    User = get_user_model()
    ada = User.objects.create_user("ada", "ada@example.com", "pw")
    bob = User.objects.create_user("bob", "bob@example.com", "pw")
    mine, theirs = book(user=ada), book(user=bob)
    url = reverse("marketplace:my_bookings")
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(ada)
    html = client.get(url).content.decode()
    assert mine.order.reference in html
    assert theirs.order.reference not in html


def _respond_url(booking, action, token=None):
    path = reverse("marketplace:booking_respond", kwargs={"action": action})
    token = booking_action_token(booking=booking, action=action) if token is None else token
    return path, token


def test_a_signed_link_confirms_before_accepting(client, book):
    booking = book(booking_mode="request")
    path, token = _respond_url(booking, "accept")
    page = client.get(path, {"token": token})
    assert page.status_code == 200
    assert "Ada Lovelace" in page.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED, "mail scanners follow links: no action"
    done = client.post(path, {"token": token})
    assert done.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    answered = client.get(path, {"token": token})
    assert answered.status_code == 409
    assert client.post(path, {"token": token}).status_code == 409


def test_a_signed_link_declines_with_a_reason(client, book):
    booking = book(booking_mode="request")
    path, token = _respond_url(booking, "decline")
    response = client.post(path, {"token": token, "reason": "Fully booked that day"})
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED
    assert booking.cancel_reason == "Fully booked that day"
    # The accept link of the same request now says it was answered.
    accept_path, accept_token = _respond_url(booking, "accept")
    assert client.get(accept_path, {"token": accept_token}).status_code == 409


@pytest.mark.parametrize("tamper", [lambda t: t[:-3], lambda t: "x" + t, lambda t: ""])
def test_a_tampered_link_gives_a_friendly_400(client, book, tamper):
    booking = book(booking_mode="request")
    path, token = _respond_url(booking, "accept")
    response = client.post(path, {"token": tamper(token)})
    assert response.status_code == 400
    assert "This link cannot be used" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.REQUESTED


def test_an_expired_link_gives_400(client, book):
    booking = book(booking_mode="request")
    path, token = _respond_url(booking, "accept")
    Booking.objects.filter(pk=booking.pk).update(
        respond_by=timezone.now() - timedelta(minutes=1))
    booking.refresh_from_db()
    # The token carries the deadline it was made with: re-sign for the past deadline.
    path, token = _respond_url(booking, "accept")
    response = client.get(path, {"token": token})
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()


def test_an_unknown_action_is_refused(client, book):
    booking = book(booking_mode="request")
    _path, token = _respond_url(booking, "accept")
    path = reverse("marketplace:booking_respond", kwargs={"action": "cancel"})
    assert client.post(path, {"token": token}).status_code == 400
