"""The indicators' arithmetic: a company counts once, only active members count, withdrawn
agreements and cancelled events do not, the dates place each figure in time."""

from datetime import date

import pytest

from cluster.agreements.models import Agreement
from cluster.events.models import Event, Registration
from cluster.indicators.models import TARGETS, Company, Indicator, Target
from cluster.indicators.selectors import indicators, indicators_over_time, month_ends
from cluster.members.models import Member
from marketplace.operators.models import Operator
from tests.factories.marketplace import provider_page_factory

from .factories import (
    agreement_factory,
    attended,
    event_factory,
    member_factory,
    registration_factory,
)

pytestmark = pytest.mark.django_db

ON = date(2025, 6, 30)


def by_key(on: date = ON) -> dict[str, Indicator]:
    return {item.target.key: item for item in indicators(on=on)}


def ids(item: Indicator) -> set[int]:
    return {company.id for company in item.companies}


def test_the_five_targets_in_order_with_their_goals():
    assert [(t.key, t.goal_count, t.goal_companies) for t in TARGETS] == [
        ("members", None, 100), ("agreements", 8, 20), ("workshops", 4, 40),
        ("lab", None, 20), ("b2b", 4, 40)]
    assert [item.target for item in indicators(on=ON)] == list(TARGETS)


def test_a_company_in_two_agreements_counts_once():
    shared, other, third = member_factory(), member_factory(), member_factory()
    agreement_factory(members=[shared, other])
    agreement_factory(members=[shared, third])
    item = by_key()["agreements"]
    assert item.count == 2
    assert ids(item) == {shared.pk, other.pk, third.pk}
    assert item.companies_count == 3


def test_a_company_with_a_supplier_page_and_an_operator_account_counts_once():
    provider = provider_page_factory(title="Masseria Doppia")
    operator = Operator.objects.create(name="Masseria Doppia Tours", country="IT",
                                       vat_number="IT00000000001", email="d@example.com")
    both = member_factory(name="Masseria Doppia", provider=provider, operator=operator)
    agreement_factory(members=[both, member_factory()])
    workshop = event_factory()
    attended(event=workshop, members=[both])
    figures = by_key()
    assert figures["members"].companies_count == 2
    assert Company(id=both.pk, name="Masseria Doppia") in figures["members"].companies
    assert [c.id for c in figures["agreements"].companies].count(both.pk) == 1
    assert ids(figures["workshops"]) == {both.pk}


def test_drafts_and_withdrawn_agreements_do_not_count_ended_ones_do():
    a, b, c, d = (member_factory() for _ in range(4))
    agreement_factory(members=[a], status=Agreement.Status.DRAFT, signed_on=None)
    agreement_factory(members=[b], status=Agreement.Status.WITHDRAWN)
    agreement_factory(members=[c], status=Agreement.Status.ENDED)
    agreement_factory(members=[d], status=Agreement.Status.SIGNED)
    item = by_key()["agreements"]
    assert (item.count, ids(item)) == (2, {c.pk, d.pk})


def test_members_that_left_are_suspended_or_only_applied_count_nowhere():
    active = member_factory()
    gone = [member_factory(status=Member.Status.LEFT, left_on=date(2025, 5, 1)),
            member_factory(status=Member.Status.SUSPENDED, suspended_on=date(2025, 5, 1)),
            member_factory(status=Member.Status.APPLIED, joined_on=None)]
    agreement_factory(members=[active, *gone])
    for kind in (Event.Kind.WORKSHOP, Event.Kind.LAB, Event.Kind.B2B):
        attended(event=event_factory(kind=kind), members=[active, *gone])
    for item in indicators(on=ON):
        assert ids(item) == {active.pk}, item.target.key
    # Today's members count in the past too, those that left nowhere (documented).
    assert ids(by_key(date(2025, 4, 30))["agreements"]) == {active.pk}


def test_cancelled_events_and_cancelled_or_unattended_registrations_do_not_count():
    came, no_show, cancelled_registration, at_cancelled = (member_factory() for _ in range(4))
    held = event_factory()
    registration_factory(event=held, member=came)
    registration_factory(event=held, member=no_show, attended=False)
    registration_factory(event=held, member=cancelled_registration,
                         status=Registration.Status.CANCELLED)
    cancelled = event_factory(status=Event.Status.CANCELLED)
    registration_factory(event=cancelled, member=at_cancelled)
    item = by_key()["workshops"]
    assert (item.count, ids(item)) == (1, {came.pk})


