"""Factories for marketplace pages, schedules and resources (plain functions, saved rows)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import time

from home.models import HomePage
from marketplace.catalogue.models.pages import ExperiencePage, ProviderIndexPage, ProviderPage
from marketplace.catalogue.models.schedules import (
    WEEKDAY_FIELDS,
    DateException,
    Resource,
    WeeklyRule,
)
from marketplace.catalogue.models.sectors import Sector
from marketplace.core.choices import ScheduleKind

_serial = itertools.count(1)


def provider_index_page_factory() -> ProviderIndexPage:
    """The ProviderIndexPage under the Italian home page, created (and published) if missing."""
    home = HomePage.objects.get(locale__language_code="it")
    index = ProviderIndexPage.objects.child_of(home).first()
    if index is None:
        index = ProviderIndexPage(title="Imprese", slug="imprese")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def provider_page_factory(*, title: str = "", live: bool = True, **fields) -> ProviderPage:
    """A ProviderPage under the Italian provider index; ``fields`` override the defaults."""
    n = next(_serial)
    title = title or f"Provider {n}"
    fields.setdefault("vat_number", f"{n:011d}")
    page = ProviderPage(title=title, slug=f"provider-{n}", legal_name=title, live=live,
                        **fields)
    provider_index_page_factory().add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def weekly_rule_build(*, weekdays: Iterable[int] = range(7), start_times: str = "",
                      opens_at: time | None = None, closes_at: time | None = None
                      ) -> WeeklyRule:
    """An unsaved WeeklyRule on ``weekdays`` (Monday = 0), for ``experience_page_factory``."""
    days = set(weekdays)
    return WeeklyRule(**{name: i in days for i, name in enumerate(WEEKDAY_FIELDS)},
                      start_times=start_times, opens_at=opens_at, closes_at=closes_at)


def date_exception_build(*, date, kind: str = DateException.CLOSED,
                         start_time: time | None = None) -> DateException:
    """An unsaved closed (default) or extra date, for ``experience_page_factory``."""
    return DateException(date=date, kind=kind, start_time=start_time)


def experience_page_factory(
    *,
    provider: ProviderPage | None = None,
    title: str = "",
    schedule_kind: str = ScheduleKind.START_TIMES,
    weekly_rules: Iterable[WeeklyRule] | None = None,
    date_exceptions: Iterable[DateException] = (),
    live: bool = True,
    **fields,
) -> ExperiencePage:
    """An ExperiencePage (food & wine) under ``provider`` (a new one by default). Without
    ``weekly_rules`` it runs daily at 10:00; ``fields`` set capacity, duration_min..."""
    provider = provider or provider_page_factory()
    n = next(_serial)
    if weekly_rules is None:
        weekly_rules = [weekly_rule_build(start_times="10:00")]
    page = ExperiencePage(
        title=title or f"Experience {n}", slug=f"experience-{n}", schedule_kind=schedule_kind,
        sector=Sector.objects.get(slug="food-wine", locale__language_code="it"), live=live,
        **fields)
    page.weekly_rules = list(weekly_rules)
    page.date_exceptions = list(date_exceptions)
    provider.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def resource_factory(*, provider: ProviderPage, capacity: int = 12, name: str = "Boat"
                     ) -> Resource:
    """A saved shared Resource of ``provider``."""
    return Resource.objects.create(provider=provider, name=name, capacity=capacity)
