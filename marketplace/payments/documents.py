"""A supplier's statement for a period: each booking whose experience ended within it, with its
sale, the cluster's commission, refunds, what was paid out and what is still owed, as plain
rows, a CSV and a PDF. And a tour operator's monthly statement of what it owes on account
(``operator_account_statement``), as a CSV and a PDF.

Amounts are integer euro cents, signed as in the ledger (+ owed to the supplier): a booking's
balance is the sum of its columns, zero once paid out. Dates are local (Europe/Rome). The CSV
uses a semicolon and a BOM, as the daily manifest does, and euros with two decimals.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.bookings.documents.vouchers import pdf_fonts
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.money import cents_to_decimal, money_format
from marketplace.payments.connect_gateway import SIMULATED_LABEL
from marketplace.payments.models import LedgerEntry
from marketplace.payments.selectors import (
    AccountStatement,
    simulated_payout_ids,
    supplier_entries,
)

Kind = LedgerEntry.Kind
CURRENCY = "EUR"


@dataclass
class StatementLine:
    """One booking: its local date, order, experience, places and signed amounts in cents."""

    day: date
    order_reference: str
    experience: str
    places: int
    sale_cents: int = 0
    commission_cents: int = 0
    refunds_cents: int = 0
    paid_out_cents: int = 0

    @property
    def balance_cents(self) -> int:
        return (self.sale_cents + self.commission_cents + self.refunds_cents
                + self.paid_out_cents)


@dataclass
class Statement:
    """The lines of a supplier's period and their totals."""

    provider: ProviderPage
    period_start: date
    period_end: date
    lines: list[StatementLine] = field(default_factory=list)
    # Some payouts went through the local Connect simulator (development): no money moved.
    simulated_payouts: bool = False

    def total(self, column: str) -> int:
        return sum(getattr(line, column) for line in self.lines)


COLUMN_OF_KIND = {Kind.SALE: "sale_cents", Kind.COMMISSION: "commission_cents",
                  Kind.COMMISSION_REFUND: "commission_cents", Kind.REFUND: "refunds_cents",
                  Kind.PAYOUT: "paid_out_cents"}
AMOUNT_COLUMNS = ("sale_cents", "commission_cents", "refunds_cents", "paid_out_cents",
                  "balance_cents")


def supplier_statement(*, provider: ProviderPage, period_start: date,
                       period_end: date) -> Statement:
    """The statement of ``provider`` for the bookings whose slot ended in the period; the
    commission column is net of the commission returned on refunds."""
    statement = Statement(provider=provider, period_start=period_start, period_end=period_end)
    by_leg: dict[int, StatementLine] = {}
    entries = supplier_entries(provider=provider, period_start=period_start,
                               period_end=period_end)
    statement.simulated_payouts = bool(simulated_payout_ids(
        payout_ids={e.payout_id for e in entries if e.kind == Kind.PAYOUT and e.payout_id}))
    for entry in entries:
        line = by_leg.get(entry.booking_id)
        if line is None:
            booking = entry.booking
            line = by_leg[entry.booking_id] = StatementLine(
                day=booking.slot.starts_at.astimezone(LOCAL_TZ).date(),
                order_reference=entry.order.reference, experience=booking.experience.title,
                places=booking.places)
            statement.lines.append(line)
        column = COLUMN_OF_KIND[entry.kind]
        setattr(line, column, getattr(line, column) + entry.amount_cents)
    return statement


def statement_filename(*, statement: Statement, extension: str) -> str:
    return (f"statement-{statement.provider.slug}-{statement.period_start:%Y-%m-%d}"
            f"-{statement.period_end:%Y-%m-%d}.{extension}")


def _headers() -> list[str]:
    return [_("Date"), _("Order"), _("Experience"), _("Places"), _("Sale"), _("Commission"),
            _("Refunds"), _("Paid out"), _("Balance")]


def _euros(amount_cents: int) -> str:
    return str(cents_to_decimal(amount_cents))


