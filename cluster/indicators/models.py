"""The programme's targets and the values the indicators are made of. No tables: the
indicators are computed from the members, agreements and events (``selectors``).

``TARGETS`` is the one place where the five targets are defined. How each one is counted:

* A company counts once everywhere: figures are numbers of distinct members, whatever pages
  or accounts a company has (a supplier page and an operator account are one member).
* Only members that are active today count, in today's figures and in the past ones: a
  company that left or is suspended drops out of every figure, back to the start. The
  programme reports on the network as it stands, and the past curve never counts a company
  that today's figure does not.
* ``members``: active members that joined on or before the day (the day they applied when
  no joining day is recorded).
* ``agreements``: agreements signed or ended (not draft, not withdrawn), signed on or before
  the day (their start when no signing day is recorded); the companies are the active
  members among their parties.
* ``workshops``, ``lab``, ``b2b``: events of that kind, not cancelled, that started on or
  before the day; the companies are the active members with a registration (not cancelled)
  whose attendance was taken at the door on or before the day. A registration alone does
  not count: an event counts what happened, so a future event adds nothing yet.
* ``lab``: the programme's "economic operators" are businesses: suppliers and tour
  operators, not institutions (chambers of commerce, agencies). It sets no number of
  sessions.
* ``b2b``: the programme's SMEs are the suppliers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from cluster.members.models import Member


@dataclass(frozen=True)
class Target:
    """One of the programme's targets: what is counted, and the goals.

    ``goal_count`` is the number of agreements or events to reach (``None`` where the target
    counts companies only); ``goal_companies`` the number of distinct companies involved;
    ``member_kinds`` the kinds of member that count as companies here (``None``: all)."""

    key: str
    label: str
    count_label: str
    goal_count: int | None
    goal_companies: int
    member_kinds: tuple[str, ...] | None
    definition: str


TARGETS: tuple[Target, ...] = (
    Target(key="members", label=_("Companies in the cluster"), count_label="",
           goal_count=None, goal_companies=100, member_kinds=None,
           definition=_("Active members that have joined; a company counts once.")),
    Target(key="agreements", label=_("Business agreements"), count_label=_("agreements"),
           goal_count=8, goal_companies=20, member_kinds=None,
           definition=_("Agreements signed or ended (not drafts, not withdrawn); companies: "
                        "the active members among their parties.")),
    Target(key="workshops", label=_("Workshops"), count_label=_("workshops"),
           goal_count=4, goal_companies=40, member_kinds=None,
           definition=_("Workshops not cancelled that have started; companies: active "
                        "members whose attendance was taken.")),
    Target(key="lab", label=_("Digital lab"), count_label=_("sessions"),
           goal_count=None, goal_companies=20,
           member_kinds=(Member.Kind.SUPPLIER, Member.Kind.OPERATOR),
           definition=_("Economic operators (suppliers and tour operators, active members) "
                        "that attended a digital-lab session not cancelled.")),
    Target(key="b2b", label=_("B2B events"), count_label=_("B2B events"),
           goal_count=4, goal_companies=40, member_kinds=(Member.Kind.SUPPLIER,),
           definition=_("B2B events not cancelled that have started; SMEs: active supplier "
                        "members whose attendance was taken.")),
)


@dataclass(frozen=True)
class Company:
    """A member behind a figure."""

    id: int
    name: str


def _percent(value: int, goal: int | None) -> int | None:
    """How far ``value`` is towards ``goal``, in whole percent capped at 100."""
    if not goal:
        return None
    return min(100, value * 100 // goal)


@dataclass(frozen=True)
class Indicator:
    """A target measured on a day: the number of agreements or events (``None`` for the
    members, which are companies only) and the companies involved, sorted by name."""

    target: Target
    on: date
    count: int | None
    companies: tuple[Company, ...]

    @property
    def companies_count(self) -> int:
        return len(self.companies)

    @property
    def count_met(self) -> bool:
        return self.target.goal_count is None or (self.count or 0) >= self.target.goal_count

    @property
    def companies_met(self) -> bool:
        return self.companies_count >= self.target.goal_companies

    @property
    def met(self) -> bool:
        return self.count_met and self.companies_met

    @property
    def count_percent(self) -> int | None:
        return _percent(self.count or 0, self.target.goal_count)

    @property
    def companies_percent(self) -> int:
        return _percent(self.companies_count, self.target.goal_companies)


@dataclass(frozen=True)
class Series:
    """One target over time: the companies involved (and the count) at each month's end."""

    target: Target
    companies: tuple[int, ...]
    counts: tuple[int | None, ...]


@dataclass(frozen=True)
class OverTime:
    """The five targets at the end of each month (the last point is the day asked for)."""

    days: tuple[date, ...]
    series: tuple[Series, ...]
