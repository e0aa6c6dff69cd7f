"""Tests of the slot sync (marketplace.catalogue.services.slots), its tasks and slot_queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import Slot, WeeklyRule
from marketplace.catalogue.selectors.slots import (
    slot_owner_experience,
    slot_owner_ids,
    slot_places_left_by_id,
)
from marketplace.catalogue.services.slots import (
    SlotSyncResult,
    slots_materialise,
    slots_materialise_all,
)
from marketplace.core.choices import ScheduleKind
from marketplace.core.errors import InvalidSchedule
from marketplace.tasks import materialise_all_slots, materialise_experience_slots
from tests.factories.marketplace import (
    experience_page_factory,
    provider_page_factory,
    resource_factory,
    weekly_rule_build,
)

pytestmark = pytest.mark.django_db

TODAY = date(2030, 1, 7)  # a Monday, winter time (UTC+1)
DAYS = 14


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def sync(page: ExperiencePage, **kwargs) -> SlotSyncResult:
    page = ExperiencePage.objects.get(pk=page.pk)  # what the database says now
    return slots_materialise(experience=page, today=TODAY, horizon_days=DAYS, **kwargs)


def experience(**fields) -> ExperiencePage:
    """A published experience without the slots its publication materialised from real today."""
    page = experience_page_factory(**fields)
    Slot.objects.filter(experience=page).delete()
    return page


def slots_of(page: ExperiencePage) -> list[Slot]:
    return list(Slot.objects.filter(experience=page).order_by("starts_at"))


# SECTION: slots_materialise


def test_materialise_creates_the_pattern_then_is_idempotent():
    page = experience(capacity=8, duration_min=90)
    assert sync(page) == SlotSyncResult(created=DAYS)
    assert sync(page) == SlotSyncResult(kept=DAYS)
    slots = slots_of(page)
    assert len(slots) == DAYS
    assert slots[0].starts_at == utc(2030, 1, 7, 9)
    assert slots[0].ends_at == utc(2030, 1, 7, 10, 30)
    assert slots[-1].starts_at == utc(2030, 1, 20, 9)
    assert {(s.capacity, s.resource_id, s.held, s.booked) for s in slots} == {(8, None, 0, 0)}


def test_taken_slots_stay_when_the_pattern_changes_and_free_ones_go():
    page = experience()
    sync(page)
    booked, held, free = slots_of(page)[:3]
    Slot.objects.filter(pk=booked.pk).update(booked=2)
    Slot.objects.filter(pk=held.pk).update(held=1)
    WeeklyRule.objects.filter(page=page).update(start_times="11:00")
    assert sync(page) == SlotSyncResult(created=DAYS, deleted=DAYS - 2, kept=2)
    remaining = {s.pk for s in slots_of(page)}
    assert {booked.pk, held.pk} <= remaining
    assert free.pk not in remaining
    assert sync(page) == SlotSyncResult(kept=DAYS + 2)


def test_capacity_change_updates_slots_but_never_below_held_and_booked():
    page = experience(capacity=10)
    sync(page)
    busy = slots_of(page)[0]
    Slot.objects.filter(pk=busy.pk).update(booked=7, held=1)
    ExperiencePage.objects.filter(pk=page.pk).update(capacity=6)
    assert sync(page) == SlotSyncResult(updated=DAYS)
    capacities = [s.capacity for s in slots_of(page)]
    assert capacities == [8] + [6] * (DAYS - 1)
    ExperiencePage.objects.filter(pk=page.pk).update(capacity=12)
    assert sync(page) == SlotSyncResult(updated=DAYS)
    assert {s.capacity for s in slots_of(page)} == {12}


def test_duration_change_moves_the_end_of_free_slots_only():
    page = experience(duration_min=60)
    sync(page)
    booked = slots_of(page)[0]
    Slot.objects.filter(pk=booked.pk).update(booked=1)
    ExperiencePage.objects.filter(pk=page.pk).update(duration_min=90)
    assert sync(page) == SlotSyncResult(updated=DAYS - 1, kept=1)
    ends = [s.ends_at - s.starts_at for s in slots_of(page)]
    assert ends == [timedelta(minutes=60)] + [timedelta(minutes=90)] * (DAYS - 1)


def test_past_and_beyond_horizon_slots_are_never_touched():
    page = experience()
    before = Slot.objects.create(experience=page, starts_at=utc(2030, 1, 6, 22, 59),
                                 ends_at=utc(2030, 1, 7, 1), capacity=3)  # 23:59 local, Sunday
    after = Slot.objects.create(experience=page, starts_at=utc(2030, 1, 20, 23),
                                ends_at=utc(2030, 1, 21, 1), capacity=3)  # midnight, day 15
    assert sync(page) == SlotSyncResult(created=DAYS)
    assert Slot.objects.filter(pk__in=[before.pk, after.pk], capacity=3).count() == 2


def test_shared_resource_caps_capacity_and_is_set_on_slots():
    provider = provider_page_factory()
    boat = resource_factory(provider=provider, capacity=6)
    page = experience(provider=provider, capacity=10, resource=boat)
    sync(page)
    assert {(s.capacity, s.resource_id) for s in slots_of(page)} == {(6, boat.pk)}
    ExperiencePage.objects.filter(pk=page.pk).update(resource=None)
    assert sync(page) == SlotSyncResult(updated=DAYS)
    assert {(s.capacity, s.resource_id) for s in slots_of(page)} == {(10, None)}


def test_nightly_slots_use_rooms():
    page = experience(schedule_kind=ScheduleKind.NIGHTLY, weekly_rules=[],
                                   capacity=2, rooms=5, is_lodging=True)
    assert sync(page).created == DAYS
    first = slots_of(page)[0]
    assert (first.starts_at, first.ends_at, first.capacity) == (
        utc(2030, 1, 7, 14), utc(2030, 1, 8, 9), 5)


# SECTION: slots_materialise_all and the tasks


def test_materialise_all_covers_live_pages_once_per_translation_group():
    live = experience()
    draft = experience(live=False)
    translation = live.copy_for_translation(Locale.objects.get(language_code="en"),
                                            copy_parents=True)
    translation.save_revision().publish()
    result = slots_materialise_all(today=TODAY, horizon_days=DAYS)
    assert result == SlotSyncResult(created=DAYS)
    assert len(slots_of(live)) == DAYS
    assert not slots_of(draft) and not slots_of(translation)
    assert slot_owner_experience(page_id=translation.pk).pk == live.pk
    assert slot_owner_experience(page_id=draft.pk) is None
    assert slots_materialise_all(today=TODAY, horizon_days=DAYS) == SlotSyncResult(kept=DAYS)


def test_slot_owner_falls_back_to_a_live_translation():
    original = experience()
    translation = original.copy_for_translation(Locale.objects.get(language_code="en"),
                                                copy_parents=True)
    translation.save_revision().publish()
    assert slot_owner_ids() == [original.pk]
    original.unpublish()
    assert slot_owner_ids() == [translation.pk]
    assert slot_owner_experience(page_id=original.pk).pk == translation.pk


def test_an_unreadable_schedule_is_a_domain_error_and_the_task_logs_it(caplog):
    page = experience()
    WeeklyRule.objects.filter(page=page).update(start_times="10:00, 25:00")
    with pytest.raises(InvalidSchedule, match='"25:00" is not a start time'):
        sync(page)
    assert materialise_experience_slots.delay(page.pk).get() == {}
    assert f"experience {page.pk} not materialised" in caplog.text


def test_materialise_all_skips_a_page_it_cannot_read(caplog):
    good = experience()
    bad = experience()
    WeeklyRule.objects.filter(page=bad).update(start_times="ten o'clock")
    assert slots_materialise_all(today=TODAY, horizon_days=DAYS).created == DAYS
    assert len(slots_of(good)) == DAYS
    assert f"experience {bad.pk} not materialised" in caplog.text


def count_queries_of_materialise_all() -> int:
    with CaptureQueriesContext(connection) as context:
        slots_materialise_all(today=TODAY, horizon_days=DAYS)
    return len(context.captured_queries)


def test_materialise_all_queries_do_not_grow_with_pages():
    provider = provider_page_factory()
    rules = [weekly_rule_build(weekdays=[1, 3], start_times="09:30, 15:00")]
    for _ in range(2):
        experience(provider=provider, weekly_rules=rules)
    few = count_queries_of_materialise_all()
    for _ in range(4):
        experience(provider=provider, weekly_rules=rules)
    Slot.objects.all().delete()
    assert count_queries_of_materialise_all() == few


def test_publishing_materialises_a_year_of_slots():
    page = experience_page_factory(
        weekly_rules=[weekly_rule_build(weekdays=[2], start_times="10:00")])
    assert 52 <= len(slots_of(page)) <= 53


def test_tasks_run_the_sync():
    page = experience(valid_until=date(2020, 1, 1))
    assert materialise_experience_slots.delay(page.pk).get() == {
        "created": 0, "deleted": 0, "updated": 0, "kept": 0}
    assert materialise_all_slots.delay().get()["created"] == 0
    assert materialise_experience_slots.delay(10**9).get() == {}


# SECTION: slot_places_left_by_id


def test_seats_left_accounts_for_a_shared_boat_across_experiences():
    provider = provider_page_factory()
    boat = resource_factory(provider=provider, capacity=12)
    tour = experience(provider=provider, resource=boat, capacity=10,
                                   duration_min=120)  # 10:00-12:00
    swim = experience(provider=provider, resource=boat, capacity=8,
                                   duration_min=60,
                                   weekly_rules=[weekly_rule_build(start_times="11:00, 12:00")])
    sync(tour)
    sync(swim)
    tour_slot = slots_of(tour)[0]
    swim_11, swim_12 = slots_of(swim)[:2]
    tour_tomorrow = slots_of(tour)[1]
    Slot.objects.filter(pk=tour_slot.pk).update(booked=5)
    Slot.objects.filter(pk=swim_11.pk).update(booked=3, held=1)
    Slot.objects.filter(pk=swim_12.pk).update(booked=2)
    slots = [tour_slot, swim_11, swim_12, tour_tomorrow]
    with CaptureQueriesContext(connection) as context:
        seats = slot_places_left_by_id(slots=slots)
    assert len(context.captured_queries) == 1
    assert seats == {
        tour_slot.pk: 3,  # own 10 - 5, boat 12 - (5 + 4)
        swim_11.pk: 3,  # own 8 - 4, boat 12 - (5 + 4)
        swim_12.pk: 6,  # own 8 - 2; boat 12 - 2, as ranges that only touch do not overlap
        tour_tomorrow.pk: 10,
    }


def test_seats_left_without_resource_and_never_negative():
    page = experience(capacity=4)
    sync(page)
    first, second = slots_of(page)[:2]
    Slot.objects.filter(pk=first.pk).update(capacity=2, booked=3)
    assert slot_places_left_by_id(slots=[first, second]) == {first.pk: 0, second.pk: 4}
    assert slot_places_left_by_id(slots=[]) == {}
