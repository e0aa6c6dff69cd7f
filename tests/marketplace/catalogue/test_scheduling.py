"""Tests of marketplace.catalogue.scheduling: pure, apart from building two unsaved pages."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import DateException, WeeklyRule
from marketplace.catalogue.scheduling import (
    ExtraDate,
    RuleSpec,
    ScheduleSpec,
    parse_start_times,
    schedule_has_future_occurrences,
    schedule_occurrences,
    schedule_spec_from_page,
)
from marketplace.core.choices import ScheduleKind
from marketplace.core.dates import LOCAL_TZ

EVERY_DAY = frozenset(range(7))
TUE_THU_SAT = frozenset({1, 3, 5})
WEEKDAYS = frozenset(range(5))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def starts(spec: ScheduleSpec, first_day: date, last_day: date) -> list[datetime]:
    return [occ.starts_at for occ in schedule_occurrences(spec, first_day, last_day)]


def start_times_spec(*rules: tuple[frozenset[int], str], **fields) -> ScheduleSpec:
    return ScheduleSpec(kind=ScheduleKind.START_TIMES, rules=tuple(
        RuleSpec(weekdays=days, start_times=parse_start_times(times)) for days, times in rules),
        **fields)


# SECTION: weekly patterns


def test_weekly_pattern_gives_each_weekday_start_time_in_utc():
    spec = start_times_spec((TUE_THU_SAT, "09:30"), duration_min=90)
    occurrences = schedule_occurrences(spec, date(2027, 1, 11), date(2027, 1, 17))  # Mon..Sun
    assert [o.starts_at for o in occurrences] == [
        utc(2027, 1, 12, 8, 30), utc(2027, 1, 14, 8, 30), utc(2027, 1, 16, 8, 30)]
    assert all(o.ends_at - o.starts_at == timedelta(minutes=90) for o in occurrences)


def test_rules_combine_sorted_and_distinct():
    spec = start_times_spec((EVERY_DAY, "15:00, 10:00"), (TUE_THU_SAT, "10:00, 09:30"))
    assert starts(spec, date(2027, 7, 13), date(2027, 7, 13)) == [  # a Tuesday, CEST
        utc(2027, 7, 13, 7, 30), utc(2027, 7, 13, 8), utc(2027, 7, 13, 13)]
    assert len(starts(spec, date(2027, 7, 12), date(2027, 7, 18))) == 7 * 2 + 3


def test_opening_hours_give_one_slot_per_open_day():
    spec = ScheduleSpec(kind=ScheduleKind.OPENING_HOURS, rules=(
        RuleSpec(weekdays=WEEKDAYS, opens_at=time(9), closes_at=time(18)),
        RuleSpec(weekdays=frozenset({5}), opens_at=time(10), closes_at=time(13)),
        RuleSpec(weekdays=WEEKDAYS, opens_at=time(14), closes_at=time(20)),  # shadowed
    ))
    occurrences = schedule_occurrences(spec, date(2027, 1, 11), date(2027, 1, 17))
    assert len(occurrences) == 6
    assert occurrences[0] == (utc(2027, 1, 11, 8), utc(2027, 1, 11, 17))
    assert occurrences[-1] == (utc(2027, 1, 16, 9), utc(2027, 1, 16, 12))


def test_opening_hours_closing_after_midnight_end_next_day():
    spec = ScheduleSpec(kind=ScheduleKind.OPENING_HOURS, rules=(
        RuleSpec(weekdays=EVERY_DAY, opens_at=time(21), closes_at=time(1)),))
    assert schedule_occurrences(spec, date(2027, 1, 11), date(2027, 1, 11)) == [
        (utc(2027, 1, 11, 20), utc(2027, 1, 12, 0))]


def test_nightly_checks_in_at_15_and_out_at_10_next_day():
    spec = ScheduleSpec(kind=ScheduleKind.NIGHTLY)  # no rule: every night
    occurrences = schedule_occurrences(spec, date(2027, 7, 1), date(2027, 7, 3))
    assert len(occurrences) == 3
    assert occurrences[0] == (utc(2027, 7, 1, 13), utc(2027, 7, 2, 8))


def test_nightly_with_rules_opens_their_weekdays_only():
    spec = ScheduleSpec(kind=ScheduleKind.NIGHTLY,
                        rules=(RuleSpec(weekdays=frozenset({4, 5})),))  # Fri, Sat nights
    assert starts(spec, date(2027, 1, 11), date(2027, 1, 17)) == [
        utc(2027, 1, 15, 14), utc(2027, 1, 16, 14)]


def test_unknown_kind_is_an_error():
    with pytest.raises(ValueError, match="unknown schedule kind"):
        schedule_occurrences(ScheduleSpec(kind="hourly"), date(2027, 1, 1), date(2027, 1, 2))


# SECTION: validity, season, exceptions


def test_validity_dates_are_inclusive_and_optional():
    daily = ((EVERY_DAY, "10:00"),)
    spec = start_times_spec(*daily, valid_from=date(2027, 5, 10), valid_until=date(2027, 5, 12))
    days = [s.date() for s in starts(spec, date(2027, 5, 1), date(2027, 5, 31))]
    assert days == [date(2027, 5, 10), date(2027, 5, 11), date(2027, 5, 12)]
    assert len(starts(start_times_spec(*daily, valid_from=date(2027, 5, 30)),
                      date(2027, 5, 1), date(2027, 5, 31))) == 2
    assert len(starts(start_times_spec(*daily, valid_until=date(2027, 5, 2)),
                      date(2027, 5, 1), date(2027, 5, 31))) == 2


def test_season_wraps_around_the_new_year():
    spec = start_times_spec((EVERY_DAY, "10:00"), season_start_month=11, season_end_month=3)
    months = {s.month for s in starts(spec, date(2026, 1, 1), date(2027, 12, 31))}
    assert months == {11, 12, 1, 2, 3}


def test_season_within_a_year():
    spec = start_times_spec((EVERY_DAY, "10:00"), season_start_month=6, season_end_month=9)
    months = {s.month for s in starts(spec, date(2027, 1, 1), date(2027, 12, 31))}
    assert months == {6, 7, 8, 9}


def test_closed_date_removes_every_occurrence_that_day_even_an_extra():
    closed = date(2027, 1, 12)
    spec = start_times_spec((EVERY_DAY, "10:00, 15:00"), closed_dates=frozenset({closed}),
                            extra_dates=(ExtraDate(date=closed, start_time=time(18)),))
    days = [s.date() for s in starts(spec, date(2027, 1, 11), date(2027, 1, 13))]
    assert days == [date(2027, 1, 11)] * 2 + [date(2027, 1, 13)] * 2


def test_extra_date_adds_its_start_time_outside_pattern_and_season_not_validity():
    spec = start_times_spec(
        (TUE_THU_SAT, "09:30, 11:00"), season_start_month=4, season_end_month=10,
        valid_until=date(2027, 12, 31),
        extra_dates=(ExtraDate(date=date(2027, 1, 11), start_time=time(17)),  # Monday, winter
                     ExtraDate(date=date(2027, 1, 12)),  # no time: the earliest start
                     ExtraDate(date=date(2028, 1, 10), start_time=time(17))))  # after validity
    assert starts(spec, date(2027, 1, 1), date(2028, 3, 31)) == [
        utc(2027, 1, 11, 16), utc(2027, 1, 12, 8, 30)] + starts(
        spec, date(2027, 4, 1), date(2027, 10, 31))
    assert len(starts(spec, date(2027, 1, 1), date(2027, 1, 31))) == 2


def test_extra_date_on_a_pattern_day_adds_to_it():
    spec = start_times_spec((EVERY_DAY, "10:00"),
                            extra_dates=(ExtraDate(date=date(2027, 1, 11), start_time=time(18)),
                                         ExtraDate(date=date(2027, 1, 12), start_time=time(10))))
    assert len(starts(spec, date(2027, 1, 11), date(2027, 1, 12))) == 3


def test_extra_date_uses_usual_hours_for_opening_hours_and_nights():
    extra = (ExtraDate(date=date(2027, 1, 17), start_time=time(20)),)  # a Sunday
    hours = ScheduleSpec(kind=ScheduleKind.OPENING_HOURS, extra_dates=extra, rules=(
        RuleSpec(weekdays=WEEKDAYS, opens_at=time(9), closes_at=time(18)),))
    assert schedule_occurrences(hours, date(2027, 1, 17), date(2027, 1, 17)) == [
        (utc(2027, 1, 17, 8), utc(2027, 1, 17, 17))]
    nights = ScheduleSpec(kind=ScheduleKind.NIGHTLY, extra_dates=extra, season_start_month=5,
                          season_end_month=9)
    assert starts(nights, date(2027, 1, 1), date(2027, 1, 31)) == [utc(2027, 1, 17, 14)]


# SECTION: daylight saving time


def test_spring_forward_gap_moves_start_forward_by_the_gap():
    spec = start_times_spec((EVERY_DAY, "02:30, 10:00"), duration_min=120)
    occurrences = schedule_occurrences(spec, date(2027, 3, 27), date(2027, 3, 28))
    assert [o.starts_at for o in occurrences] == [
        utc(2027, 3, 27, 1, 30), utc(2027, 3, 27, 9), utc(2027, 3, 28, 1, 30),
        utc(2027, 3, 28, 8)]
    gap_start = occurrences[2].starts_at.astimezone(LOCAL_TZ)
    assert (gap_start.hour, gap_start.minute) == (3, 30)
    assert occurrences[2].ends_at - occurrences[2].starts_at == timedelta(minutes=120)


def test_duration_across_spring_forward_is_elapsed_time():
    spec = start_times_spec((EVERY_DAY, "01:30"), duration_min=120)
    (occurrence,) = schedule_occurrences(spec, date(2027, 3, 28), date(2027, 3, 28))
    assert occurrence == (utc(2027, 3, 28, 0, 30), utc(2027, 3, 28, 2, 30))
    assert occurrence.ends_at.astimezone(LOCAL_TZ).hour == 4  # 01:30 + 2 h of real time


@pytest.mark.parametrize("day", [date(2026, 10, 25), date(2027, 10, 31)])
def test_ambiguous_autumn_time_takes_the_first(day):
    spec = start_times_spec((EVERY_DAY, "02:30, 10:00"), duration_min=60)
    occurrences = schedule_occurrences(spec, day, day)
    assert [o.starts_at for o in occurrences] == [
        datetime.combine(day, time(0, 30), tzinfo=UTC), datetime.combine(day, time(9), UTC)]
    first = datetime.combine(day, time(2, 30), tzinfo=LOCAL_TZ)
    second = first.replace(fold=1).astimezone(UTC)
    assert second - occurrences[0].starts_at == timedelta(hours=1)
    assert occurrences[0].ends_at - occurrences[0].starts_at == timedelta(minutes=60)


def test_night_across_autumn_change_lasts_one_hour_more():
    spec = ScheduleSpec(kind=ScheduleKind.NIGHTLY)
    (night,) = schedule_occurrences(spec, date(2026, 10, 24), date(2026, 10, 24))
    assert night == (utc(2026, 10, 24, 13), utc(2026, 10, 25, 9))
    assert night.ends_at - night.starts_at == timedelta(hours=20)


# SECTION: parsing, readiness, page specs


def test_parse_start_times_sorts_and_deduplicates():
    assert parse_start_times("15:00, 09:30,9:30 ,") == (time(9, 30), time(15))
    assert parse_start_times("") == ()
    assert parse_start_times("00:00,23:59") == (time(0), time(23, 59))


@pytest.mark.parametrize("value, item", [
    ("09:30, 25:00", "25:00"), ("10:60", "10:60"), ("9h30", "9h30"), ("noon", "noon"),
    ("10:00; 11:00", "10:00; 11:00"), ("10", "10"), ("-1:00", "-1:00"), ("10:5", "10:5"),
])
def test_parse_start_times_names_the_bad_item(value, item):
    with pytest.raises(ValueError, match=f'"{item}" is not a start time: write times as HH:MM'):
        parse_start_times(value)


def test_has_future_occurrences():
    today = date(2027, 1, 11)
    assert schedule_has_future_occurrences(start_times_spec((EVERY_DAY, "10:00")), today)
    assert not schedule_has_future_occurrences(
        start_times_spec((EVERY_DAY, "10:00"), valid_until=date(2027, 1, 10)), today)
    assert not schedule_has_future_occurrences(
        start_times_spec((EVERY_DAY, "10:00"), valid_from=date(2027, 3, 1)), today,
        horizon_days=30)
    assert schedule_has_future_occurrences(
        start_times_spec((EVERY_DAY, "10:00"), valid_from=date(2027, 3, 1)), today)
    assert not schedule_has_future_occurrences(ScheduleSpec(kind=ScheduleKind.START_TIMES),
                                               today)


@pytest.mark.django_db  # a new Page reads its content type
def test_spec_from_an_unsaved_page():
    page = ExperiencePage(schedule_kind=ScheduleKind.NIGHTLY, capacity=4, rooms=6,
                          season_start_month=4, season_end_month=10, duration_min=60)
    page.weekly_rules = [WeeklyRule(fri=True, sat=True, start_times="")]
    page.date_exceptions = [
        DateException(date=date(2027, 8, 15), kind=DateException.CLOSED),
        DateException(date=date(2027, 12, 31), kind=DateException.EXTRA, start_time=time(18)),
    ]
    spec = schedule_spec_from_page(page)
    assert spec == ScheduleSpec(
        kind=ScheduleKind.NIGHTLY, rules=(RuleSpec(weekdays=frozenset({4, 5})),),
        duration_min=60, capacity=6, season_start_month=4, season_end_month=10,
        closed_dates=frozenset({date(2027, 8, 15)}),
        extra_dates=(ExtraDate(date=date(2027, 12, 31), start_time=time(18)),))
    page.rooms = 0
    assert schedule_spec_from_page(page).capacity == 4


@pytest.mark.django_db
def test_spec_from_a_page_with_bad_start_times_is_an_error():
    page = ExperiencePage()
    page.weekly_rules = [WeeklyRule(mon=True, start_times="10:00, later")]
    with pytest.raises(ValueError, match='"later"'):
        schedule_spec_from_page(page)


# SECTION: invariants


@given(
    days=st.lists(st.frozensets(st.integers(0, 6), min_size=1), min_size=1, max_size=3),
    times=st.lists(st.times(), min_size=1, max_size=4),
    duration_min=st.integers(1, 24 * 60),
    first_day=st.dates(date(2026, 1, 1), date(2030, 12, 31)),
    span_days=st.integers(0, 60),
    season=st.tuples(st.integers(1, 12), st.integers(1, 12)),
)
def test_occurrences_are_sorted_distinct_and_inside_the_range(days, times, duration_min,
                                                              first_day, span_days, season):
    rules = tuple(RuleSpec(weekdays=d, start_times=tuple(t.replace(second=0, microsecond=0)
                                                         for t in times)) for d in days)
    spec = ScheduleSpec(kind=ScheduleKind.START_TIMES, rules=rules, duration_min=duration_min,
                        season_start_month=season[0], season_end_month=season[1])
    last_day = first_day + timedelta(days=span_days)
    occurrences = schedule_occurrences(spec, first_day, last_day)
    starts_at = [o.starts_at for o in occurrences]
    assert starts_at == sorted(set(starts_at))
    for occurrence in occurrences:
        assert occurrence.ends_at - occurrence.starts_at == timedelta(minutes=duration_min)
        local_day = occurrence.starts_at.astimezone(LOCAL_TZ).date()
        assert first_day <= local_day <= last_day
