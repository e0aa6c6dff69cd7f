"""The programme's indicators, read from the members, agreements and events.

Everything a computation needs is fetched once (five queries, whatever the number of rows or
days asked for) into plain facts; the figures of any day are then counted from those facts.
How each target is counted is written in ``cluster.indicators.models``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from cluster.agreements.models import Agreement, AgreementParty
from cluster.events.models import Event, Registration
from cluster.indicators.models import TARGETS, Company, Indicator, OverTime, Series, Target
from cluster.members.models import Member
from marketplace.core.dates import LOCAL_TZ

AGREEMENTS_COUNTED = (Agreement.Status.SIGNED, Agreement.Status.ENDED)
# The event kind each event target counts.
EVENT_KINDS = {"workshops": Event.Kind.WORKSHOP, "lab": Event.Kind.LAB, "b2b": Event.Kind.B2B}


@dataclass(frozen=True)
class _Member:
    name: str
    kind: str
    since: date  # joined (applied, when no joining day is recorded)


@dataclass(frozen=True)
class _Facts:
    """The rows the indicators are counted from, as plain values; days are local."""

    members: dict[int, _Member]  # active members only
    agreements: dict[int, date]  # signed or ended agreement -> the day it was signed
    parties: tuple[tuple[int, int], ...]  # (agreement id, member id)
    events: dict[int, tuple[str, date]]  # event not cancelled -> (kind, the day it starts)
    attendances: tuple[tuple[int, int, date], ...]  # (event id, member id, the day attended)


def _local_day(moment: datetime) -> date:
    return moment.astimezone(LOCAL_TZ).date()


def _facts() -> _Facts:
    members = {
        pk: _Member(name=name, kind=kind, since=joined_on or applied_on)
        for pk, name, kind, joined_on, applied_on in Member.objects.filter(
            status=Member.Status.ACTIVE).values_list(
            "pk", "name", "kind", "joined_on", "applied_on")}
    agreements = {
        pk: signed_on or starts_on
        for pk, signed_on, starts_on in Agreement.objects.filter(
            status__in=AGREEMENTS_COUNTED).values_list("pk", "signed_on", "starts_on")}
    parties = tuple(AgreementParty.objects.filter(
        agreement__status__in=AGREEMENTS_COUNTED).values_list("agreement_id", "member_id"))
    events = {pk: (kind, _local_day(starts_at))
              for pk, kind, starts_at in Event.objects.exclude(
                  status=Event.Status.CANCELLED).values_list("pk", "kind", "starts_at")}
    attendances = tuple(
        (event_id, member_id, _local_day(attended_at))
        for event_id, member_id, attended_at in Registration.objects.filter(
            status=Registration.Status.REGISTERED, attended_at__isnull=False).exclude(
            event__status=Event.Status.CANCELLED).values_list(
            "event_id", "member_id", "attended_at"))
    return _Facts(members=members, agreements=agreements, parties=parties, events=events,
                  attendances=attendances)


def _counted(facts: _Facts, target: Target, on: date) -> tuple[int | None, set[int]]:
    """The number of agreements or events of ``target`` on the day ``on`` (``None`` for
    the members) and the ids of the companies involved, before their kinds are filtered."""
    if target.key == "members":
        return None, {pk for pk, member in facts.members.items() if member.since <= on}
    if target.key == "agreements":
        signed = {pk for pk, day in facts.agreements.items() if day <= on}
        return len(signed), {member for agreement, member in facts.parties if agreement in signed}
    kind = EVENT_KINDS[target.key]
    held = {pk for pk, (event_kind, day) in facts.events.items()
            if event_kind == kind and day <= on}
    companies = {member for event, member, day in facts.attendances
                 if event in held and day <= on}
    return len(held), companies


def _company_ids(facts: _Facts, target: Target, ids: set[int]) -> list[int]:
    """The active members among ``ids`` of the kinds ``target`` counts."""
    return [pk for pk in ids if pk in facts.members and (
        target.member_kinds is None or facts.members[pk].kind in target.member_kinds)]


def _measure(facts: _Facts, target: Target, on: date) -> Indicator:
    count, ids = _counted(facts, target, on)
    companies = sorted((Company(id=pk, name=facts.members[pk].name)
                        for pk in _company_ids(facts, target, ids)),
                       key=lambda company: (company.name.casefold(), company.id))
    return Indicator(target=target, on=on, count=count, companies=tuple(companies))


def indicators(*, on: date | None = None) -> list[Indicator]:
    """The five targets measured on the local day ``on`` (today when omitted), in the order
    of ``TARGETS``: each with its count and the companies behind it (ids and names, sorted
    by name). Five queries, whatever the data."""
    on = on or timezone.localdate()
    facts = _facts()
    return [_measure(facts, target, on) for target in TARGETS]


def month_ends(*, on: date, months: int) -> list[date]:
    """The last day of each of the ``months`` months up to ``on``'s, the last one being
    ``on`` itself (the current month so far)."""
    days = []
    year, month = on.year, on.month
    for _ in range(months - 1):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        days.append(date(year, month, calendar.monthrange(year, month)[1]))
    return [*reversed(days), on]


def indicators_over_time(*, months: int = 12, on: date | None = None) -> OverTime:
    """The five targets at the end of each of the last ``months`` months (the last point is
    the local day ``on``, today when omitted): cumulative figures counted from the dates of
    joining, signing, events and attendance. Five queries, whatever the number of months."""
    on = on or timezone.localdate()
    days = month_ends(on=on, months=max(1, months))
    facts = _facts()
    series = []
    for target in TARGETS:
        measured = [_measure(facts, target, day) for day in days]
        series.append(Series(target=target,
                             companies=tuple(item.companies_count for item in measured),
                             counts=tuple(item.count for item in measured)))
    return OverTime(days=tuple(days), series=tuple(series))
