"""A registration's documents: its QR code (PNG) and a badge (PDF) with the company, the
event and the QR code.

The QR code holds the absolute URL of the managers' door check-in screen with the
registration's token, so scanning it with any phone opens the screen with the token filled in
(and the screen also takes the bare token, typed).
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import qrcode
from django.conf import settings
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from cluster.events.models import Registration
from marketplace.bookings.documents.vouchers import pdf_fonts
from marketplace.core.dates import LOCAL_TZ

CHECKIN_URL_NAME = "cluster_event_checkin"


def registration_checkin_url(*, token: str) -> str:
    """The absolute URL of the door check-in screen with ``token`` filled in."""
    path = reverse(CHECKIN_URL_NAME)
    return f"{settings.SITE_URL.rstrip('/')}{path}?{urlencode({'token': token})}"


def registration_qr_png(*, registration: Registration) -> bytes:
    """The registration's QR code as a PNG (error correction M, 4-module quiet zone)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(registration_checkin_url(token=registration.token))
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def registration_badge_filename(*, registration: Registration) -> str:
    return f"badge-event{registration.event_id}-{registration.pk}.pdf"


def registration_badge_pdf(*, registration: Registration) -> bytes:
    """An A6 badge: the event's title, date and place, the company, who comes, and the QR
    code to show at the door."""
    event, member = registration.event, registration.member
    regular, bold = pdf_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A6, pageCompression=1)
    pdf.setTitle(_("Badge: %(company)s") % {"company": member.name})
    pdf.setAuthor("Innotourclust")
    width, height = A6
    left, y = 8 * mm, height - 12 * mm
    pdf.setFont(bold, 12)
    pdf.drawString(left, y, event.title[:48])
    y -= 6 * mm
    pdf.setFont(regular, 9)
    when = formats.date_format(event.starts_at.astimezone(LOCAL_TZ), "j F Y, H:i")
    pdf.drawString(left, y, f"{when}  {event.place_name}"[:70])
    y -= 12 * mm
    pdf.setFont(bold, 15)
    pdf.drawString(left, y, member.name[:34])
    if registration.attendees:
        y -= 6 * mm
        pdf.setFont(regular, 9)
        pdf.drawString(left, y, registration.attendees[:70])
    size = 55 * mm
    qr = ImageReader(io.BytesIO(registration_qr_png(registration=registration)))
    pdf.drawImage(qr, (width - size) / 2, 12 * mm, size, size)
    pdf.setFont(regular, 7)
    pdf.drawCentredString(width / 2, 8 * mm, _("Show this code at the door."))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
