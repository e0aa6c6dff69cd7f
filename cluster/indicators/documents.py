"""The indicators for the programme's reports: a CSV of the five figures, a workbook (a
summary sheet, then one sheet per target listing the companies behind it) and a PDF summary.

The CSV uses a semicolon and a BOM, as the marketplace's manifests do, so that spreadsheet
programs in Italy open it straight away.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from cluster.indicators.models import Indicator
from marketplace.bookings.documents.vouchers import pdf_fonts


def indicators_filename(*, on: date, extension: str) -> str:
    return f"cluster-indicators-{on.isoformat()}.{extension}"


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _summary_header() -> list[str]:
    return [_("Indicator"), _("Count"), _("Count goal"), _("Companies"), _("Companies goal"),
            _("Met"), _("Definition")]


def _summary_row(item: Indicator) -> list:
    target = item.target
    return [str(target.label), item.count if item.count is not None else "",
            target.goal_count if target.goal_count is not None else "",
            item.companies_count, target.goal_companies, _yes_no(item.met),
            str(target.definition)]


def indicators_csv(*, items: Sequence[Indicator]) -> bytes:
    """The five figures, one row each, with their goals and definitions (UTF-8 with a BOM,
    semicolon-separated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Day"), *_summary_header()])
    for item in items:
        writer.writerow([item.on.isoformat(), *_summary_row(item)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def indicators_xlsx(*, items: Sequence[Indicator]) -> bytes:
    """A workbook: the sheet "Summary" with the five figures, then one sheet per target (named
    by its key) listing the companies behind its figure (member id, name)."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    on = items[0].on if items else None
    summary.append([_("Indicators of the cluster on %(day)s") % {"day": on.isoformat()}
                    if on else ""])
    summary.append(_summary_header())
    for cell in summary[2]:
        cell.font = Font(bold=True)
    for item in items:
        summary.append(_summary_row(item))
    for item in items:
        sheet = workbook.create_sheet(item.target.key)
        sheet.append([str(item.target.label)])
        sheet.append([_("Member id"), _("Company")])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for company in item.companies:
            sheet.append([company.id, company.name])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _figure_text(item: Indicator) -> str:
    target = item.target
    parts = []
    if item.count is not None:
        parts.append(f"{item.count} / {target.goal_count} {target.count_label}"
                     if target.goal_count is not None else f"{item.count} {target.count_label}")
    parts.append(_("%(value)d / %(goal)d companies") % {
        "value": item.companies_count, "goal": target.goal_companies})
    return ", ".join(parts)


def indicators_pdf(*, items: Sequence[Indicator]) -> bytes:
    """A one-page summary (A4): each target with its figures, whether it is met and how it is
    counted."""
    regular, bold = pdf_fonts()
    text = ParagraphStyle("text", fontName=regular, fontSize=9, leading=11)
    heading = ParagraphStyle("heading", fontName=bold, fontSize=14, leading=18)
    on = items[0].on if items else None
    rows = [[Paragraph(escape(str(label)), ParagraphStyle("th", parent=text, fontName=bold))
             for label in (_("Indicator"), _("Figures"), _("Met"), _("Definition"))]]
    for item in items:
        rows.append([Paragraph(escape(str(item.target.label)), text),
                     Paragraph(escape(_figure_text(item)), text),
                     Paragraph(escape(_yes_no(item.met)), text),
                     Paragraph(escape(str(item.target.definition)), text)])
    table = Table(rows, colWidths=[38 * mm, 45 * mm, 14 * mm, 83 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    title = _("Indicators of the cluster")
    if on:
        title = f"{title} — {formats.date_format(on, 'DATE_FORMAT')}"
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=str(title),
                                 leftMargin=15 * mm, rightMargin=15 * mm,
                                 topMargin=15 * mm, bottomMargin=15 * mm)
    document.build([Paragraph(escape(title), heading), Spacer(1, 4 * mm), table])
    return buffer.getvalue()
