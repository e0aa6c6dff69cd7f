"""The proposal as an iCalendar file: one event per stop and per leg, for the client's
calendar."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from itineraries.documents.texts import leg_details, leg_summary
from itineraries.selectors.proposal import Proposal, ProposalLeg, ProposalStop

PRODID = "-//Innotourclust//Itinerary proposal//EN"


def itinerary_ical(proposal: Proposal) -> bytes:
    """An RFC 5545 calendar of the proposal: a VEVENT per stop (SUMMARY its title, LOCATION
    its place, GEO its point, DESCRIPTION its description and, when shown, the supplier's
    contacts) and per leg (from its start to its arrival), times in UTC. UIDs are stable: a
    calendar that imports the file again updates its events instead of doubling them."""
    domain = urlsplit(settings.SITE_URL).hostname or "innotourclust"
    stamp = timezone.now().astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", proposal.title)
    with translation.override(proposal.language):
        for stop in proposal.stops:
            calendar.add_component(_stop_event(stop, domain, stamp))
            for leg in stop.legs_after:
                calendar.add_component(_leg_event(leg, domain, stamp))
    return calendar.to_ical()


def _stop_event(stop: ProposalStop, domain: str, stamp) -> Event:
    event = _event(f"{stop.uid}@{domain}", stop.title, stop.starts_at, stop.ends_at, stamp)
    if stop.place_name:
        event.add("location", stop.place_name)
    if stop.is_located:
        event.add("geo", (stop.lat, stop.lon))
    lines = [stop.description] if stop.description else []
    if stop.supplier is not None:
        contact = ", ".join(part for part in (stop.supplier.name, stop.supplier.phone,
                                              stop.supplier.email) if part)
        lines.append(_("Supplier: %(contact)s") % {"contact": contact})
    if lines:
        event.add("description", "\n\n".join(lines))
    event.add("categories", [stop.kind_label])
    return event


def _leg_event(leg: ProposalLeg, domain: str, stamp) -> Event:
    event = _event(f"{leg.uid}@{domain}", leg_summary(leg), leg.depart_at, leg.arrive_at,
                   stamp)
    event.add("location", leg.from_name)
    event.add("geo", (leg.start_lat, leg.start_lon))
    event.add("description", leg_details(leg))
    event.add("categories", [leg.kind_label])
    event.add("transp", "OPAQUE")
    return event


def _event(uid: str, summary: str, starts_at, ends_at, stamp) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", starts_at.astimezone(UTC))
    event.add("dtend", ends_at.astimezone(UTC))
    return event
