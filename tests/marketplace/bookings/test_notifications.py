"""Booking emails: sent after the commit, in the reader's language, with the voucher or the
signed links a supplier answers with."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.bookings.models import Booking
from marketplace.bookings.selectors import (
    BookingLinkInvalid,
    BookingRequest,
    booking_action_token,
    booking_for_action_token,
)
from marketplace.bookings.services.notifications import supplier_language
from marketplace.bookings.services.orders import booking_accept, order_place
from marketplace.catalogue.models.schedules import Slot
from marketplace.payments.services.settlement import (
    booking_cancel,
    booking_decline,
    order_payment_succeeded,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(make_experience, django_capture_on_commit_callbacks):
    def book(*, experience=None, adults=2, language="it", **details):
        experience = experience or make_experience(**details)
        slot = (Slot.objects.filter(experience=experience,
                                    starts_at__gte=timezone.now() + timedelta(days=3))
                .order_by("starts_at").first())
        adult = experience.price_options.get(label="Adult")
        order = order_place(email="ada@example.com", name="Ada Lovelace", language=language,
                            requests=[BookingRequest(slot_id=slot.pk, quantities={adult.pk: adults},
                                             note="Two vegetarians")])
        with django_capture_on_commit_callbacks(execute=True):
            order_payment_succeeded(order=order)
        return Booking.objects.select_related("order", "slot", "experience", "provider").get(
            order=order)

    return book


def _link(body: str, marker: str) -> str:
    return next(word for line in body.splitlines() for word in line.split()
                if marker in word)


def test_confirmation_goes_to_the_buyer_with_the_voucher_and_the_order_link(book, settings):
    settings.SITE_URL = "https://innotourclust.example"
    booking = book(language="en")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert message.subject.startswith("Booking confirmed: Degustazione di olio in frantoio")
    assert booking.voucher_code in message.body
    url = _link(message.body, "/orders/")
    assert url.startswith(f"https://innotourclust.example/en/orders/{booking.order.reference}/")
    assert parse_qs(urlsplit(url).query)["token"] == [booking.order.access_token]
    (name, content, mimetype), = message.attachments
    assert name == f"voucher-{booking.order.reference}-{booking.pk}.pdf"
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-")
    html, html_type = message.alternatives[0]
    assert html_type == "text/html" and booking.voucher_code in html


def test_nothing_is_sent_before_the_commit(make_experience):
    experience = make_experience()
    slot = Slot.objects.filter(experience=experience,
                               starts_at__gte=timezone.now() + timedelta(days=3)).first()
    adult = experience.price_options.get(label="Adult")
    order = order_place(email="ada@example.com", name="Ada", requests=[
        BookingRequest(slot_id=slot.pk, quantities={adult.pk: 1})])
    order_payment_succeeded(order=order)  # the test's transaction never commits
    assert mail.outbox == []


def test_a_request_asks_the_supplier_with_signed_links_and_tells_the_buyer(book):
    booking = book(booking_mode="request")
    assert booking.status == Booking.Status.REQUESTED
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"ada@example.com", booking.provider.email}
    supplier = by_recipient[booking.provider.email]
    assert booking.order.reference in supplier.subject
    assert "Two vegetarians" in supplier.body
    for action in ("accept", "decline"):
        url = _link(supplier.body, f"/bookings/respond/{action}/")
        token = parse_qs(urlsplit(url).query)["token"][0]
        assert booking_for_action_token(token=token, action=action).pk == booking.pk
    # the buyer booked in Italian: told in Italian that the request is pending
    assert "richiesta" in by_recipient["ada@example.com"].subject.lower()


def test_signed_links_expire_at_the_deadline_and_resist_tampering(book):
    booking = book(booking_mode="request")
    token = booking_action_token(booking=booking, action="accept")
    assert booking_for_action_token(token=token, action="accept",
                                    now=booking.respond_by).pk == booking.pk
    with pytest.raises(BookingLinkInvalid, match="expired"):
        booking_for_action_token(token=token, action="accept",
                                 now=booking.respond_by + timedelta(seconds=1))
    with pytest.raises(BookingLinkInvalid):
        booking_for_action_token(token=token, action="decline")  # salt per action
    with pytest.raises(BookingLinkInvalid):
        forged = f"{booking.pk + 1}." + token.split(".", 1)[1]  # another booking, same signature
        booking_for_action_token(token=forged, action="accept")
    with pytest.raises(BookingLinkInvalid):
        booking_for_action_token(token=token[:-2], action="accept")


def test_accepting_sends_the_voucher(book, django_capture_on_commit_callbacks):
    booking = book(booking_mode="request")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_accept(booking=booking)
    message, = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.attachments[0][2] == "application/pdf"


def test_a_declined_request_tells_the_buyer_of_the_full_refund(book,
                                                             django_capture_on_commit_callbacks):
    booking = book(booking_mode="request", language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_decline(booking=booking, reason="The boat is in repair")
    message, = mail.outbox
    assert message.to == ["ada@example.com"]
    assert "The boat is in repair" in message.body
    assert "€\u00a090.00" in message.body  # two adults at €45, all back


def test_cancellation_tells_buyer_and_supplier_with_the_refund(book,
                                                              django_capture_on_commit_callbacks):
    booking = book(language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        refund = booking_cancel(booking=booking, by="supplier", reason="Storm warning")
    assert refund == 9000
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"ada@example.com", booking.provider.email}
    buyer = by_recipient["ada@example.com"]
    assert "Storm warning" in buyer.body and "€\u00a090.00" in buyer.body
    assert booking.order.reference in by_recipient[booking.provider.email].subject


def test_a_buyer_cancelling_too_late_is_told_there_is_no_refund(
        book, django_capture_on_commit_callbacks, make_experience):
    booking = book(language="en", cancellation="non_refundable")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert booking_cancel(booking=booking, by="buyer") == 0
    buyer = next(m for m in mail.outbox if m.to == ["ada@example.com"])
    assert "no refund" in buyer.body


def test_a_supplier_without_email_still_leaves_the_buyer_informed(book, make_provider):
    provider = make_provider(email="")
    booking = book(provider=provider, booking_mode="request")
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert booking.status == Booking.Status.REQUESTED


def test_a_failing_mail_server_does_not_undo_the_booking(book, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    booking = book()
    assert booking.status == Booking.Status.CONFIRMED


def test_supplier_language_is_the_first_site_language_it_speaks(make_provider):
    assert supplier_language(provider=make_provider(languages="de, sq, en")) == "sq"
    assert supplier_language(provider=make_provider(languages="cnr,en")) == "sr-latn"
    assert supplier_language(provider=make_provider(languages="")) == "it"
