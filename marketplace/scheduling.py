"""An experience's schedule as plain values, and the occurrences (slots) it produces.

Pure functions: no database access. ``schedule_spec_from_page`` reads a page and its in-memory
child relations (which also works on unsaved pages and revisions); everything else works on
``ScheduleSpec``. Local dates and times are Europe/Rome (Italy, Albania and Montenegro all use
CET/CEST); occurrences are aware UTC datetimes.

DST: a local start time that does not exist (the spring-forward gap) moves forward by the gap
(02:30 becomes 03:30); an ambiguous one (autumn) is the first of the two (``fold=0``). Durations
are real elapsed minutes, so a 120-minute tour across the change still lasts two hours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .models.choices import ScheduleKind
from .models.schedules import DateException

LOCAL_TZ = ZoneInfo("Europe/Rome")
CHECK_IN = time(15, 0)
CHECK_OUT = time(10, 0)
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


class Occurrence(NamedTuple):
    """One slot's time range, aware UTC datetimes."""

    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class RuleSpec:
    """Weekdays (Monday = 0) with start times, or with opening hours."""

    weekdays: frozenset[int]
    start_times: tuple[time, ...] = ()
    opens_at: time | None = None
    closes_at: time | None = None


@dataclass(frozen=True)
class ExtraDate:
    """A date opened outside the weekly pattern; ``start_time`` None means the usual hours."""

    date: date
    start_time: time | None = None


@dataclass(frozen=True)
class ScheduleSpec:
    """Everything that decides when an experience runs. ``capacity`` is places per slot
    (rooms for a nightly schedule with rooms); validity dates and season months are inclusive."""

    kind: str
    rules: tuple[RuleSpec, ...] = ()
    duration_min: int = 120
    capacity: int = 10
    valid_from: date | None = None
    valid_until: date | None = None
    season_start_month: int = 1
    season_end_month: int = 12
    closed_dates: frozenset[date] = frozenset()
    extra_dates: tuple[ExtraDate, ...] = ()


def parse_start_times(value: str) -> tuple[time, ...]:
    """Parse comma-separated local start times ("09:30, 15:00") into sorted, distinct times.

    An empty value gives ``()``. Raises ``ValueError`` naming the first item that is not an
    ``HH:MM`` time of day.
    """
    times = set()
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        match = _TIME_RE.match(item)
        hour, minute = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValueError(
                f'"{item}" is not a start time: write times as HH:MM separated by commas, '
                f"for example 09:30, 15:00."
            )
        times.add(time(hour, minute))
    return tuple(sorted(times))


def schedule_spec_from_page(page) -> ScheduleSpec:
    """The schedule of an ExperiencePage (saved, unsaved or a revision's object).

    Reads the page's fields and its in-memory ``weekly_rules`` and ``date_exceptions``. Raises
    ``ValueError`` when a rule's start times cannot be read.
    """
    rules = tuple(
        RuleSpec(weekdays=frozenset(rule.weekdays()),
                 start_times=parse_start_times(rule.start_times or ""),
                 opens_at=rule.opens_at, closes_at=rule.closes_at)
        for rule in page.weekly_rules.all()
    )
    exceptions = list(page.date_exceptions.all())
    capacity = page.capacity
    if page.schedule_kind == ScheduleKind.NIGHTLY and page.rooms:
        capacity = page.rooms
    return ScheduleSpec(
        kind=page.schedule_kind, rules=rules, duration_min=page.duration_min, capacity=capacity,
        valid_from=page.valid_from, valid_until=page.valid_until,
        season_start_month=page.season_start_month, season_end_month=page.season_end_month,
        closed_dates=frozenset(e.date for e in exceptions if e.kind == DateException.CLOSED),
        extra_dates=tuple(ExtraDate(date=e.date, start_time=e.start_time)
                          for e in exceptions if e.kind == DateException.EXTRA),
    )


def local_to_utc(day: date, at: time) -> datetime:
    """The aware UTC instant of a local (Europe/Rome) wall-clock time on ``day``.

    ``fold=0`` gives both DST rules: in the spring gap zoneinfo applies the winter offset, so
    02:30 lands on 01:30 UTC (03:30 summer time); in the autumn overlap it picks the first,
    summer-time 02:30.
    """
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(UTC)


