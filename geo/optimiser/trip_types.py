"""Value types of multi-day trips: the request (candidates, travel times, rules) and the plan.

Times are whole minutes; ``open_min``/``close_min`` and the day window are minutes from
midnight and hold on every day of the trip. ``point`` fields index ``travel_min``, the caller's
travel-time matrix between all candidate points (experiences, lodgings, start and end place).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.optimiser.errors import InvalidProblem


@dataclass(frozen=True)
class Experience:
    """A candidate visit: where, country (ISO code), sector, interest score, visit duration and
    the window in which the visit may start (minutes from midnight)."""

    key: str
    point: int
    country: str
    sector: str
    score: int
    duration_min: int
    open_min: int = 0
    close_min: int = 24 * 60


@dataclass(frozen=True)
class Lodging:
    """A candidate place to spend a night: where, country, nightly price and a fit score."""

    key: str
    point: int
    country: str
    price_cents: int
    score: int = 0


@dataclass(frozen=True)
class TripRequest:
    """What the traveller asks for. The trip has ``n_days`` days, each a tour between
    ``day_start_min`` and ``day_end_min``: day 1 leaves ``start_point``, the last day ends at
    ``end_point``, and every day in between starts at the previous night's lodging and ends
    at that night's lodging. Rules: at most one experience per sector and day except for
    ``repeatable_sectors``; at least one experience in each of ``required_countries``; every
    experience in ``required_experiences`` (keys) is visited; each sector of
    ``requested_sectors`` covered earns ``sector_reward``; a night earns the lodging's score
    minus ``score_per_euro`` × its price in euros."""

    travel_min: tuple[tuple[int, ...], ...]
    experiences: tuple[Experience, ...]
    lodgings: tuple[Lodging, ...]
    n_days: int
    start_point: int
    end_point: int
    day_start_min: int = 9 * 60
    day_end_min: int = 19 * 60
    repeatable_sectors: frozenset[str] = frozenset()
    required_countries: frozenset[str] = frozenset()
    required_experiences: frozenset[str] = frozenset()
    requested_sectors: frozenset[str] = frozenset()
    sector_reward: int = 0
    score_per_euro: float = 0.0

    def __post_init__(self) -> None:
        n_points = len(self.travel_min)
        if any(len(row) != n_points for row in self.travel_min):
            raise InvalidProblem("travel_min must be a square matrix")
        points = [e.point for e in self.experiences] + [h.point for h in self.lodgings]
        if any(not 0 <= p < n_points for p in [*points, self.start_point, self.end_point]):
            raise InvalidProblem("a point lies outside travel_min")
        if self.n_days < 1:
            raise InvalidProblem("a trip has at least one day")
        if self.n_days > 1 and not self.lodgings:
            raise InvalidProblem("a trip of several days needs lodgings")
        keys = {e.key for e in self.experiences}
        if len(keys) != len(self.experiences):
            raise InvalidProblem("experience keys must be unique")
        if missing := self.required_experiences - keys:
            raise InvalidProblem(f"unknown required experiences: {sorted(missing)}")


@dataclass(frozen=True)
class TripVisit:
    """One experience of a day: its key and the minutes (from midnight) its visit starts and
    ends."""

    experience_key: str
    start_min: int
    end_min: int


@dataclass(frozen=True)
class TripDay:
    """A day of the plan: the points it starts and ends at, the night's lodging (None on the
    last day), the visits in order and the minute of arrival at the end point."""

    day: int
    start_point: int
    end_point: int
    lodging_key: str | None
    visits: tuple[TripVisit, ...]
    arrive_min: int


@dataclass(frozen=True)
class TripPlan:
    """The chosen trip. ``value`` = ``experience_score`` + ``sector_bonus`` +
    ``lodging_value`` (the objective); ``countries`` are those of the visited experiences."""

    days: tuple[TripDay, ...]
    value: float
    experience_score: int
    sector_bonus: int
    lodging_value: float
    countries: frozenset[str]
