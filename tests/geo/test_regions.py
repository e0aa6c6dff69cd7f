"""Locating points in the four areas, snapping near the coast, and the towns of the data."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InvalidCoordinates, OutsideAreas, UnknownTown
from geo.regions import find_town, fold_name, load_towns, locate, locate_many

TOWNS = load_towns()
# the four towns that lie 20-300 m outside their polygon (towns.csv)
OFFSHORE_TOWNS = {"Tivat", "Materdomini", "Petrovac na Moru", "Santo Spirito"}


def test_towns_are_the_533_rows_of_the_data():
    assert len(TOWNS) == 533
    assert Counter(t.region for t in TOWNS) == {
        "Puglia": 299,
        "Albania": 148,
        "Molise": 47,
        "Montenegro": 39,
    }
    assert sum(t.is_port for t in TOWNS) == 14


def test_every_town_resolves_to_its_area_and_polygon():
    locations = locate_many([t.point for t in TOWNS])
    assert [loc.area_id for loc in locations] == [t.area_id for t in TOWNS]
    assert [loc.subdiv_id for loc in locations] == [t.boundary_subdiv_id for t in TOWNS]
    assert [loc.country_iso2 for loc in locations] == [t.country_iso2 for t in TOWNS]


@given(st.sampled_from(TOWNS))
@settings(max_examples=60, deadline=None)
def test_locate_agrees_with_locate_many(town):
    location = locate(town.point.lat, town.point.lon)
    assert location.subdiv_id == town.boundary_subdiv_id
    assert location.area_name == town.region


def test_the_four_offshore_towns_snap_within_300_m():
    snapped = {t.name: locate(t.point.lat, t.point.lon) for t in TOWNS if t.name in OFFSHORE_TOWNS}
    assert len(snapped) == 4
    assert all(0 < loc.snap_distance_km < 0.31 for loc in snapped.values())
    assert all(loc.snapped for loc in snapped.values())


def test_polygons_not_current_municipalities_are_returned():
    # documented caveats: Kotor town lies in the Cetinje polygon, Tuzi inside Podgorica
    kotor, tuzi = find_town("Kotor"), find_town("Tuzi")
    assert (kotor.subdiv_id, locate(kotor.point.lat, kotor.point.lon).subdiv_id) == (
        "ME-10",
        "ME-06",
    )
    assert locate(tuzi.point.lat, tuzi.point.lon).subdiv_id == "ME-16"


def test_a_harbour_point_just_offshore_snaps_to_the_coast():
    offshore_bari = (41.15066, 16.86982)  # about 0.9 km off the Bari waterfront
    location = locate(*offshore_bari)
    assert (location.area_id, location.subdiv_id) == ("IT-75", "IT-BA")
    assert 0.5 < location.snap_distance_km < 2.0
    with pytest.raises(OutsideAreas):
        locate(*offshore_bari, tolerance_km=0.5)


@pytest.mark.parametrize(
    ("lat", "lon", "nearest"),
    [(41.5, 17.5, "Puglia"), (42.5, 17.0, "Puglia"), (41.0, 18.9, "Albania"), (45.0, 10.0, "")],
)
def test_points_far_at_sea_or_abroad_are_refused(lat, lon, nearest):
    with pytest.raises(OutsideAreas, match=rf"km from the nearest project area \({nearest}"):
        locate(lat, lon)


def test_a_point_in_a_hole_inside_an_area_resolves_to_the_nearest_subdivision():
    # a small hole inside Puglia's outer ring near Gravina: inside the area, in no polygon
    location = locate(40.754125, 16.64035, tolerance_km=0.0)
    assert (location.area_id, location.subdiv_id) == ("IT-75", "IT-BA")


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [(41.16782, 16.36018, "IT-BA"), (42.28362, 19.00135, "ME-02")],
)
def test_a_vertex_shared_by_two_subdivisions_resolves_to_the_lowest_id(lat, lon, expected):
    # Bari/Barletta-Andria-Trani and Bar/Cetinje share these vertices
    assert locate(lat, lon).subdiv_id == expected
    assert locate(lat + 1e-4, lon).area_id == locate(lat, lon).area_id


def test_invalid_coordinates_are_refused():
    with pytest.raises(InvalidCoordinates):
        locate(91.0, 16.0)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("DURRES", "Durrës"),
        ("durrës", "Durrës"),
        ("niksic", "Nikšić"),
        ("VLORE", "Vlorë"),
        ("santa maria di leuca", "Santa Maria di Leuca"),
        ("  Bari ", "Bari"),
    ],
)
def test_find_town_ignores_case_and_diacritics(query, name):
    assert find_town(query).name == name


def test_find_town_filters_by_country_and_reports_unknown_names():
    assert find_town("Bar", country_iso2="ME").country_iso2 == "ME"
    with pytest.raises(UnknownTown, match="Atlantis"):
        find_town("Atlantis")
    with pytest.raises(UnknownTown):
        find_town("Bari", country_iso2="AL")


@given(st.sampled_from(TOWNS))
def test_fold_name_is_idempotent_and_matches_ascii_names(town):
    assert fold_name(fold_name(town.name)) == fold_name(town.name)
    assert find_town(town.name).point == next(
        t.point for t in TOWNS if fold_name(t.name) == fold_name(town.name)
    )
