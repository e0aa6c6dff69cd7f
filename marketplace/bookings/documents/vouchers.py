"""Vouchers: the PDF a buyer shows on the day, its QR code, and checking a voucher in.

The QR code holds the supplier's check-in URL with the voucher code, so scanning it with any
phone opens the check-in page (in the Wagtail admin) with the code filled in.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import qrcode
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from marketplace.bookings.models import Booking
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import VoucherNotValid, VoucherUnknown
from marketplace.core.money import money_format

# DejaVu covers every letter of Italian, Albanian and Montenegrin (ë, ç, č, ć, š, ž, đ);
# reportlab's own Vera is the fallback where the system has no DejaVu.
FONT_CANDIDATES = (
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
     Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
)


@lru_cache(maxsize=1)
def pdf_fonts() -> tuple[str, str]:
    """Names of the (regular, bold) fonts registered for the marketplace's PDFs."""
    import reportlab

    candidates = list(FONT_CANDIDATES)
    vera = Path(reportlab.__file__).parent / "fonts"
    candidates.append((vera / "Vera.ttf", vera / "VeraBd.ttf"))
    for regular, bold in candidates:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("MarketplaceSans", str(regular)))
            pdfmetrics.registerFont(TTFont("MarketplaceSans-Bold", str(bold)))
            return "MarketplaceSans", "MarketplaceSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def voucher_checkin_url(*, code: str) -> str:
    """The absolute URL of the supplier's check-in page with ``code`` filled in."""
    path = reverse("marketplace_checkin")
    return f"{settings.SITE_URL.rstrip('/')}{path}?{urlencode({'code': code})}"


def voucher_qr_payload(*, booking: Booking) -> str:
    """What the voucher's QR code encodes: the check-in URL with the voucher code."""
    return voucher_checkin_url(code=booking.voucher_code)


