"""Great-circle distances: known values, the WGS84 geodesic, vectorised forms."""

import numpy as np
import pyproj
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.distance import (
    EARTH_RADIUS_KM,
    haversine_km,
    haversine_km_arrays,
    one_to_many_km,
    pairwise_km,
)
from geo.types import LatLng

BARI = LatLng(41.12066, 16.86982)
DURRES = LatLng(41.32355, 19.45469)
PODGORICA = LatLng(42.44124, 19.26309)
GEOD = pyproj.Geod(ellps="WGS84")
points = st.builds(
    LatLng, st.floats(min_value=38, max_value=45), st.floats(min_value=12, max_value=22)
)


def test_bari_durres_is_about_217_km():
    # WGS84 geodesic: 217.9 km; the sphere is 0.25 % shorter at this latitude and azimuth
    assert haversine_km(BARI, DURRES) == pytest.approx(217.36, abs=0.05)


def test_quarter_meridian_and_zero():
    assert haversine_km(LatLng(0, 0), LatLng(90, 0)) == pytest.approx(np.pi / 2 * EARTH_RADIUS_KM)
    assert haversine_km(BARI, BARI) == 0.0
    assert haversine_km(LatLng(0, 179.5), LatLng(0, -179.5)) == pytest.approx(111.2, abs=0.1)


@given(points, points)
def test_haversine_is_within_half_a_percent_of_the_wgs84_geodesic(a, b):
    geodesic_km = GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000.0
    assert haversine_km(a, b) == pytest.approx(geodesic_km, rel=5e-3, abs=1e-6)


@given(points, points, points)
def test_haversine_is_a_metric(a, b, c):
    assert haversine_km(a, b) == pytest.approx(haversine_km(b, a))
    assert haversine_km(a, c) <= haversine_km(a, b) + haversine_km(b, c) + 1e-9


@given(st.lists(points, min_size=1, max_size=20))
def test_vectorised_forms_agree_with_the_scalar(pts):
    lats = np.array([p.lat for p in pts])
    lons = np.array([p.lon for p in pts])
    scalar = np.array([[haversine_km(a, b) for b in pts] for a in pts])
    assert np.allclose(pairwise_km(lats, lons), scalar, rtol=1e-9, atol=1e-3)
    assert np.allclose(haversine_km_arrays(lats[:, None], lons[:, None], lats, lons), scalar)
    assert np.allclose(one_to_many_km(pts[0], lats, lons), scalar[0])


def test_pairwise_between_two_sets_has_their_shape():
    matrix = pairwise_km(
        [BARI.lat, DURRES.lat], [BARI.lon, DURRES.lon], [PODGORICA.lat], [PODGORICA.lon]
    )
    assert matrix.shape == (2, 1)
    assert matrix[1, 0] == pytest.approx(haversine_km(DURRES, PODGORICA), abs=1e-6)
