"""GeoJSON (RFC 7946) output: the only module of the library that writes [lon, lat] order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any

from geo.transport.borders import BorderCrossing
from geo.transport.ferries import FerryRoute
from geo.transport.legs import BorderLeg, FerryLeg, RoadLeg, Route
from geo.transport.network import Hub
from geo.types import BBox, LatLng, Town

GeoJSON = dict[str, Any]
Mappable = (
    LatLng
    | BBox
    | Town
    | Hub
    | BorderCrossing
    | FerryRoute
    | RoadLeg
    | BorderLeg
    | FerryLeg
    | Route
)


def to_geojson(
    item: Mappable | Sequence[Mappable],
    *,
    properties: Mapping[str, Any] | None = None,
    line: bool = False,
) -> GeoJSON:
    """A GeoJSON Feature, or FeatureCollection for a sequence, with [lon, lat] positions.

    Points, towns, hubs and crossings become Points; boxes Polygons; ferry routes, road and
    ferry legs and whole routes LineStrings (border legs Points). Value fields become
    properties (datetimes in ISO 8601, minutes and km with their unit in the key), merged with
    `properties`. A sequence of points with `line=True` becomes one LineString Feature.
    Coordinates are WGS84 degrees, as RFC 7946 requires.
    """
    if isinstance(item, Sequence):
        if line:
            coords = [_position(p) for p in item if isinstance(p, LatLng)]
            return _feature({"type": "LineString", "coordinates": coords}, {}, properties)
        features = [to_geojson(x, properties=properties) for x in item]
        return {"type": "FeatureCollection", "features": features}
    return _feature(_geometry(item), _properties(item), properties)


def _position(point: LatLng) -> list[float]:
    """The one place where (lat, lon) turns into GeoJSON's [lon, lat]."""
    return [point.lon, point.lat]


def _geometry(item: Mappable) -> GeoJSON:
    if isinstance(item, LatLng):
        return {"type": "Point", "coordinates": _position(item)}
    if isinstance(item, Town | Hub | BorderCrossing | BorderLeg):
        point = item.start if isinstance(item, BorderLeg) else item.point
        return {"type": "Point", "coordinates": _position(point)}
    if isinstance(item, BBox):
        ring = [
            LatLng(item.south, item.west),
            LatLng(item.south, item.east),
            LatLng(item.north, item.east),
            LatLng(item.north, item.west),
        ]
        return {"type": "Polygon", "coordinates": [[_position(p) for p in [*ring, ring[0]]]]}
    if isinstance(item, FerryRoute):
        return _line([item.from_point, item.to_point])
    if isinstance(item, RoadLeg | FerryLeg):
        return _line([item.start, item.end])
    if isinstance(item, Route):
        vertices = [item.origin] + [leg.end for leg in item.legs]
        return _line(vertices)
    raise TypeError(f"cannot write {type(item).__name__} as GeoJSON")


def _line(points: list[LatLng]) -> GeoJSON:
    return {"type": "LineString", "coordinates": [_position(p) for p in points]}


def _properties(item: Mappable) -> dict[str, Any]:
    if isinstance(item, LatLng | BBox):
        return {}
    if isinstance(item, Route):
        return {
            "kind": "route",
            "depart_at": item.depart_at.isoformat(),
            "arrive_at": item.arrive_at.isoformat(),
            "duration_min": item.duration_min,
            "distance_km": item.distance_km,
            "legs": [leg.kind for leg in item.legs],
        }
    props = {f.name: _plain(getattr(item, f.name)) for f in fields(item) if _keep(item, f.name)}
    if isinstance(item, FerryLeg):
        props["replaces_lodging"] = item.replaces_lodging
    if isinstance(item, RoadLeg | BorderLeg | FerryLeg):
        props["arrive_at"] = item.arrive_at.isoformat()
    return props


def _keep(item: object, name: str) -> bool:
    value = getattr(item, name)
    return not isinstance(value, LatLng) and not is_dataclass(value)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _feature(geometry: GeoJSON, own: dict[str, Any], extra: Mapping[str, Any] | None) -> GeoJSON:
    return {"type": "Feature", "geometry": geometry, "properties": {**own, **(extra or {})}}