def voucher_qr_png(*, booking: Booking) -> bytes:
    """The voucher's QR code as a PNG (error correction M, 4-module quiet zone)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(voucher_qr_payload(booking=booking))
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def voucher_filename(*, booking: Booking) -> str:
    return f"voucher-{booking.order.reference}-{booking.pk}.pdf"


def _when(starts_at: datetime, ends_at: datetime) -> str:
    start, end = starts_at.astimezone(LOCAL_TZ), ends_at.astimezone(LOCAL_TZ)
    day = formats.date_format(start, "l j F Y")
    if start.date() == end.date():
        return f"{day}, {start:%H:%M}–{end:%H:%M}"
    return f"{day} {start:%H:%M} → {formats.date_format(end, 'j F Y')} {end:%H:%M}"


def voucher_pdf(*, booking: Booking) -> bytes:
    """The voucher of a booking as a one-page A4 PDF, in the order's language: experience,
    date and local time, meeting point, places per line, price, supplier contact, voucher code
    and the QR code."""
    from marketplace.bookings.selectors import experience_in_language

    order = booking.order
    with translation.override(order.language):
        experience = experience_in_language(experience=booking.experience,
                                            language=order.language)
        provider = booking.provider
        regular, bold = pdf_fonts()
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
        pdf.setTitle(_("Voucher %(code)s") % {"code": booking.voucher_code})
        pdf.setAuthor("Innotourclust")
        width, height = A4
        left, y = 20 * mm, height - 25 * mm

        pdf.setFont(bold, 20)
        pdf.drawString(left, y, _("Voucher"))
        pdf.setFont(regular, 10)
        pdf.drawRightString(width - left, y, _("Order %(reference)s") % {
            "reference": order.reference})
        y -= 14 * mm
        pdf.setFont(bold, 15)
        for line in _wrap(experience.title, bold, 15, width - 2 * left - 60 * mm):
            pdf.drawString(left, y, line)
            y -= 7 * mm

        qr_size = 55 * mm
        pdf.drawImage(ImageReader(io.BytesIO(voucher_qr_png(booking=booking))),
                      width - left - qr_size, height - 40 * mm - qr_size, qr_size, qr_size)

        rows = [
            (_("When"), _when(booking.slot.starts_at, booking.slot.ends_at)),
            (_("Meeting point"), experience.meeting_point or provider.address
             or provider.town or "—"),
            (_("Name"), order.name),
            (_("Places"), ", ".join(f"{line.quantity} × {line.label}"
                                    for line in booking.lines.all()) or str(booking.places)),
            (_("Price"), money_format(amount_cents=booking.price_cents,
                                      currency=booking.currency)),
            (_("Status"), booking.get_status_display()),
        ]
        y -= 4 * mm
        for label, value in rows:
            pdf.setFont(bold, 10)
            pdf.drawString(left, y, label)
            pdf.setFont(regular, 10)
            for line in _wrap(str(value), regular, 10, width - 2 * left - 95 * mm):
                pdf.drawString(left + 32 * mm, y, line)
                y -= 5.5 * mm
            y -= 1.5 * mm

        y = min(y, height - 105 * mm) - 6 * mm
        pdf.setFont(bold, 12)
        pdf.drawString(left, y, _("Voucher code"))
        pdf.setFont(bold, 22)
        pdf.drawString(left, y - 10 * mm, booking.voucher_code)
        pdf.setFont(regular, 9)
        pdf.drawString(left, y - 16 * mm, _("Show this code or the QR code to the supplier when "
                                            "you arrive."))

        y -= 30 * mm
        pdf.setFont(bold, 12)
        pdf.drawString(left, y, _("Supplier"))
        pdf.setFont(regular, 10)
        contact = [provider.title, provider.contact_name, provider.phone, provider.email,
                   ", ".join(part for part in (provider.address, provider.town) if part)]
        for line in [c for c in contact if c]:
            y -= 5.5 * mm
            pdf.drawString(left, y, line)
        if booking.note:
            y -= 10 * mm
            pdf.setFont(bold, 10)
            pdf.drawString(left, y, _("Your note to the supplier"))
            pdf.setFont(regular, 9)
            for line in _wrap(booking.note, regular, 9, width - 2 * left)[:6]:
                y -= 5 * mm
                pdf.drawString(left, y, line)

        pdf.setFont(regular, 8)
        pdf.drawString(left, 15 * mm, _("Issued by Innotourclust on %(date)s.") % {
            "date": formats.date_format(timezone.localtime(), "j F Y")})
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()


def _wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Greedy word wrap to ``max_width`` points."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


@transaction.atomic
def voucher_check_in(*, code: str, provider_ids, now: datetime | None = None) -> Booking:
    """Check in the booking with voucher ``code`` for one of ``provider_ids`` (the suppliers
    the user acts for): sets ``checked_in_at``. Raises VoucherUnknown when no booking of
    those suppliers has the code (another supplier's is never revealed), VoucherNotValid when
    the booking is not confirmed or was already checked in (saying when)."""
    from marketplace.bookings.selectors import booking_for_voucher

    now = now or timezone.now()
    found = booking_for_voucher(code=code, provider_ids=provider_ids)
    if found is None:
        raise VoucherUnknown(_("No booking of yours has the voucher code “%(code)s”. Check the "
                               "code and try again.") % {"code": code.strip()}, field="code")
    booking = Booking.objects.select_for_update().get(pk=found.pk)
    booking.order, booking.slot, booking.experience = found.order, found.slot, found.experience
    if booking.checked_in_at is not None:
        raise VoucherNotValid(_("Already checked in on %(when)s.") % {
            "when": formats.date_format(timezone.localtime(booking.checked_in_at),
                                        "DATETIME_FORMAT")}, field="code")
    if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED):
        raise VoucherNotValid(_("This booking cannot be checked in: it is %(status)s.") % {
            "status": booking.get_status_display().lower()}, field="code")
    booking.checked_in_at = now
    booking.save(update_fields=["checked_in_at"])
    return booking
