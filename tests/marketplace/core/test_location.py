import pytest

from marketplace.core.errors import OutsideClusterAreas
from marketplace.core.location import location_derive


@pytest.mark.parametrize(
    ("lat", "lon", "country", "area"),
    [
        (40.35148, 18.17180, "IT", "IT-75"),  # Lecce
        (41.99660, 14.99016, "IT", "IT-67"),  # Termoli
        (41.32744, 19.81866, "AL", "AL"),  # Tirana
        (42.44111, 19.26361, "ME", "ME"),  # Podgorica
    ],
)
def test_points_in_the_four_areas_are_located(lat, lon, country, area):
    derived = location_derive(lat=lat, lon=lon)
    assert (derived.country, derived.area) == (country, area)
    assert derived.subdivision_id and derived.subdivision_name


@pytest.mark.parametrize(("lat", "lon"), [(41.9, 12.5), (41.5, 17.8), (18.17, 40.35)])
def test_points_outside_are_refused_with_a_clear_message(lat, lon):
    with pytest.raises(OutsideClusterAreas) as excinfo:
        location_derive(lat=lat, lon=lon)
    assert "outside Puglia, Molise, Albania and Montenegro" in excinfo.value.message


def test_impossible_coordinates_are_refused():
    with pytest.raises(OutsideClusterAreas):
        location_derive(lat=120.0, lon=18.0)
