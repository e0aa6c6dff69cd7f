"""Local time: the cluster's one time zone rule (CET/CEST, as Europe/Rome), local wall-clock
times and local days as aware UTC instants. Times are stored aware, in UTC, and shown local."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Rome")


@lru_cache(maxsize=1 << 16)  # experiences share dates and times: a year's sync reuses them
def local_to_utc(day: date, at: time) -> datetime:
    """The aware UTC instant of a local (Europe/Rome) wall-clock time on ``day``.

    ``fold=0`` gives both DST rules: in the spring gap zoneinfo applies the winter offset, so
    02:30 lands on 01:30 UTC (03:30 summer time); in the autumn overlap it picks the first,
    summer-time 02:30.
    """
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(UTC)


def local_days_bounds(first_day: date, last_day: date | None = None) -> tuple[datetime, datetime]:
    """The aware UTC instants [start, end) of the local dates ``first_day``..``last_day``
    (inclusive; one day when ``last_day`` is omitted), whatever the DST changes between."""
    last_day = first_day if last_day is None else last_day
    return local_to_utc(first_day, time(0)), local_to_utc(last_day + timedelta(days=1), time(0))
