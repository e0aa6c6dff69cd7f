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
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from marketplace.catalogue.models.schedules import DateException
from marketplace.core.choices import ScheduleKind
from marketplace.core.dates import local_to_utc

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


class _Template(NamedTuple):
    """How an occurrence is built on a local day: its start, and its end that day (or
    ``end_day_offset`` days later); without ``end`` it ends ``duration_min`` after the start."""

    start: time
    end: time | None = None
    end_day_offset: int = 0


_Templates = tuple[_Template, ...]


def _iter_occurrences(spec: ScheduleSpec, first_day: date, last_day: date
                      ) -> Iterator[Occurrence]:
    weekly, extra_templates = _kind_templates(spec)
    extras: dict[date, set[_Template]] = {}
    for extra in spec.extra_dates:
        extras.setdefault(extra.date, set()).update(
            extra_templates(extra.date.weekday(), extra.start_time))
    season = _season_months(spec)
    duration = timedelta(minutes=spec.duration_min)
    day = max(first_day, spec.valid_from or first_day)
    last_day = min(last_day, spec.valid_until or last_day)
    while day <= last_day:
        templates = weekly[day.weekday()] if day.month in season else ()
        if day in extras:
            templates = (*templates, *extras[day])
        if templates and day not in spec.closed_dates:
            occurrences = [_build(day, template, duration) for template in templates]
            # Extras and the spring gap (02:30 becomes 03:30) can repeat a start.
            yield from sorted(set(occurrences)) if len(occurrences) > 1 else occurrences
        day += timedelta(days=1)


def _build(day: date, template: _Template, duration: timedelta) -> Occurrence:
    starts_at = local_to_utc(day, template.start)
    if template.end is None:
        return Occurrence(starts_at, starts_at + duration)
    end_day = day + timedelta(days=template.end_day_offset) if template.end_day_offset else day
    return Occurrence(starts_at, local_to_utc(end_day, template.end))


def _season_months(spec: ScheduleSpec) -> frozenset[int]:
    start, end = spec.season_start_month, spec.season_end_month
    if start <= end:
        return frozenset(range(start, end + 1))
    return frozenset((*range(start, 13), *range(1, end + 1)))  # wraps: 11..3 is Nov..Mar


def _kind_templates(spec: ScheduleSpec):
    """Per weekday (Monday = 0) the pattern's templates, and a function giving an extra date's
    templates from its weekday and start time."""
    builders = {ScheduleKind.START_TIMES: _start_times_templates,
                ScheduleKind.OPENING_HOURS: _opening_hours_templates,
                ScheduleKind.NIGHTLY: _nightly_templates}
    if spec.kind not in builders:
        raise ValueError(f"unknown schedule kind: {spec.kind!r}")
    return builders[spec.kind](spec.rules)


def _start_times_templates(rules: tuple[RuleSpec, ...]):
    weekly = [tuple(_Template(t) for t in sorted({t for rule in rules if weekday in rule.weekdays
                                                  for t in rule.start_times}))
              for weekday in range(7)]
    # An extra date without its own time starts at the pattern's earliest time.
    fallback = min((t for rule in rules for t in rule.start_times), default=None)

    def extra(weekday: int, start_time: time | None) -> _Templates:
        start_time = start_time or fallback
        return (_Template(start_time),) if start_time else ()

    return weekly, extra


def _opening_hours_templates(rules: tuple[RuleSpec, ...]):
    with_hours = [r for r in rules if r.opens_at is not None and r.closes_at is not None]

    def hours(rule: RuleSpec | None) -> _Templates:
        if rule is None:
            return ()
        # Closing at or before opening means closing after midnight.
        return (_Template(rule.opens_at, rule.closes_at, int(rule.closes_at <= rule.opens_at)),)

    # One slot per open day: the first rule listing the weekday gives its hours.
    weekly = [hours(next((r for r in with_hours if weekday in r.weekdays), None))
              for weekday in range(7)]

    def extra(weekday: int, start_time: time | None) -> _Templates:
        return weekly[weekday] or hours(next(iter(with_hours), None))

    return weekly, extra


def _nightly_templates(rules: tuple[RuleSpec, ...]):
    night = (_Template(CHECK_IN, CHECK_OUT, 1),)
    # Without any weekly rule a lodging is open every night of its season.
    weekdays = set().union(*(r.weekdays for r in rules)) if rules else set(range(7))
    weekly = [night if weekday in weekdays else () for weekday in range(7)]
    return weekly, lambda weekday, start_time: night
