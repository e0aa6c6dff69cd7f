"""The proposal on a map: GeoJSON for web maps, GPX for navigators and hiking apps."""

from __future__ import annotations

from datetime import UTC

import gpxpy.gpx
from django.utils import translation

from geo import LatLng, to_geojson
from itineraries.documents.texts import leg_details, leg_summary
from itineraries.selectors.proposal import Proposal, ProposalLeg, ProposalStop


def itinerary_geojson(proposal: Proposal) -> dict:
    """A GeoJSON FeatureCollection (RFC 7946, WGS84, [lon, lat] as ``geo.to_geojson`` writes
    it): each located stop a Point (``feature`` "stop", its day, kind, title, place, times in
    ISO 8601), then each leg a LineString from its start to its end (``feature`` "leg", kind,
    names, ``depart_at``/``arrive_at``, ``duration_min``, ``wait_min``, ``distance_km``), in
    the order of the trip. Stops with no place are left out."""
    features = []
    with translation.override(proposal.language):
        for day in proposal.days:
            for stop in day.stops:
                if stop.is_located:
                    features.append(to_geojson(LatLng(stop.lat, stop.lon),
                                               properties=_stop_properties(stop, day.number)))
        for day in proposal.days:
            for leg in day.legs:
                features.append(to_geojson(
                    [LatLng(leg.start_lat, leg.start_lon), LatLng(leg.end_lat, leg.end_lon)],
                    line=True, properties=_leg_properties(leg, day.number)))
    return {"type": "FeatureCollection", "features": features}


def _stop_properties(stop: ProposalStop, day: int) -> dict:
    return {"feature": "stop", "id": stop.uid, "day": day, "kind": stop.kind,
            "title": stop.title, "place": stop.place_name,
            "starts_at": stop.starts_at.isoformat(), "ends_at": stop.ends_at.isoformat(),
            "photo_url": stop.photo_url}


def _leg_properties(leg: ProposalLeg, day: int) -> dict:
    return {"feature": "leg", "id": leg.uid, "day": day, "kind": leg.kind,
            "title": leg_summary(leg), "from": leg.from_name, "to": leg.to_name,
            "depart_at": leg.depart_at.isoformat(),
            "sails_at": leg.sails_at.isoformat() if leg.sails_at else None,
            "arrive_at": leg.arrive_at.isoformat(), "wait_min": leg.wait_min,
            "duration_min": leg.duration_min, "distance_km": leg.distance_km}


def itinerary_gpx(proposal: Proposal) -> str:
    """A GPX 1.1 document: a waypoint per located stop (its title, start time, description),
    and a route per leg, in the order of the trip, from its start (departure time) to its end
    (arrival time), its ``type`` the leg's kind. Times in UTC."""
    gpx = gpxpy.gpx.GPX()
    gpx.name = proposal.title
    gpx.creator = proposal.operator_name
    with translation.override(proposal.language):
        for stop in proposal.stops:
            if stop.is_located:
                gpx.waypoints.append(gpxpy.gpx.GPXWaypoint(
                    latitude=stop.lat, longitude=stop.lon,
                    time=stop.starts_at.astimezone(UTC), name=stop.title,
                    description=stop.description or None, type=stop.kind_label))
        for number, leg in enumerate(proposal.legs, start=1):
            route = gpxpy.gpx.GPXRoute(name=leg_summary(leg), description=leg_details(leg),
                                       number=number)
            route.type = leg.kind
            route.points = [
                gpxpy.gpx.GPXRoutePoint(latitude=leg.start_lat, longitude=leg.start_lon,
                                        time=leg.depart_at.astimezone(UTC), name=leg.from_name),
                gpxpy.gpx.GPXRoutePoint(latitude=leg.end_lat, longitude=leg.end_lon,
                                        time=leg.arrive_at.astimezone(UTC), name=leg.to_name),
            ]
            gpx.routes.append(route)
    return gpx.to_xml(version="1.1")
