"""Tests of multi-day trip planning (pure, no database)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from geo.optimiser import (
    Experience,
    InfeasibleTrip,
    InvalidProblem,
    Lodging,
    TripPlan,
    TripRequest,
    plan_trip,
)

SECTORS = ("farm", "craft", "fishing", "food")
CENTRES = {"IT": (0.0, 0.0), "AL": (200.0, 0.0), "ME": (200.0, 120.0)}


def _world(per_country: int = 8) -> tuple[list[tuple[float, float]], list[Experience],
                                          list[Lodging]]:
    """Experiences on a ring around each country's centre, two lodgings per country."""
    points, experiences, lodgings = [], [], []
    for country, (cx, cy) in CENTRES.items():
        for k in range(per_country):
            angle = 2 * math.pi * k / per_country
            points.append((cx + 25 * math.cos(angle), cy + 25 * math.sin(angle)))
            experiences.append(Experience(
                key=f"{country}-{k}", point=len(points) - 1, country=country,
                sector=SECTORS[k % len(SECTORS)], score=3 + (7 * k) % 5, duration_min=60,
                open_min=9 * 60, close_min=17 * 60))
        for k in range(2):
            points.append((cx + 10 * k, cy - 5))
            lodgings.append(Lodging(f"H-{country}-{k}", len(points) - 1, country,
                                    price_cents=8000 + 2000 * k, score=1))
    return points, experiences, lodgings


def _request(**overrides) -> TripRequest:
    points, experiences, lodgings = _world()
    points += [CENTRES["IT"], CENTRES["ME"]]
    travel = tuple(tuple(math.ceil(math.dist(p, q)) for q in points) for p in points)
    fields = dict(travel_min=travel, experiences=tuple(experiences), lodgings=tuple(lodgings),
                  n_days=3, start_point=len(points) - 2, end_point=len(points) - 1,
                  day_start_min=8 * 60, day_end_min=20 * 60)
    fields.update(overrides)
    return TripRequest(**fields)


def _plan(request: TripRequest) -> TripPlan:
    return plan_trip(request, seed=0, time_limit_s=None, iterations_per_plan=150, max_plans=12)


def _by_key(request: TripRequest) -> dict[str, Experience]:
    return {e.key: e for e in request.experiences}


def _check_days(request: TripRequest, plan: TripPlan) -> None:
    """Days chain through the lodgings, windows and the day budget hold."""
    lodging_point = {h.key: h.point for h in request.lodgings}
    experiences = _by_key(request)
    assert len(plan.days) == request.n_days
    assert plan.days[0].start_point == request.start_point
    assert plan.days[-1].end_point == request.end_point and plan.days[-1].lodging_key is None
    for day, following in zip(plan.days, plan.days[1:], strict=False):
        assert day.end_point == lodging_point[day.lodging_key] == following.start_point
    seen = [v.experience_key for day in plan.days for v in day.visits]
    assert len(seen) == len(set(seen))
    for day in plan.days:
        assert day.arrive_min <= request.day_end_min
        for visit in day.visits:
            e = experiences[visit.experience_key]
            assert e.open_min <= visit.start_min <= e.close_min
            assert visit.end_min == visit.start_min + e.duration_min


def test_required_countries_and_start_end_places() -> None:
    request = _request(required_countries=frozenset({"IT", "AL", "ME"}))
    plan = _plan(request)
    _check_days(request, plan)
    assert plan.countries >= {"IT", "AL", "ME"}
    assert request.start_point != request.end_point


def test_one_experience_per_sector_and_day_unless_repeatable() -> None:
    request = _request()
    experiences = _by_key(request)
    for day in _plan(request).days:
        sectors = Counter(experiences[v.experience_key].sector for v in day.visits)
        assert max(sectors.values(), default=0) <= 1
    open_request = _request(repeatable_sectors=frozenset(SECTORS))
    open_plan = _plan(open_request)
    _check_days(open_request, open_plan)
    busiest = max(Counter(experiences[v.experience_key].sector for v in day.visits)
                  .most_common(1)[0][1] for day in open_plan.days if day.visits)
    assert busiest >= 2


def test_required_experiences_are_visited_and_the_value_adds_up() -> None:
    request = _request(required_experiences=frozenset({"ME-5", "IT-2"}),
                       requested_sectors=frozenset({"fishing"}), sector_reward=4,
                       score_per_euro=0.01)
    plan = _plan(request)
    _check_days(request, plan)
    visited = {v.experience_key for day in plan.days for v in day.visits}
    assert {"ME-5", "IT-2"} <= visited
    experiences = _by_key(request)
    assert plan.experience_score == sum(experiences[k].score for k in visited)
    nights = [day.lodging_key for day in plan.days[:-1]]
    price = {h.key: h for h in request.lodgings}
    lodging_value = sum(price[k].score - 0.01 * price[k].price_cents / 100 for k in nights)
    assert plan.lodging_value == pytest.approx(lodging_value)
    assert plan.sector_bonus == 4
    assert plan.value == pytest.approx(plan.experience_score + plan.sector_bonus
                                       + plan.lodging_value)


def test_single_day_trip_needs_no_lodging() -> None:
    request = _request(n_days=1, lodgings=())
    plan = _plan(request)
    _check_days(request, plan)
    assert plan.days[0].visits


def test_impossible_requirements_raise() -> None:
    far = Experience("far", 0, "IT", "farm", 5, 60, 9 * 60, 9 * 60)  # at IT, opens only at 9:00
    request = _request(n_days=1, lodgings=(), start_point=_request().end_point,
                       experiences=(*_request().experiences[:-1], far),
                       required_experiences=frozenset({"far"}))
    with pytest.raises(InfeasibleTrip):
        _plan(request)
    with pytest.raises(InfeasibleTrip):  # no experience at all in that country
        _plan(_request(n_days=2, required_countries=frozenset({"IT", "XK"})))
    with pytest.raises(InvalidProblem):
        _request(required_experiences=frozenset({"nowhere"}))
