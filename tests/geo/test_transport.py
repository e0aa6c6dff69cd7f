"""Transport model: roads, border waits, ferry timetables, routes and travel-time matrices."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import InvalidDatetime, NoRoute, OutsideAreas
from geo.regions import DATA_DIR, default_regions, find_town, load_towns
from geo.transport import (
    BorderLeg,
    FerryLeg,
    RoadLeg,
    TransportNetwork,
    default_network,
    is_peak_day,
    load_border_crossings,
    load_ferry_routes,
    parse_months,
    route,
    travel_time_matrix_min,
    travel_time_min,
)
from geo.transport.borders import parse_wait_range_min
from geo.transport.roads import ROAD_PROFILES, road_leg_km_min
from geo.types import LatLng

ROME = ZoneInfo("Europe/Rome")
JULY_MORNING = datetime(2026, 7, 1, 8, 0, tzinfo=ROME)  # a Wednesday
TOWNS = load_towns()
ROUTES = {r.route_id: r for r in load_ferry_routes(DATA_DIR / "ferries.csv")}


def town(name: str) -> LatLng:
    return find_town(name).point


def towns_of(area_ids: set[str]) -> st.SearchStrategy:
    return st.sampled_from([t for t in TOWNS if t.area_id in area_ids])


# -- roads and borders ------------------------------------------------------------------------


def test_road_time_bari_lecce_is_about_two_hours():
    profile = ROAD_PROFILES["IT-75"]
    distance_km, duration_min = road_leg_km_min(town("Bari"), town("Lecce"), profile, profile)
    assert 150 < distance_km < 190
    assert 100 < duration_min < 135


def test_mountain_roads_are_slower_than_the_puglia_plain():
    assert ROAD_PROFILES["ME"].min_per_km > ROAD_PROFILES["AL"].min_per_km
    assert ROAD_PROFILES["AL"].min_per_km > ROAD_PROFILES["IT-75"].min_per_km


def test_border_waits_from_the_csv_ranges():
    crossings = {
        c.crossing_id: c for c in load_border_crossings(DATA_DIR / "border_crossings_al_me.csv")
    }
    assert (
        crossings["AL-ME-1"].wait_min() == 60.0 and crossings["AL-ME-1"].wait_min(peak=True) == 90
    )
    assert crossings["AL-ME-2"].wait_min() == 35.0
    assert parse_wait_range_min("") == (15.0, 45.0) and parse_wait_range_min("40") == (40.0, 40.0)


@pytest.mark.parametrize(
    ("day", "peak"),
    [
        (date(2026, 8, 2), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 3), True),
        (date(2026, 10, 1), False),
        (date(2026, 7, 1), False),
    ],
)
def test_peak_days(day, peak):
    assert is_peak_day(day) is peak


# -- ferry timetables ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("season", "months", "expected"),
    [
        ("year-round", "", range(1, 13)),
        ("summer", "Jul-Aug (2025, possibly Sep)", [7, 8]),
        ("summer", "early Jul - early Sep", [7, 8, 9]),
        ("seasonal", "sources show it running Jul-Oct", [7, 8, 9, 10]),
        ("summer", "summer season (2020 season began 18 Jun)", [6, 7, 8, 9]),
        ("summer", "from late Jul (2023)", [7, 8, 9]),
        ("summer", "", [6, 7, 8, 9]),
    ],
)
def test_parse_months(season, months, expected):
    assert parse_months(season, months) == frozenset(expected)


def test_unconfirmed_routes_are_excluded_by_default():
    assert "Brindisi-Durrës" not in ROUTES
    every = load_ferry_routes(DATA_DIR / "ferries.csv", include_unconfirmed=True)
    assert {"Brindisi-Durrës", "Durrës-Brindisi"} <= {r.route_id for r in every}


def test_bari_durres_sails_three_times_a_day_every_eight_hours():
    day_start = datetime(2026, 7, 1, 0, 0, tzinfo=ROME)
    departures = ROUTES["Bari-Durrës"].departures(
        day_start, day_start + timedelta(hours=23, minutes=59)
    )
    assert [d.time() for d in departures] == [time(6), time(14), time(22)]


def test_weekly_and_seasonal_departures():
    week = (datetime(2026, 7, 6, tzinfo=ROME), datetime(2026, 7, 12, 23, 59, tzinfo=ROME))
    assert [d.strftime("%a %H:%M") for d in ROUTES["Bari-Bar"].departures(*week)] == ["Tue 10:00"]
    assert [d.strftime("%a") for d in ROUTES["Bar-Bari"].departures(*week)] == ["Wed"]
    assert len(ROUTES["Brindisi-Vlorë"].departures(*week)) == 6
    january = (datetime(2026, 1, 5, tzinfo=ROME), datetime(2026, 1, 25, tzinfo=ROME))
    assert ROUTES["Bari-Bar"].departures(*january) == []
    assert ROUTES["Vieste-Isole Tremiti"].departures(*january) == []


def test_departures_keep_local_time_across_the_dst_change():
    around = (datetime(2026, 3, 27, tzinfo=ROME), datetime(2026, 3, 31, tzinfo=ROME))
    times = {d.astimezone(ROME).time() for d in ROUTES["Brindisi-Vlorë"].departures(*around)}
    assert times == {time(23, 59)}


def test_overnight_crossings_and_lodging():
    brindisi_vlore = ROUTES["Brindisi-Vlorë"]
    sailing = brindisi_vlore.departures(JULY_MORNING, JULY_MORNING + timedelta(days=2))[0]
    assert brindisi_vlore.is_overnight(sailing) and brindisi_vlore.has_cabins
    bari_bar = ROUTES["Bari-Bar"]
    assert not bari_bar.is_overnight(
        bari_bar.departures(JULY_MORNING, JULY_MORNING + timedelta(days=7))[0]
    )
    assert not bari_bar.has_cabins


# -- routes ---------------------------------------------------------------------------------------


def test_a_ferry_leg_waits_for_the_next_departure():
    trip = route(town("Bari"), town("Durrës"), JULY_MORNING)
    (ferry,) = trip.ferry_legs
    # at the port 08:00, check-in 2 h, so the 14:00 sailing (the 06:00 one has left)
    assert ferry.sails_at == datetime(2026, 7, 1, 14, 0, tzinfo=ROME)
    assert ferry.wait_min == pytest.approx(6 * 60, abs=1e-6)
    assert ferry.duration_min == pytest.approx(9.7 * 60)
    assert not ferry.overnight


def test_an_overnight_crossing_replaces_a_night_of_lodging():
    evening = datetime(2026, 7, 1, 19, 0, tzinfo=ROME)
    trip = route(town("Brindisi"), town("Vlorë"), evening)
    (ferry,) = trip.ferry_legs
    assert ferry.sails_at.time() == time(23, 59)
    assert ferry.overnight and ferry.replaces_lodging


@given(towns_of({"IT-75", "IT-67"}), towns_of({"AL", "ME"}))
@settings(max_examples=40, deadline=None)
def test_italy_to_the_balkans_always_takes_a_ferry(it_town, balkan_town):
    trip = route(it_town.point, balkan_town.point, JULY_MORNING)
    assert trip.ferry_legs
    assert all(leg.start_name != "origin" or leg.kind == "road" for leg in trip.legs[:1])


@given(towns_of({"AL"}), towns_of({"ME"}))
@settings(max_examples=40, deadline=None)
def test_albania_montenegro_road_trips_pass_a_border_crossing(al_town, me_town):
    trip = route(al_town.point, me_town.point, datetime(2026, 10, 6, 9, 0, tzinfo=ROME))
    (border,) = trip.border_legs
    assert not trip.ferry_legs or all(
        f.route_id in {"Koman-Fierzë", "Kamenari-Lepetane", "Lepetane-Kamenari", "Fierzë-Koman"}
        for f in trip.ferry_legs
    )
    assert border.wait_min >= 30.0


def test_border_wait_is_longer_at_peak():
    tirana, podgorica = town("Tirana"), town("Podgorica")
    off_peak = route(tirana, podgorica, datetime(2026, 10, 6, 9, 0, tzinfo=ROME))
    peak = route(tirana, podgorica, datetime(2026, 8, 4, 9, 0, tzinfo=ROME))
    assert off_peak.border_legs[0].crossing_id == "AL-ME-2"
    assert peak.duration_min - off_peak.duration_min == pytest.approx(40 - 35)
    forced = route(tirana, podgorica, datetime(2026, 10, 6, 9, 0, tzinfo=ROME), peak=True)
    assert forced.duration_min == pytest.approx(peak.duration_min)


def test_out_of_season_ferries_are_not_used():
    vieste = town("Vieste")
    tremiti = town("Isole Tremiti")
    summer = route(vieste, tremiti, datetime(2026, 7, 1, 8, 35, tzinfo=ROME))
    winter = route(vieste, tremiti, datetime(2026, 1, 14, 8, 0, tzinfo=ROME))
    assert [f.route_id for f in summer.ferry_legs] == ["Vieste-Isole Tremiti"]
    assert [f.route_id for f in winter.ferry_legs] == ["Termoli-Isole Tremiti"]
    january_bar = route(town("Bari"), town("Bar"), datetime(2026, 1, 13, 8, 0, tzinfo=ROME))
    assert "Bari-Bar" not in {f.route_id for f in january_bar.ferry_legs}


def test_legs_are_contiguous_and_add_up():
    trip = route(town("Lecce"), town("Kotor"), JULY_MORNING)
    assert isinstance(trip.legs[0], RoadLeg) and trip.legs[0].start == town("Lecce")
    assert trip.legs[-1].end == town("Kotor")
    for before, after in zip(trip.legs, trip.legs[1:], strict=False):
        assert after.depart_at == before.arrive_at and after.start == before.end
    assert {type(leg) for leg in trip.legs} == {RoadLeg, FerryLeg, BorderLeg}
    assert trip.arrive_at - trip.depart_at == timedelta(minutes=trip.duration_min)


def test_travel_time_min_needs_an_aware_datetime_and_points_in_the_areas():
    with pytest.raises(InvalidDatetime):
        travel_time_min(town("Bari"), town("Lecce"), datetime(2026, 7, 1, 8))
    with pytest.raises(OutsideAreas):
        travel_time_min(town("Bari"), LatLng(41.5, 17.5), JULY_MORNING)


def test_no_route_when_no_ferry_sails():
    summer_only = tuple(
        r for r in load_ferry_routes(DATA_DIR / "ferries.csv") if r.season != "year-round"
    )
    network = TransportNetwork.build(
        regions=default_regions(),
        ferry_routes=summer_only,
        crossings=load_border_crossings(DATA_DIR / "border_crossings_al_me.csv"),
    )
    january = datetime(2026, 1, 14, 8, 0, tzinfo=ROME)
    with pytest.raises(NoRoute, match="no ferry"):
        travel_time_min(town("Termoli"), town("Isole Tremiti"), january, network=network)
    matrix = travel_time_matrix_min(
        [town("Termoli"), town("Isole Tremiti")], january, network=network
    )
    assert np.isinf(matrix[0, 1]) and matrix[0, 0] == 0.0


# -- matrices -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "depart_at",
    [
        JULY_MORNING,
        datetime(2026, 1, 15, 23, 30, tzinfo=ROME),
        datetime(2026, 3, 29, 0, 30, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 8, 3, 5, 0, tzinfo=ROME),
    ],
)
def test_matrix_equals_pairwise_travel_time(depart_at):
    rng = np.random.default_rng(7)
    sample = [TOWNS[i].point for i in rng.choice(len(TOWNS), 25, replace=False)]
    sample += [town(n) for n in ("Isole Tremiti", "Kotor", "Bajram Curri", "Bar", "Vlorë", "Tivat")]
    matrix = travel_time_matrix_min(sample, depart_at)
    expected = np.array([[travel_time_min(a, b, depart_at) for b in sample] for a in sample])
    assert np.allclose(matrix, expected, rtol=1e-9, atol=1e-3)


def test_timeless_matrix_is_symmetric_and_finite():
    sample = [t.point for t in TOWNS[::11]]
    matrix = travel_time_matrix_min(sample)
    assert np.isfinite(matrix).all() and np.allclose(matrix, matrix.T)
    assert (np.diag(matrix) == 0).all() and (matrix >= 0).all()


def test_default_network_is_built_once():
    assert default_network() is default_network()


def test_unconfirmed_routes_are_used_only_when_asked():
    evening = datetime(2026, 7, 1, 19, 0, tzinfo=ROME)
    brindisi, durres = town("Brindisi"), town("Durrës")
    default = route(brindisi, durres, evening)
    every = route(brindisi, durres, evening, network=default_network(include_unconfirmed=True))
    assert "Brindisi-Durrës" not in {f.route_id for f in default.ferry_legs}
    assert [f.route_id for f in every.ferry_legs] == ["Brindisi-Durrës"]
    assert every.duration_min < default.duration_min


def test_matrix_refuses_points_outside_the_areas():
    with pytest.raises(OutsideAreas, match="km from the nearest project area"):
        travel_time_matrix_min([town("Bari"), LatLng(41.5, 17.5)], JULY_MORNING)
