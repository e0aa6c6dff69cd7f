"""The proposal as a PDF for the client: the trip day by day, the travel between, the price.

Only the gross price (per person and in total) is printed: the proposal carries nothing else.
Fonts are the marketplace's (``pdf_fonts``: DejaVu, which has every letter of the four
languages); the text stays text, so it can be searched and copied.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table

from itineraries.documents.texts import (
    leg_details,
    leg_summary,
    local_day,
    party_text,
    stop_when,
)
from itineraries.selectors.proposal import Proposal, ProposalDay, ProposalStop
from marketplace.bookings.documents.vouchers import pdf_fonts
from marketplace.core.money import money_format

MARGIN = 20 * mm
MUTED = colors.HexColor("#555555")


def proposal_filename(proposal: Proposal) -> str:
    return f"itinerary-{proposal.itinerary_id}.pdf"


def proposal_pdf(proposal: Proposal) -> bytes:
    """The proposal as an A4 PDF in its language: the operator, the title, the party, the
    dates and the price (per person and total, gross), then each day with its stops (local
    times, place, description, the supplier's contacts when shown) and the legs after them."""
    with translation.override(proposal.language):
        styles = _styles()
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN + 5 * mm, title=proposal.title, author=proposal.operator_name,
            subject=_("Itinerary proposal"), pageCompression=1)
        story = _heading(proposal, styles)
        for day in proposal.days:
            story += _day(day, styles)
        issued = _("Proposal by %(operator)s, issued on %(date)s.") % {
            "operator": proposal.operator_name,
            "date": formats.date_format(timezone.localdate(), "j F Y")}

        def footer(canvas, doc):
            canvas.saveState()
            canvas.setFont(styles["small"].fontName, 8)
            canvas.setFillColor(MUTED)
            canvas.drawString(MARGIN, 12 * mm, issued)
            canvas.drawRightString(A4[0] - MARGIN, 12 * mm, str(doc.page))
            canvas.restoreState()

        document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = pdf_fonts()
    return {
        "operator": ParagraphStyle("operator", fontName=regular, fontSize=10, leading=13,
                                   textColor=MUTED),
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=25,
                                spaceAfter=4 * mm),
        "day": ParagraphStyle("day", fontName=bold, fontSize=13, leading=17,
                              spaceBefore=6 * mm, spaceAfter=2 * mm),
        "stop": ParagraphStyle("stop", fontName=bold, fontSize=10.5, leading=14,
                               spaceBefore=2 * mm),
        "body": ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8.5, leading=11,
                                textColor=MUTED),
        "leg": ParagraphStyle("leg", fontName=regular, fontSize=9, leading=12, leftIndent=6 * mm,
                              spaceBefore=1.5 * mm, textColor=MUTED),
        "label": ParagraphStyle("label", fontName=bold, fontSize=10, leading=13),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _heading(proposal: Proposal, styles: dict) -> list:
    story = [_p(proposal.operator_name, styles["operator"]), _p(proposal.title, styles["title"])]
    dates = local_day(proposal.start_date)
    if proposal.end_date != proposal.start_date:
        dates = f"{dates} – {local_day(proposal.end_date)}"
    rows = [
        (_("Party"), party_text(proposal)),
        (_("Dates"), dates),
        (_("Price per person"), money_format(amount_cents=proposal.gross_per_person_cents,
                                             currency=proposal.currency)),
        (_("Total price"), money_format(amount_cents=proposal.gross_cents,
                                        currency=proposal.currency)),
    ]
    if proposal.client_reference:
        rows.insert(0, (_("Reference"), proposal.client_reference))
    table = Table([[_p(label, styles["label"]), _p(value, styles["body"])]
                   for label, value in rows], colWidths=[40 * mm, None], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    if proposal.prices_locked and proposal.priced_at is not None:
        note = _("Prices as proposed on %(date)s.") % {"date": local_day(proposal.priced_at)}
    else:
        note = _("Prices at today's rates; they are confirmed with the proposal.")
    return story + [table, Spacer(1, 2 * mm), _p(note, styles["small"])]


def _day(day: ProposalDay, styles: dict) -> list:
    heading = _("Day %(number)d · %(date)s") % {"number": day.number,
                                                 "date": local_day(day.date)}
    if day.title:
        heading = f"{heading} — {day.title}"
    flowables = [_p(heading, styles["day"])]
    if not day.stops:
        flowables.append(_p(_("A free day."), styles["body"]))
    for stop in day.stops:
        flowables.append(KeepTogether(_stop(stop, styles)))
        flowables += [_p(f"→ {leg_summary(leg)} · {leg_details(leg)}", styles["leg"])
                      for leg in stop.legs_after]
    return flowables


def _stop(stop: ProposalStop, styles: dict) -> list:
    flowables = [_p(f"{stop_when(stop)}  {stop.title}", styles["stop"])]
    if stop.place_name:
        flowables.append(_p(stop.place_name, styles["small"]))
    if stop.description:
        flowables.append(_p(stop.description, styles["body"]))
    if stop.supplier is not None:
        contact = " · ".join(part for part in (stop.supplier.name, stop.supplier.phone,
                                                stop.supplier.email) if part)
        flowables.append(_p(_("Supplier: %(contact)s") % {"contact": contact},
                            styles["small"]))
    return flowables
