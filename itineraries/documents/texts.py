"""The words the proposal's documents share: a leg said in one line, durations, the party,
local clock times. Callers run them inside ``translation.override(proposal.language)``."""

from __future__ import annotations

from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from itineraries.models import Leg
from itineraries.selectors.proposal import Proposal, ProposalLeg, ProposalStop
from marketplace.core.dates import LOCAL_TZ


def clock(moment: datetime) -> str:
    """``HH:MM`` of an aware instant in local time (CET/CEST)."""
    return moment.astimezone(LOCAL_TZ).strftime("%H:%M")


def local_day(moment_or_date) -> str:
    """A local date in words, as the site writes it (``Tuesday 5 May 2026``)."""
    if isinstance(moment_or_date, datetime):
        moment_or_date = moment_or_date.astimezone(LOCAL_TZ)
    return formats.date_format(moment_or_date, "l j F Y")


def duration_text(minutes: int) -> str:
    """``45 min`` or ``2 h 05 min``."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(m)d min") % {"m": rest}
    return _("%(h)d h %(m)02d min") % {"h": hours, "m": rest}


def party_text(proposal: Proposal) -> str:
    """``2 adults, 1 child (8)``: the party as the client reads it."""
    text = ngettext("%(n)d adult", "%(n)d adults", proposal.adults) % {"n": proposal.adults}
    children = len(proposal.child_ages)
    if children:
        ages = ", ".join(str(age) for age in proposal.child_ages)
        text += ", " + ngettext("%(n)d child (%(ages)s)", "%(n)d children (%(ages)s)",
                                children) % {"n": children, "ages": ages}
    return text


def stop_when(stop: ProposalStop) -> str:
    """``10:00–12:30``, or the start alone for a moment."""
    if stop.ends_at == stop.starts_at:
        return clock(stop.starts_at)
    return f"{clock(stop.starts_at)}–{clock(stop.ends_at)}"


def leg_summary(leg: ProposalLeg) -> str:
    """``Ferry: Bari → Durrës``."""
    return f"{leg.kind_label}: {leg.from_name} → {leg.to_name}"


def leg_details(leg: ProposalLeg) -> str:
    """When it leaves (or sails), how long and how far, in one line."""
    if leg.kind == Leg.Kind.FERRY and leg.sails_at is not None:
        start = _("sails at %(time)s") % {"time": clock(leg.sails_at)}
        moving = duration_text(leg.duration_min)
    else:
        start = _("leaves at %(time)s") % {"time": clock(leg.depart_at)}
        moving = duration_text(leg.total_min)
    parts = [start, moving, _("%(km)s km") % {"km": formats.number_format(
        leg.distance_km, decimal_pos=0, use_l10n=True)}]
    if leg.kind == Leg.Kind.BORDER and leg.wait_min:
        parts.append(_("about %(wait)s at the border") % {"wait": duration_text(leg.wait_min)})
    if leg.overnight:
        parts.append(_("overnight"))
    return ", ".join(parts)
