"""The meeting scheduler: never double-books, respects blocked slots, holds the most meetings
(compared with brute force on small events). Pure: no database."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cluster.matchmaking.errors import InvalidScheduleInput
from cluster.matchmaking.scheduler import RequestSpec, schedule_meetings


def violations(placements, requests, tables, blocked) -> list[str]:
    """Every broken rule of a schedule, found without the scheduler's code."""
    by_id = {r.id: r for r in requests}
    problems = []
    people, at_table = Counter(), Counter()
    for p in placements:
        r = by_id[p.request]
        people[r.first, p.slot] += 1
        people[r.second, p.slot] += 1
        at_table[p.table, p.slot] += 1
        if p.table not in tables:
            problems.append(f"unknown table {p.table}")
        for person in (r.first, r.second):
            if p.slot in blocked.get(person, ()):
                problems.append(f"{person} meets in blocked slot {p.slot}")
    problems += [f"{k} twice" for k, n in people.items() if n > 1]
    problems += [f"table {k} twice" for k, n in at_table.items() if n > 1]
    problems += [f"request {k} twice" for k, n in Counter(
        p.request for p in placements).items() if n > 1]
    return problems


def brute_force_max(requests, slots, capacity, blocked) -> int:
    """The most meetings, trying every slot (or none) for every request."""
    best = 0
    for choice in itertools.product([None, *slots], repeat=len(requests)):
        people, per_slot, held = set(), Counter(), 0
        for r, s in zip(requests, choice, strict=True):
            if s is None:
                continue
            if s in blocked.get(r.first, ()) or s in blocked.get(r.second, ()) \
                    or (r.first, s) in people or (r.second, s) in people:
                break
            people.update({(r.first, s), (r.second, s)})
            per_slot[s] += 1
            held += 1
        else:
            if all(n <= capacity for n in per_slot.values()):
                best = max(best, held)
    return best


@st.composite
def events(draw):
    n_people = draw(st.integers(2, 5))
    slots = list(range(draw(st.integers(1, 3))))
    tables = [f"T{i}" for i in range(draw(st.integers(1, 2)))]
    pairs = list(itertools.combinations(range(n_people), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=6, unique=True))
    requests = [RequestSpec(i, a, b, frozenset(draw(st.sets(st.sampled_from(slots),
                                                             max_size=1))))
                for i, (a, b) in enumerate(chosen)]
    blocked = {p: draw(st.sets(st.sampled_from(slots), max_size=len(slots)))
               for p in range(n_people)}
    return list(range(n_people)), requests, slots, tables, blocked


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_small_events_get_the_most_meetings_and_no_double_booking(event):
    participants, requests, slots, tables, blocked = event
    schedule = schedule_meetings(participants=participants, requests=requests, slots=slots,
                                 tables=tables, blocked=blocked, time_limit_s=5)
    assert violations(schedule.placements, requests, tables, blocked) == []
    best = brute_force_max(requests, slots, len(tables), blocked)
    assert schedule.meetings == best
    assert schedule.status == "optimal"
    assert schedule.upper_bound >= best
    assert len(schedule.placements) + len(schedule.unscheduled) == len(requests)


def test_a_larger_event_is_never_double_booked():
    import random

    rng = random.Random(3)
    people, slots, tables = list(range(30)), list(range(6)), ["A", "B", "C", "D", "E"]
    pairs = rng.sample(list(itertools.combinations(people, 2)), 90)
    requests = [RequestSpec(i, a, b) for i, (a, b) in enumerate(pairs)]
    blocked = {p: set(rng.sample(slots, rng.randint(0, 2))) for p in people}
    schedule = schedule_meetings(participants=people, requests=requests, slots=slots,
                                 tables=tables, blocked=blocked, time_limit_s=5)
    assert violations(schedule.placements, requests, tables, blocked) == []
    assert schedule.meetings <= schedule.upper_bound <= len(slots) * len(tables)
    assert schedule.meetings == len(schedule.placements) > 0


def test_blocked_slots_leave_a_request_out():
    requests = [RequestSpec("r", "a", "b")]
    schedule = schedule_meetings(participants=["a", "b"], requests=requests, slots=[1, 2],
                                 tables=["T"], blocked={"a": {1}, "b": {2}})
    assert schedule.meetings == 0 and schedule.unscheduled == ("r",)
    assert schedule.status == "optimal" and schedule.upper_bound == 0


def test_a_preferred_slot_is_used_when_it_costs_no_meeting():
    requests = [RequestSpec("r", "a", "b", frozenset({3}))]
    schedule = schedule_meetings(participants=["a", "b"], requests=requests, slots=[1, 2, 3],
                                 tables=["T"])
    assert [p.slot for p in schedule.placements] == [3]
    assert schedule.preferred == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"requests": [RequestSpec(1, "a", "z")]}, "not a participant"),
    ({"requests": [RequestSpec(1, "a", "a")]}, "itself"),
    ({"requests": [RequestSpec(1, "a", "b"), RequestSpec(1, "a", "b")]}, "twice"),
    ({"requests": [], "slots": [1, 1]}, "slot is listed twice"),
    ({"requests": [], "blocked": {"a": {9}}}, "unknown slot"),
])
def test_bad_input_is_refused_with_a_message(kwargs, message):
    arguments = {"participants": ["a", "b"], "slots": [1, 2], "tables": ["T"]} | kwargs
    with pytest.raises(InvalidScheduleInput, match=message):
        schedule_meetings(**arguments)