def statement_csv(*, statement: Statement) -> str:
    """The statement as CSV text: a header row, one row per booking (amounts in euros, two
    decimals, signed), and a totals row."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_headers())
    for line in statement.lines:
        writer.writerow([line.day.isoformat(), line.order_reference, line.experience,
                         line.places] + [_euros(getattr(line, c)) for c in AMOUNT_COLUMNS])
    writer.writerow([_("Total"), "", "", statement.total("places")]
                    + [_euros(statement.total(c)) for c in AMOUNT_COLUMNS])
    if statement.simulated_payouts:
        writer.writerow([_simulated_note()])
    return out.getvalue()


def _simulated_note() -> str:
    return _("Paid out: %(label)s. These payouts were made by the local simulator of a "
             "development site; no money moved.") % {"label": SIMULATED_LABEL}


def _money(amount_cents: int) -> str:
    return money_format(amount_cents=amount_cents, currency=CURRENCY)


def statement_pdf(*, statement: Statement) -> bytes:
    """The statement as an A4 landscape PDF: supplier, period, the bookings and the totals."""
    regular, bold = pdf_fonts()
    small = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19)
    text = ParagraphStyle("text", fontName=regular, fontSize=10, leading=13)
    provider = statement.provider
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm,
                                 rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                                 title=_("Statement"), author="Innotourclust")
    story = [
        Paragraph(escape(_("Statement of %(supplier)s") % {"supplier": provider.title}), title),
        Spacer(1, 2 * mm),
        Paragraph(escape(_("%(legal_name)s — VAT %(vat)s") % {
            "legal_name": provider.legal_name, "vat": provider.vat_number}), text),
        Paragraph(escape(_("Experiences that ended from %(start)s to %(end)s") % {
            "start": formats.date_format(statement.period_start, "j F Y"),
            "end": formats.date_format(statement.period_end, "j F Y")}), text),
        Spacer(1, 4 * mm),
    ]
    if statement.lines:
        rows = [[formats.date_format(line.day, "SHORT_DATE_FORMAT"), line.order_reference,
                 Paragraph(escape(line.experience), small), line.places]
                + [_money(getattr(line, c)) for c in AMOUNT_COLUMNS]
                for line in statement.lines]
        totals = ([_("Total"), "", "", statement.total("places")]
                  + [_money(statement.total(c)) for c in AMOUNT_COLUMNS])
        table = Table([_headers()] + rows + [totals], repeatRows=1,
                      colWidths=[w * mm for w in (22, 26, 78, 15, 26, 26, 26, 26, 26)])
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), regular, 8),
            ("FONT", (0, 0), (-1, 0), bold, 8),
            ("FONT", (0, -1), (-1, -1), bold, 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
            ("LINEABOVE", (0, -1), (-1, -1), 0.75, colors.black),
            ("GRID", (0, 0), (-1, -2), 0.25, colors.grey),
            ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
        story += [Spacer(1, 4 * mm), Paragraph(escape(_(
            "Amounts in euros, signed from the supplier's side: the sale, less the cluster's "
            "commission (net of the commission returned on refunds), less refunds to buyers, "
            "less what was paid out. The balance is what is still owed.")), text)]
        if statement.simulated_payouts:
            story.append(Paragraph(escape(_simulated_note()), text))
    else:
        story.append(Paragraph(escape(_("No experience ended in this period.")), text))
    document.build(story)
    return buffer.getvalue()


def statement_response(*, statement: Statement, extension: str):
    """The statement as a download: ``csv`` or ``pdf`` (an ``HttpResponse`` attachment)."""
    body = (statement_csv(statement=statement) if extension == "csv"
            else statement_pdf(statement=statement))
    return _attachment(body, extension=extension,
                       filename=statement_filename(statement=statement, extension=extension))


def _attachment(body: str | bytes, *, extension: str, filename: str):
    """A CSV (text) or PDF (bytes) download named ``filename``."""
    from django.http import HttpResponse

    content_type = "text/csv; charset=utf-8" if extension == "csv" else "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# SECTION: a tour operator's monthly statement


def account_statement_filename(*, statement: AccountStatement, extension: str) -> str:
    return f"account-{statement.operator.pk}-{statement.first_day:%Y-%m}.{extension}"


def _account_headers() -> list[str]:
    return [_("Recorded"), _("Order"), _("Booking"), _("Supplier"), _("Experience"),
            _("Starts"), _("Places"), _("Entry"), _("Amount")]


def _account_rows(statement: AccountStatement) -> list[list]:
    return [[line.recorded_on.isoformat(), group.order.reference, line.booking_id,
             line.supplier, line.experience, line.starts_local.strftime("%Y-%m-%d %H:%M"),
             line.places, line.kind_label, line.amount_cents]
            for group in statement.orders for line in group.lines]


def account_statement_csv(*, statement: AccountStatement) -> str:
    """The operator's month as CSV text (semicolons, a BOM): a header row, one row per
    entry (amounts in euros, two decimals, signed: + owed), the month's total and the
    balance owed at its end."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_account_headers())
    for row in _account_rows(statement):
        writer.writerow(row[:-1] + [_euros(row[-1])])
    writer.writerow([_("Total of the month")] + [""] * 7 + [_euros(statement.total_cents)])
    writer.writerow([_("Owed at the end of the month")] + [""] * 7
                    + [_euros(statement.balance_cents)])
    return out.getvalue()


