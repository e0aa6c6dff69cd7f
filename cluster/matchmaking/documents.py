"""PDF schedules of a B2B event: one per company (its meetings: time, table, with whom) and
one per table (its meetings: time, the two companies). Times are local (Europe/Rome); the
fonts and table style are the marketplace's (DejaVu where present)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cluster.events.models import Registration
from cluster.matchmaking.models import MeetingTable
from cluster.matchmaking.selectors import ScheduleRow, participant_schedule, table_schedule
from marketplace.bookings.documents.vouchers import pdf_fonts
from marketplace.core.dates import LOCAL_TZ


def participant_schedule_filename(*, registration: Registration) -> str:
    return f"meetings-{registration.event_id}-{registration.pk}.pdf"


def table_schedule_filename(*, table: MeetingTable) -> str:
    return f"meetings-{table.event_id}-table-{table.pk}.pdf"


def participant_schedule_pdf(*, registration: Registration) -> bytes:
    """A company's meetings at a B2B event as an A4 PDF (active language)."""
    return _schedule_pdf(
        title=_("Your meetings — %(company)s") % {"company": registration.member.name},
        event=registration.event, rows=participant_schedule(registration=registration),
        with_header=_("With"))


def table_schedule_pdf(*, table: MeetingTable) -> bytes:
    """The meetings at one table of a B2B event as an A4 PDF (active language), to leave on
    the table."""
    return _schedule_pdf(title=_("Table %(name)s") % {"name": table.name}, event=table.event,
                         rows=table_schedule(table=table), with_header=_("Companies"))


def _schedule_pdf(*, title: str, event, rows: list[ScheduleRow], with_header: str) -> bytes:
    regular, bold = pdf_fonts()
    cell = ParagraphStyle("cell", fontName=regular, fontSize=10, leading=13)
    head = ParagraphStyle("head", fontName=bold, fontSize=10, leading=13)
    heading = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20)
    text = ParagraphStyle("text", fontName=regular, fontSize=10, leading=13)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm, title=title,
                                 author="Innotourclust")
    day = formats.date_format(event.starts_at.astimezone(LOCAL_TZ), "l j F Y")
    where = f", {event.place_name}" if event.place_name else ""
    story = [Paragraph(escape(title), heading), Spacer(1, 2 * mm),
             Paragraph(escape(f"{event.title} — {day}{where}"), text), Spacer(1, 2 * mm),
             Paragraph(ngettext("%(count)d meeting.", "%(count)d meetings.", len(rows))
                       % {"count": len(rows)}, text), Spacer(1, 4 * mm)]
    if rows:
        data = [[Paragraph(escape(h), head) for h in (_("Time"), _("Table"), with_header)]]
        for row in rows:
            start, end = row.starts_at.astimezone(LOCAL_TZ), row.ends_at.astimezone(LOCAL_TZ)
            data.append([Paragraph(f"{start:%H:%M}–{end:%H:%M}", cell),
                         Paragraph(escape(row.table), cell),
                         Paragraph(escape(" · ".join(row.with_companies)), cell)])
        table = Table(data, colWidths=[30 * mm, 30 * mm, 114 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    else:
        story.append(Paragraph(_("No meetings."), text))
    document.build(story)
    return buffer.getvalue()