def test_a_future_event_counts_once_it_has_started():
    member = member_factory()
    upcoming = event_factory(day=date(2025, 7, 20), status=Event.Status.SCHEDULED)
    registration_factory(event=upcoming, member=member, attended=False)
    assert by_key()["workshops"].count == 0
    assert by_key()["workshops"].companies == ()


def test_the_lab_counts_economic_operators_and_b2b_counts_suppliers():
    supplier = member_factory(kind=Member.Kind.SUPPLIER)
    operator = member_factory(kind=Member.Kind.OPERATOR, country="DE")
    institution = member_factory(kind=Member.Kind.INSTITUTION)
    everyone = [supplier, operator, institution]
    attended(event=event_factory(kind=Event.Kind.LAB), members=everyone)
    attended(event=event_factory(kind=Event.Kind.B2B), members=everyone)
    attended(event=event_factory(kind=Event.Kind.WORKSHOP), members=everyone)
    figures = by_key()
    assert ids(figures["lab"]) == {supplier.pk, operator.pk}
    assert figures["lab"].count == 1
    assert ids(figures["b2b"]) == {supplier.pk}
    assert ids(figures["workshops"]) == {supplier.pk, operator.pk, institution.pk}
    assert figures["members"].companies_count == 3


def test_the_dates_place_each_figure_in_time():
    early = member_factory(joined_on=date(2025, 1, 5))
    late = member_factory(joined_on=date(2025, 6, 1))
    by_application = member_factory(joined_on=None, applied_on=date(2025, 2, 1))
    agreement_factory(members=[early], signed_on=date(2025, 3, 1))
    agreement_factory(members=[late], signed_on=date(2025, 6, 10))
    attended(event=event_factory(day=date(2025, 2, 20)), members=[early])
    march = by_key(date(2025, 3, 31))
    assert ids(march["members"]) == {early.pk, by_application.pk}
    assert (march["agreements"].count, ids(march["agreements"])) == (1, {early.pk})
    assert (march["workshops"].count, ids(march["workshops"])) == (1, {early.pk})
    assert ids(by_key(date(2025, 2, 19))["workshops"]) == set()
    assert by_key()["agreements"].count == 2


def test_goals_met_and_percentages():
    target = Target(key="agreements", label="A", count_label="agreements", goal_count=2,
                    goal_companies=4, member_kinds=None, definition="")
    companies = tuple(Company(id=i, name=f"C{i}") for i in range(3))
    short = Indicator(target=target, on=ON, count=2, companies=companies)
    assert (short.count_met, short.companies_met, short.met) == (True, False, False)
    assert (short.count_percent, short.companies_percent) == (100, 75)
    over = Indicator(target=target, on=ON, count=5,
                     companies=companies + (Company(id=9, name="D"), Company(id=10, name="E")))
    assert over.met and over.companies_percent == 100


def test_month_ends_end_with_the_day():
    assert month_ends(on=date(2025, 3, 15), months=4) == [
        date(2024, 12, 31), date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 15)]


def test_over_time_is_cumulative_and_ends_with_today_s_figures():
    first = member_factory(joined_on=date(2025, 1, 5))
    second = member_factory(joined_on=date(2025, 3, 5))
    agreement_factory(members=[first, second], signed_on=date(2025, 4, 2))
    attended(event=event_factory(kind=Event.Kind.B2B, day=date(2025, 5, 3)), members=[first])
    over_time = indicators_over_time(months=6, on=ON)
    assert over_time.days == (date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31),
                              date(2025, 4, 30), date(2025, 5, 31), ON)
    series = {s.target.key: s for s in over_time.series}
    assert series["members"].companies == (1, 1, 2, 2, 2, 2)
    assert series["agreements"].counts == (0, 0, 0, 1, 1, 1)
    assert series["agreements"].companies == (0, 0, 0, 2, 2, 2)
    assert series["b2b"].companies == (0, 0, 0, 0, 1, 1)
    for item in indicators(on=ON):
        assert series[item.target.key].companies[-1] == item.companies_count
        assert series[item.target.key].counts[-1] == item.count


def _some_of_everything(n: int) -> None:
    members = [member_factory() for _ in range(n)]
    for i in range(n):
        agreement_factory(members=members[i:i + 2])
        for kind in (Event.Kind.WORKSHOP, Event.Kind.LAB, Event.Kind.B2B):
            attended(event=event_factory(kind=kind), members=members[:i + 1])


@pytest.mark.parametrize("n", [1, 6])
def test_a_constant_number_of_queries(n, django_assert_num_queries):
    _some_of_everything(n)
    with django_assert_num_queries(5):
        indicators(on=ON)
    with django_assert_num_queries(5):
        indicators_over_time(months=24, on=ON)