def account_statement_pdf(*, statement: AccountStatement) -> bytes:
    """The operator's month as an A4 landscape PDF: operator, month, entries, totals."""
    regular, bold = pdf_fonts()
    small = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=19)
    text = ParagraphStyle("text", fontName=regular, fontSize=10, leading=13)
    operator = statement.operator
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=12 * mm,
                                 rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
                                 title=_("Statement"), author="Innotourclust")
    story = [
        Paragraph(escape(_("Account statement of %(operator)s") % {"operator": operator.name}),
                  title),
        Spacer(1, 2 * mm),
        Paragraph(escape(_("VAT %(vat)s — %(month)s") % {
            "vat": operator.vat_number,
            "month": formats.date_format(statement.first_day, "YEAR_MONTH_FORMAT")}), text),
        Spacer(1, 4 * mm),
    ]
    rows = _account_rows(statement)
    if rows:
        body = [row[:3] + [Paragraph(escape(row[3]), small), Paragraph(escape(row[4]), small)]
                + row[5:8] + [_money(row[8])] for row in rows]
        totals = [[_("Total of the month")] + [""] * 7 + [_money(statement.total_cents)],
                  [_("Owed at the end of the month")] + [""] * 7
                  + [_money(statement.balance_cents)]]
        table = Table([_account_headers()] + body + totals, repeatRows=1,
                      colWidths=[w * mm for w in (22, 26, 16, 45, 62, 28, 14, 30, 28)])
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), regular, 8),
            ("FONT", (0, 0), (-1, 0), bold, 8),
            ("FONT", (0, -2), (-1, -1), bold, 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef2")),
            ("LINEABOVE", (0, -2), (-1, -2), 0.75, colors.black),
            ("GRID", (0, 0), (-1, -3), 0.25, colors.grey),
            ("ALIGN", (6, 0), (6, -1), "RIGHT"),
            ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
        story += [Spacer(1, 4 * mm), Paragraph(escape(_(
            "Amounts in euros: bookings paid on account (+) and what was given back on them "
            "(−), recorded in the month.")), text)]
    else:
        story.append(Paragraph(escape(_("Nothing was booked on account this month.")), text))
    document.build(story)
    return buffer.getvalue()


def account_statement_response(*, statement: AccountStatement, extension: str):
    """The operator's statement as a download: ``csv`` or ``pdf``."""
    body = (account_statement_csv(statement=statement) if extension == "csv"
            else account_statement_pdf(statement=statement))
    return _attachment(body, extension=extension, filename=account_statement_filename(
        statement=statement, extension=extension))
