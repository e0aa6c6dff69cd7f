"""Writes for slots: materialise an experience's schedule into Slot rows, idempotently.

The sync covers the local dates ``today``..``today + horizon_days - 1`` (Europe/Rome). Slots
that start before today's local midnight are never read or written; slots with places held or
booked are never deleted, nor moved.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.scheduling import (
    Occurrence,
    ScheduleSpec,
    schedule_occurrences,
    schedule_spec_from_page,
)
from marketplace.catalogue.selectors.slots import slot_owner_ids
from marketplace.core.dates import LOCAL_TZ, local_to_utc
from marketplace.core.errors import InvalidSchedule

logger = logging.getLogger(__name__)

PAGES_PER_CHUNK = 200
ROWS_PER_QUERY = 2_000


@dataclass(frozen=True)
class SlotSyncResult:
    """Counts of one sync: slots created, deleted, updated (capacity, resource or end time)
    and kept unchanged (including taken slots no longer in the pattern)."""

    created: int = 0
    deleted: int = 0
    updated: int = 0
    kept: int = 0

    def __add__(self, other: SlotSyncResult) -> SlotSyncResult:
        return SlotSyncResult(created=self.created + other.created,
                              deleted=self.deleted + other.deleted,
                              updated=self.updated + other.updated,
                              kept=self.kept + other.kept)


@dataclass(frozen=True)
class _Window:
    first_day: date
    last_day: date
    starts_utc: datetime
    ends_utc: datetime


@dataclass
class _Plan:
    """What one experience's sync will write; ``capacity`` and ``resource_id`` are its slots'."""

    capacity: int
    resource_id: int | None
    create: list[tuple] = field(default_factory=list)  # ``_INSERT_COLUMNS`` values
    delete_ids: list[int] = field(default_factory=list)
    refresh_ids: list[int] = field(default_factory=list)
    move: list[Slot] = field(default_factory=list)
    kept: int = 0


_ROW_FIELDS = ("id", "starts_at", "ends_at", "capacity", "held", "booked", "resource_id")
_INSERT_COLUMNS = ("experience_id", "resource_id", "starts_at", "ends_at", "capacity", "held",
                   "booked")


def slots_materialise(*, experience: ExperiencePage, today: date | None = None,
                      horizon_days: int = 365) -> SlotSyncResult:
    """Sync the Slot rows of ``experience`` with its schedule over ``horizon_days`` local days
    from ``today`` (default: today in Europe/Rome).

    Adds missing slots; deletes future slots out of the pattern unless places are held or
    booked; sets the capacity of slots in the pattern to the page's places (rooms for a lodging)
    capped by its shared resource, never below held + booked. Running it twice changes nothing.
    Raises ``InvalidSchedule`` when the schedule cannot be read.
    """
    window = _window(today, horizon_days)
    with transaction.atomic():
        rows = _existing_rows([experience.pk], window)[experience.pk]
        return _apply([_page_plan(experience, window, rows)])


def slots_materialise_all(*, today: date | None = None,
                          horizon_days: int = 365) -> SlotSyncResult:
    """Run ``slots_materialise`` for every live ExperiencePage, summing the counts.

    A page and its translations share one set of slots (see ``slot_owner_ids``). Pages go in
    chunks: one query for the pages, two for their rules and exceptions, one for their existing
    slots, then bulk writes, in one transaction per chunk. A page whose schedule cannot be read
    is logged and skipped.
    """
    window = _window(today, horizon_days)
    owner_ids = sorted(slot_owner_ids())
    total = SlotSyncResult()
    for start in range(0, len(owner_ids), PAGES_PER_CHUNK):
        total += _materialise_chunk(owner_ids[start:start + PAGES_PER_CHUNK], window)
    return total


def _materialise_chunk(page_ids: list[int], window: _Window) -> SlotSyncResult:
    pages = (ExperiencePage.objects.filter(pk__in=page_ids).select_related("resource")
             .prefetch_related("weekly_rules", "date_exceptions"))
    with transaction.atomic():
        rows_by_page = _existing_rows(page_ids, window)
        plans = []
        for page in pages:
            try:
                plans.append(_page_plan(page, window, rows_by_page[page.pk]))
            except InvalidSchedule as exc:
                logger.warning("Slots of experience %s not materialised: %s", page.pk, exc)
        return _apply(plans)


def _page_plan(page: ExperiencePage, window: _Window, rows: list[tuple]) -> _Plan:
    try:
        spec = schedule_spec_from_page(page)
    except ValueError as exc:
        raise InvalidSchedule(str(exc), field="weekly_rules") from exc
    resource = page.resource if page.resource_id else None
    return _plan(experience_id=page.pk, spec=spec, window=window, rows=rows,
                 resource_id=page.resource_id,
                 resource_capacity=resource.capacity if resource else None)


def _window(today: date | None, horizon_days: int) -> _Window:
    today = today or timezone.localdate(timezone=LOCAL_TZ)
    stop = today + timedelta(days=horizon_days)
    return _Window(first_day=today, last_day=stop - timedelta(days=1),
                   starts_utc=local_to_utc(today, time(0)), ends_utc=local_to_utc(stop, time(0)))


def _existing_rows(page_ids: list[int], window: _Window) -> dict[int, list[tuple]]:
    """The window's slots of these experiences, as ``_ROW_FIELDS`` tuples, by experience id."""
    rows: dict[int, list[tuple]] = defaultdict(list)
    query = (Slot.objects.filter(experience_id__in=page_ids, starts_at__gte=window.starts_utc,
                                 starts_at__lt=window.ends_utc)
             .order_by().values_list("experience_id", *_ROW_FIELDS))
    for experience_id, *row in query:
        rows[experience_id].append(tuple(row))
    return rows


