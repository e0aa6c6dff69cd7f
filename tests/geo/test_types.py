"""Value types and exceptions of the geo library."""

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.distance import haversine_km
from geo.errors import (
    GeoError,
    InvalidCoordinates,
    InvalidDatetime,
    NoRoute,
    OutsideAreas,
    UnknownTown,
)
from geo.types import BBox, LatLng, Location

ROOT = Path(__file__).resolve().parents[2]
lats = st.floats(min_value=-90, max_value=90)
lons = st.floats(min_value=-180, max_value=180)


@given(lats, lons)
def test_latlng_accepts_every_valid_coordinate(lat, lon):
    point = LatLng(lat, lon)
    assert (point.lat, point.lon) == (lat, lon)


@given(st.one_of(st.floats(min_value=90.0001, max_value=1e6), st.floats(max_value=-90.0001)))
def test_latlng_rejects_latitude_out_of_range(lat):
    with pytest.raises(InvalidCoordinates, match="lat"):
        LatLng(lat, 0.0)


@pytest.mark.parametrize("lon", [180.5, -181.0, math.nan, math.inf])
def test_latlng_rejects_bad_longitude(lon):
    with pytest.raises(InvalidCoordinates, match="lon"):
        LatLng(0.0, lon)


@pytest.mark.parametrize("value", ["41.1", None, True])
def test_latlng_rejects_non_numbers(value):
    with pytest.raises(InvalidCoordinates):
        LatLng(value, 16.0)


def test_latlng_is_frozen_and_hashable():
    point = LatLng(41, 16)
    assert isinstance(point.lat, float) and point == LatLng(41.0, 16.0)
    assert len({point, LatLng(41.0, 16.0)}) == 1
    with pytest.raises(AttributeError):
        point.lat = 0.0  # type: ignore[misc]


@given(
    st.floats(min_value=-60, max_value=60),
    st.floats(min_value=-170, max_value=170),
    st.floats(min_value=0.5, max_value=50),
    st.floats(min_value=0, max_value=360),
    st.floats(min_value=0, max_value=0.99),
)
def test_bbox_from_center_contains_the_circle(lat, lon, radius_km, bearing_deg, fraction):
    center = LatLng(lat, lon)
    box = BBox.from_center(center, radius_km)
    # a point at fraction * radius along the bearing (local flat approximation)
    d_km = fraction * radius_km
    dlat = d_km * math.cos(math.radians(bearing_deg)) / 111.195
    dlon = d_km * math.sin(math.radians(bearing_deg)) / (111.195 * math.cos(math.radians(lat)))
    inside = LatLng(lat + dlat, lon + dlon)
    assert box.contains(center)
    if haversine_km(center, inside) < radius_km * 0.98:
        assert box.contains(inside)


def test_bbox_from_center_excludes_points_beyond_the_radius():
    bari = LatLng(41.12066, 16.86982)
    box = BBox.from_center(bari, 10.0)
    assert not box.contains(LatLng(bari.lat + 12 / 111.195, bari.lon))
    assert not box.contains(LatLng(bari.lat, bari.lon - 0.2))
    assert box.center.lat == pytest.approx(bari.lat)
    assert haversine_km(bari, LatLng(box.north, bari.lon)) == pytest.approx(10.0, rel=1e-3)


def test_bbox_rejects_an_empty_box_and_a_negative_radius():
    with pytest.raises(InvalidCoordinates):
        BBox(south=42, west=15, north=41, east=16)
    with pytest.raises(ValueError):
        BBox.from_center(LatLng(41, 16), -1.0)


def test_location_snapped():
    inside = Location("IT", "IT-75", "Puglia", "IT-BA", "Bari")
    assert not inside.snapped
    assert Location("IT", "IT-75", "Puglia", "IT-BA", "Bari", snap_distance_km=0.3).snapped


@pytest.mark.parametrize(
    "error", [InvalidCoordinates, OutsideAreas, UnknownTown, NoRoute, InvalidDatetime]
)
def test_every_error_is_a_geo_error(error):
    assert issubclass(error, GeoError)


def test_every_geo_module_imports_without_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, geo, geo.types, geo.errors, geo.distance, geo.regions, geo.geojson, "
        "geo.transport; assert not any(m.startswith('django') for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
