"""The proposal's documents: iCal, GeoJSON and GPX that parse back, and a PDF with the gross
price and no net price."""

import base64
import re
import zlib

import gpxpy
import pytest
from django.utils import translation
from icalendar import Calendar

from itineraries.documents.calendar import itinerary_ical
from itineraries.documents.pdf import proposal_pdf
from itineraries.documents.route import itinerary_geojson, itinerary_gpx
from itineraries.selectors.proposal import itinerary_proposal
from marketplace.core.money import money_format
from tests.itineraries.test_proposal import (  # noqa: F401  (the fixture)
    BARI,
    GROSS_CENTS,
    MARKUP_CENTS,
    NET_CENTS,
    PER_PERSON_CENTS,
    salento,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(salento):  # noqa: F811
    return itinerary_proposal(salento["trip"], language="en", show_contacts=True)


def pdf_text(pdf: bytes) -> str:
    """The text shown by a reportlab PDF's pages (its Tj strings, one a line), read from the
    compressed content streams. Letters outside ASCII come out as subset codes, so tests
    look for ASCII words."""
    lines = []
    for match in re.finditer(rb"/Filter\s*\[([^\]]*)\][^>]*>>\s*stream\r?\n(.*?)endstream",
                             pdf, re.S):
        raw = match.group(2).strip()
        if b"ASCII85Decode" in match.group(1):
            raw = base64.a85decode(raw.removesuffix(b"~>"))
        content = zlib.decompress(raw)
        for string in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content):
            lines.append(re.sub(rb"\\([()\\])", rb"\1", string).decode("latin-1"))
    return "\n".join(lines)


def test_the_calendar_has_an_event_per_stop_and_leg(proposal):
    calendar = Calendar.from_ical(itinerary_ical(proposal))
    events = calendar.walk("VEVENT")
    assert len(proposal.legs) > 0
    assert len(events) == len(proposal.stops) + len(proposal.legs)
    for event in events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start.tzinfo is not None and end.tzinfo is not None and end >= start
    assert len({str(event["uid"]) for event in events}) == len(events)
    dinner = next(e for e in events if str(e["summary"]) == "Dinner in Bari vecchia")
    assert str(dinner["location"]) == "Bari"
    assert (dinner["geo"].latitude, dinner["geo"].longitude) == pytest.approx(BARI)
    tasting = next(e for e in events if "Olive oil" in str(e["summary"]))
    assert "Supplier: Masseria Prova" in str(tasting["description"])
    ferry = next(e for e in events if str(e["summary"]).startswith("Ferry: "))
    assert "sails at" in str(ferry["description"])


def test_the_calendars_uids_stay_when_exported_again(proposal):
    def uids():
        return [str(e["uid"]) for e in Calendar.from_ical(itinerary_ical(proposal))
                .walk("VEVENT")]

    assert uids() == uids()


def test_geojson_is_lon_lat(proposal):
    collection = itinerary_geojson(proposal)
    assert collection["type"] == "FeatureCollection"
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in collection["features"] if f["geometry"]["type"] == "LineString"]
    assert len(points) == len([s for s in proposal.stops if s.is_located])
    assert len(lines) == len(proposal.legs)
    dinner = next(f for f in points if f["properties"]["title"] == "Dinner in Bari vecchia")
    lon, lat = dinner["geometry"]["coordinates"]
    assert (round(lon, 2), round(lat, 2)) == (16.87, 41.12)
    assert dinner["properties"]["day"] == 1
    for line in lines:
        assert line["properties"]["kind"] in ("road", "border", "ferry")
        for lon, lat in line["geometry"]["coordinates"]:
            assert 13 < lon < 21 and 39 < lat < 44  # the Adriatic, lon first
    assert {f["properties"]["kind"] for f in lines} >= {"ferry"}


def test_gpx_has_the_stops_as_waypoints_and_the_legs_as_routes(proposal):
    gpx = gpxpy.parse(itinerary_gpx(proposal))
    located = [s for s in proposal.stops if s.is_located]
    assert [w.name for w in gpx.waypoints] == [s.title for s in located]
    bari = gpx.waypoints[1]
    assert (bari.latitude, bari.longitude) == pytest.approx(BARI)
    assert bari.time is not None and bari.time.utcoffset() is not None
    assert len(gpx.routes) == len(proposal.legs)
    assert [r.type for r in gpx.routes] == [leg.kind for leg in proposal.legs]
    assert all(len(r.points) == 2 and r.points[0].time <= r.points[1].time for r in gpx.routes)


def test_the_pdf_shows_the_trip_and_the_gross_price_only(proposal):
    pdf = proposal_pdf(proposal)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    for expected in ("Salento and Albania", "Familie Vogel", "2 adults, 1 child (8)",
                     "Day 1", "Day 2", "Day 3", "Olive oil tasting in an underground mill",
                     "Dinner in Bari vecchia", "Price per person", "65.17", "195.50",
                     "sails at", "A free day."):
        assert expected in text, expected
    with translation.override("en"):
        net = money_format(amount_cents=NET_CENTS, currency="EUR").split("\xa0")[1]
        markup = money_format(amount_cents=MARKUP_CENTS, currency="EUR").split("\xa0")[1]
    assert net not in text and markup not in text
    assert not re.search(r"\bnet\b", text, re.I) and "markup" not in text.lower()


def test_the_pdf_is_in_the_proposals_language(salento):  # noqa: F811
    proposal = itinerary_proposal(salento["trip"], language="it")
    text = pdf_text(proposal_pdf(proposal))
    assert "Degustazione di olio in frantoio" in text
    assert "65,17" in text and "195,50" in text
    assert (proposal.gross_cents, proposal.gross_per_person_cents) == (GROSS_CENTS,
                                                                         PER_PERSON_CENTS)


def test_the_pdf_says_when_prices_were_locked(salento):  # noqa: F811
    from tests.itineraries.test_proposal import propose

    proposal = itinerary_proposal(propose(salento["trip"]), language="en")
    assert "Prices as proposed on" in pdf_text(proposal_pdf(proposal))