def _plan(*, experience_id: int, spec: ScheduleSpec, window: _Window, rows: list[tuple],
          resource_id: int | None, resource_capacity: int | None) -> _Plan:
    """Compare the pattern's occurrences with the existing rows; no queries."""
    capacity = spec.capacity if resource_capacity is None else min(spec.capacity,
                                                                    resource_capacity)
    plan = _Plan(capacity=capacity, resource_id=resource_id)
    wanted: dict[datetime, Occurrence] = {
        occ.starts_at: occ for occ in schedule_occurrences(spec, window.first_day,
                                                           window.last_day)}
    for slot_id, starts_at, ends_at, slot_capacity, held, booked, slot_resource_id in rows:
        taken = held + booked
        occurrence = wanted.pop(starts_at, None)
        if occurrence is None:
            if taken:
                plan.kept += 1
            else:
                plan.delete_ids.append(slot_id)
        elif not taken and ends_at != occurrence.ends_at:
            plan.move.append(Slot(id=slot_id, ends_at=occurrence.ends_at, capacity=capacity,
                                  resource_id=resource_id))
        elif slot_capacity != max(capacity, taken) or slot_resource_id != resource_id:
            plan.refresh_ids.append(slot_id)
        else:
            plan.kept += 1
    plan.create = [(experience_id, resource_id, occ.starts_at, occ.ends_at, capacity, 0, 0)
                   for occ in wanted.values()]
    return plan


def _apply(plans: list[_Plan]) -> SlotSyncResult:
    """Write the plans in bulk. Deletes and capacity updates re-check held and booked in SQL,
    so a hold placed since the rows were read is respected."""
    creates = [row for plan in plans for row in plan.create]
    _insert(creates)
    deleted = 0
    delete_ids = [slot_id for plan in plans for slot_id in plan.delete_ids]
    for ids in _chunks(delete_ids):
        deleted += Slot.objects.filter(id__in=ids, held=0, booked=0).delete()[0]
    refreshes: dict[tuple[int, int | None], list[int]] = defaultdict(list)
    for plan in plans:
        refreshes[plan.capacity, plan.resource_id] += plan.refresh_ids
    for (capacity, resource_id), all_ids in refreshes.items():
        for ids in _chunks(all_ids):
            Slot.objects.filter(id__in=ids).update(
                capacity=Greatest(Value(capacity), F("held") + F("booked")),
                resource_id=resource_id)
    moves = [slot for plan in plans for slot in plan.move]
    Slot.objects.bulk_update(moves, ["ends_at", "capacity", "resource"],
                             batch_size=ROWS_PER_QUERY)
    return SlotSyncResult(
        created=len(creates), deleted=deleted,
        updated=len(moves) + sum(len(ids) for ids in refreshes.values()),
        kept=sum(plan.kept for plan in plans) + len(delete_ids) - deleted,
    )


def _insert(rows: list[tuple]) -> None:
    """Insert ``_INSERT_COLUMNS`` rows, many per statement. ``bulk_create`` spends most of a
    year's sync preparing values field by field; this is several times faster. A start that a
    concurrent sync inserted meanwhile is skipped (unique experience and start)."""
    if not rows:
        return
    adapted: dict[datetime, object] = {}  # experiences share start times: adapt each once

    def adapt(value: datetime) -> object:
        if value not in adapted:
            adapted[value] = connection.ops.adapt_datetimefield_value(value)
        return adapted[value]

    # In start order the time indexes grow at their ends: a third faster on SQLite.
    rows = sorted(rows, key=itemgetter(_INSERT_COLUMNS.index("starts_at")))
    rows = [(*row[:2], adapt(row[2]), adapt(row[3]), *row[4:]) for row in rows]
    batch_size = min(ROWS_PER_QUERY, connection.ops.bulk_batch_size(_INSERT_COLUMNS, rows))
    with connection.cursor() as cursor:
        for chunk in _chunks(rows, batch_size):
            cursor.execute(*_insert_statement(chunk))


def _insert_statement(rows: list[tuple]) -> tuple[str, list]:
    quote = connection.ops.quote_name
    head = (f"INSERT INTO {quote(Slot._meta.db_table)} "
            f"({', '.join(quote(column) for column in _INSERT_COLUMNS)}) ")
    tail = " ON CONFLICT DO NOTHING"
    if connection.vendor == "postgresql":
        # One array per column, as bulk_create does there: few parameters, a cheap plan.
        types = [Slot._meta.get_field(column).db_type(connection).split("(")[0]
                 for column in _INSERT_COLUMNS]
        arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
        columns = [list(column) for column in zip(*rows, strict=True)]
        return f"{head}SELECT * FROM UNNEST({arrays}){tail}", columns
    row_placeholder = f"({', '.join(['%s'] * len(_INSERT_COLUMNS))})"
    values = ", ".join([row_placeholder] * len(rows))
    return f"{head}VALUES {values}{tail}", [value for row in rows for value in row]


def _chunks(ids: list[int], size: int = ROWS_PER_QUERY):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]
