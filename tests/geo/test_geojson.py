"""GeoJSON output: [lon, lat] order, geometry types, properties, and one writer only."""

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from geo.geojson import to_geojson
from geo.regions import find_town
from geo.transport import default_network, route
from geo.types import BBox, LatLng

ROOT = Path(__file__).resolve().parents[2]
JULY_MORNING = datetime(2026, 7, 1, 8, 0, tzinfo=ZoneInfo("Europe/Rome"))


@given(st.floats(min_value=-90, max_value=90), st.floats(min_value=-180, max_value=180))
def test_a_point_is_written_lon_first(lat, lon):
    feature = to_geojson(LatLng(lat, lon))
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [lon, lat]}


def test_bari_is_written_as_lon_lat():
    feature = to_geojson(find_town("Bari"))
    assert feature["geometry"]["coordinates"] == [16.86982, 41.12066]
    assert feature["properties"]["name"] == "Bari" and feature["properties"]["is_port"] is True


def test_a_bbox_is_a_closed_counter_clockwise_polygon():
    feature = to_geojson(BBox(south=41.0, west=16.0, north=42.0, east=17.5))
    (ring,) = feature["geometry"]["coordinates"]
    assert ring[0] == ring[-1] == [16.0, 41.0]
    assert shapely.Polygon(ring).exterior.is_ccw
    assert shapely.Polygon(ring).bounds == (16.0, 41.0, 17.5, 42.0)


def test_a_route_is_a_linestring_from_origin_to_destination():
    lecce, kotor = find_town("Lecce").point, find_town("Kotor").point
    trip = route(lecce, kotor, JULY_MORNING)
    feature = to_geojson(trip, properties={"day": 1})
    coords = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "LineString"
    assert coords[0] == [lecce.lon, lecce.lat] and coords[-1] == [kotor.lon, kotor.lat]
    props = feature["properties"]
    assert props["duration_min"] == pytest.approx(trip.duration_min) and props["day"] == 1
    assert props["legs"] == [leg.kind for leg in trip.legs]
    json.dumps(feature)  # serialisable as is


def test_legs_become_a_feature_collection_with_typed_properties():
    trip = route(find_town("Lecce").point, find_town("Kotor").point, JULY_MORNING)
    collection = to_geojson(list(trip.legs))
    assert collection["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds == [leg.kind for leg in trip.legs]
    ferry = next(f for f in collection["features"] if f["properties"]["kind"] == "ferry")
    assert {"sails_at", "wait_min", "overnight", "replaces_lodging"} <= set(ferry["properties"])
    border = next(f for f in collection["features"] if f["properties"]["kind"] == "border")
    assert border["geometry"]["type"] == "Point"
    json.dumps(collection)


def test_points_as_a_line_and_ferry_routes():
    a, b = LatLng(41.0, 16.0), LatLng(42.0, 19.0)
    line = to_geojson([a, b], line=True)
    assert line["geometry"] == {"type": "LineString", "coordinates": [[16.0, 41.0], [19.0, 42.0]]}
    ferry = to_geojson(default_network().ferry_edges[0].route)
    assert ferry["geometry"]["coordinates"][0] == [16.86982, 41.12066]
    assert ferry["properties"]["months"] == list(range(1, 13))
    json.dumps(ferry)


def test_unknown_values_are_refused():
    with pytest.raises(TypeError):
        to_geojson(object())  # type: ignore[arg-type]


def test_no_other_geo_module_writes_lon_lat_pairs():
    pattern = re.compile(r"\[\s*[\w.]*\.lon\s*,\s*[\w.]*\.lat\s*\]")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "geo").rglob("*.py")
        if path.name != "geojson.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