def schedule_occurrences(spec: ScheduleSpec, first_day: date, last_day: date
                         ) -> list[Occurrence]:
    """The occurrences starting on local dates ``first_day``..``last_day`` (inclusive), sorted
    by start and distinct; aware UTC datetimes."""
    return list(_iter_occurrences(spec, first_day, last_day))


def schedule_has_future_occurrences(spec: ScheduleSpec, today: date,
                                    horizon_days: int = 365) -> bool:
    """Whether the schedule has an occurrence on a local date from ``today`` through
    ``today + horizon_days - 1``. Stops at the first one found."""
    last_day = today + timedelta(days=horizon_days - 1)
    return next(_iter_occurrences(spec, today, last_day), None) is not None


def _iter_occurrences(spec: ScheduleSpec, first_day: date, last_day: date
                      ) -> Iterator[Occurrence]:
    first_day = max(first_day, spec.valid_from or first_day)
    last_day = min(last_day, spec.valid_until or last_day)
    extras: dict[date, list[time | None]] = {}
    for extra in spec.extra_dates:
        extras.setdefault(extra.date, []).append(extra.start_time)
    day_starts = _DAY_BUILDERS.get(spec.kind)
    if day_starts is None:
        raise ValueError(f"unknown schedule kind: {spec.kind!r}")
    day = first_day
    while day <= last_day:
        if day not in spec.closed_dates:
            in_pattern = _in_season(spec, day.month)
            starts = day_starts(spec, day, in_pattern, extras.get(day, ()))
            yield from sorted(set(starts))
        day += timedelta(days=1)


def _in_season(spec: ScheduleSpec, month: int) -> bool:
    start, end = spec.season_start_month, spec.season_end_month
    if start <= end:
        return start <= month <= end
    return month >= start or month <= end  # wraps around the new year, e.g. Nov..Mar


def _start_times_day(spec: ScheduleSpec, day: date, in_pattern: bool,
                     extras: list[time | None]) -> list[Occurrence]:
    weekday = day.weekday()
    times = [t for rule in spec.rules if in_pattern and weekday in rule.weekdays
             for t in rule.start_times]
    if extras:
        fallback = min((t for rule in spec.rules for t in rule.start_times), default=None)
        times += [t for t in (extra or fallback for extra in extras) if t is not None]
    duration = timedelta(minutes=spec.duration_min)
    return [Occurrence(start, start + duration)
            for start in (local_to_utc(day, t) for t in set(times))]


def _opening_hours_day(spec: ScheduleSpec, day: date, in_pattern: bool,
                       extras: list[time | None]) -> list[Occurrence]:
    rules = [r for r in spec.rules if r.opens_at is not None and r.closes_at is not None]
    weekday = day.weekday()
    rule = next((r for r in rules if weekday in r.weekdays), None)
    if not in_pattern:
        rule = None
    if rule is None and extras:
        rule = next(iter(rules), None)  # an extra date on a closed weekday: the usual hours
    if rule is None:
        return []
    # Closing at or before opening means closing after midnight.
    closes_day = day if rule.closes_at > rule.opens_at else day + timedelta(days=1)
    return [Occurrence(local_to_utc(day, rule.opens_at), local_to_utc(closes_day, rule.closes_at))]


def _nightly_day(spec: ScheduleSpec, day: date, in_pattern: bool,
                 extras: list[time | None]) -> list[Occurrence]:
    # Without any weekly rule a lodging is open every night of its season.
    weekdays = set().union(*(r.weekdays for r in spec.rules)) if spec.rules else set(range(7))
    if not extras and not (in_pattern and day.weekday() in weekdays):
        return []
    return [Occurrence(local_to_utc(day, CHECK_IN),
                       local_to_utc(day + timedelta(days=1), CHECK_OUT))]


_DAY_BUILDERS = {
    ScheduleKind.START_TIMES: _start_times_day,
    ScheduleKind.OPENING_HOURS: _opening_hours_day,
    ScheduleKind.NIGHTLY: _nightly_day,
}
