"""A supplier's daily manifest: who comes, when, for what, as rows, a CSV and a PDF.

One row per confirmed (or completed, or no-show) booking starting on the local day; times are local
(Europe/Rome). The CSV uses a semicolon and a BOM so spreadsheet programs in Italy open it
straight away.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.bookings.documents.vouchers import pdf_fonts
from marketplace.bookings.selectors import supplier_manifest
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.core.dates import LOCAL_TZ


@dataclass(frozen=True)
class ManifestRow:
    time: str
    experience: str
    reference: str
    voucher_code: str
    buyer: str
    phone: str
    places: int
    lines: str
    note: str
    status: str
    checked_in: str


def manifest_rows(*, provider: ProviderPage, day: date) -> list[ManifestRow]:
    """The manifest of ``provider`` for the local ``day`` as plain rows (active language)."""
    rows = []
    for booking in supplier_manifest(provider=provider, day=day):
        checked_in = (formats.time_format(timezone.localtime(booking.checked_in_at), "H:i")
                      if booking.checked_in_at else "")
        rows.append(ManifestRow(
            time=booking.slot.starts_at.astimezone(LOCAL_TZ).strftime("%H:%M"),
            experience=booking.experience.title,
            reference=booking.order.reference,
            voucher_code=booking.voucher_code,
            buyer=booking.order.name,
            phone=booking.order.phone,
            places=booking.places,
            lines=", ".join(f"{line.quantity} × {line.label}" for line in booking.lines.all()),
            note=booking.note,
            status=booking.get_status_display(),
            checked_in=checked_in,
        ))
    return rows


def _headers() -> list[str]:
    return [_("Time"), _("Experience"), _("Order"), _("Voucher"), _("Buyer"), _("Phone"),
            _("Places"), _("Detail"), _("Note"), _("Status"), _("Checked in")]


def _values(row: ManifestRow) -> list:
    return [row.time, row.experience, row.reference, row.voucher_code, row.buyer, row.phone,
            row.places, row.lines, row.note, row.status, row.checked_in]


def manifest_filename(*, provider: ProviderPage, day: date, extension: str) -> str:
    return f"manifest-{provider.slug}-{day:%Y-%m-%d}.{extension}"


def manifest_csv(*, provider: ProviderPage, day: date) -> str:
    """The manifest as CSV text (semicolon-separated, with a header row and a BOM)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for row in manifest_rows(provider=provider, day=day):
        writer.writerow(_values(row))
    return out.getvalue()


def manifest_pdf(*, provider: ProviderPage, day: date) -> bytes:
    """The manifest as an A4 landscape PDF table, with the places in total."""
    regular, bold = pdf_fonts()
    rows = manifest_rows(provider=provider, day=day)
    small = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    head = ParagraphStyle("head", fontName=bold, fontSize=8, leading=10)
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19)
    text = ParagraphStyle("text", fontName=regular, fontSize=10, leading=13)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm,
                                 rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                                 title=_("Manifest"), author="Innotourclust")
    story = [
        Paragraph(_("Manifest of %(provider)s — %(day)s") % {
            "provider": provider.title, "day": formats.date_format(day, "l j F Y")}, title),
        Spacer(1, 3 * mm),
        Paragraph(ngettext("%(bookings)d booking, %(places)d places.",
                           "%(bookings)d bookings, %(places)d places.", len(rows)) % {
            "bookings": len(rows), "places": sum(row.places for row in rows)}, text),
        Spacer(1, 4 * mm),
    ]
    if rows:
        data = [[Paragraph(escape(h), head) for h in _headers()]]
        data += [[Paragraph(escape(str(v)), small) for v in _values(row)] for row in rows]
        widths = [12, 40, 22, 24, 28, 24, 12, 34, 38, 20, 19]  # 273 mm: the page less margins
        table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    else:
        story.append(Paragraph(_("No bookings on this day."), text))
    document.build(story)
    return buffer.getvalue()

