"""Vouchers: the PDF with its QR code, and checking a voucher in."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.bookings.documents.vouchers import (
    VoucherNotValid,
    VoucherUnknown,
    voucher_check_in,
    voucher_checkin_url,
    voucher_pdf,
    voucher_qr_payload,
    voucher_qr_png,
)
from marketplace.bookings.models import Booking
from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.schedules import Slot
from marketplace.payments.services.settlement import booking_cancel, order_payment_succeeded

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(make_experience):
    def book(*, experience=None, adults=2, **details):
        experience = experience or make_experience(**details)
        slot = (Slot.objects.filter(experience=experience,
                                    starts_at__gte=timezone.now() + timedelta(days=2))
                .order_by("starts_at").first())
        adult = experience.price_options.get(label="Adult")
        order = order_place(email="ada@example.com", name="Ada Lovelace", phone="+39 333 1",
                            requests=[BookingRequest(slot_id=slot.pk,
                                                     quantities={adult.pk: adults})])
        order_payment_succeeded(order=order)
        return Booking.objects.select_related("order", "slot", "experience", "provider").get(
            order=order)

    return book


def test_voucher_pdf_is_a_pdf_with_the_qr_image(book):
    booking = book()
    pdf = voucher_pdf(booking=booking)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/Subtype /Image" in pdf, "the QR code is embedded as an image XObject"
    assert voucher_qr_png(booking=booking).startswith(b"\x89PNG")


def test_qr_payload_is_the_checkin_url_with_the_code(book, settings):
    settings.SITE_URL = "https://innotourclust.example"
    booking = book()
    payload = voucher_qr_payload(booking=booking)
    assert payload == voucher_checkin_url(code=booking.voucher_code)
    assert payload == ("https://innotourclust.example/admin/marketplace/check-in/?code="
                       + booking.voucher_code)


def test_voucher_pdf_in_every_site_language(book):
    booking = book()
    for language in ("it", "en", "sq", "sr-latn"):
        booking.order.language = language
        assert voucher_pdf(booking=booking).startswith(b"%PDF-")


def test_check_in_marks_the_booking_once(book):
    booking = book()
    now = timezone.now()
    checked = voucher_check_in(code=booking.voucher_code.lower(),
                               provider_ids=[booking.provider_id], now=now)
    assert checked.pk == booking.pk
    booking.refresh_from_db()
    assert booking.checked_in_at == now
    with pytest.raises(VoucherNotValid, match="Already checked in"):
        voucher_check_in(code=booking.voucher_code, provider_ids=[booking.provider_id])
    booking.refresh_from_db()
    assert booking.checked_in_at == now, "a second scan does not move the time"


def test_check_in_of_an_unknown_code_or_another_suppliers_voucher(book, make_provider):
    booking = book()
    other = make_provider()
    with pytest.raises(VoucherUnknown) as unknown:
        voucher_check_in(code="NOSUCHCODE", provider_ids=[booking.provider_id])
    assert unknown.value.status_code == 404
    with pytest.raises(VoucherUnknown):
        voucher_check_in(code=booking.voucher_code, provider_ids=[other.pk])
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_a_cancelled_booking_cannot_be_checked_in(book):
    booking = book()
    booking_cancel(booking=booking, by="buyer")
    with pytest.raises(VoucherNotValid, match="cannot be checked in"):
        voucher_check_in(code=booking.voucher_code, provider_ids=[booking.provider_id])
