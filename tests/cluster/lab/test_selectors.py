"""An SME's gaps from its listings' readiness, its payout account and its availability; its
readiness; the managers' view of the lab's progress."""

import pytest
from django.db.models import F
from django.utils import translation

from cluster.lab.selectors import (
    AVAILABILITY_MIN_SLOTS,
    company_gaps,
    company_readiness,
    lab_progress,
)
from cluster.lab.services import module_complete, readiness_gain_record
from marketplace.catalogue.models.schedules import Slot
from tests.factories.bookings import connect_account_factory

pytestmark = pytest.mark.django_db


def _codes(gaps):
    return [gap.code for gap in gaps]


def test_one_photo_is_a_gap_closed_by_the_photos_module(lab, short_slot_horizon,
                                                        make_provider, make_experience):
    provider = make_provider()
    make_experience(provider=provider, photos=1)
    gaps = {gap.code: gap for gap in company_gaps(provider=provider)}
    assert "photos" in gaps
    assert gaps["photos"].experiences == ("Degustazione di olio in frantoio",)
    assert [m.pk for m in gaps["photos"].modules] == [lab["en", "photos"].pk]
    with translation.override("it"):
        gaps = {gap.code: gap for gap in company_gaps(provider=provider)}
    assert [m.pk for m in gaps["photos"].modules] == [lab["it", "photos"].pk]


def test_three_photos_close_the_gap(lab, short_slot_horizon, make_provider, make_experience):
    provider = make_provider()
    make_experience(provider=provider, photos=3)
    assert "photos" not in _codes(company_gaps(provider=provider))


def test_no_payout_account_is_a_gap(lab, short_slot_horizon, make_provider, make_experience,
                                    make_member):
    provider = make_provider()
    make_experience(provider=provider)
    member = make_member(provider)
    gaps = company_gaps(member=member)
    assert "payout_account" in _codes(gaps)
    connect_account_factory(provider=provider)
    assert "payout_account" not in _codes(company_gaps(member=member))


def test_few_bookable_slots_are_a_gap(lab, short_slot_horizon, make_provider, make_experience):
    provider = make_provider()
    experience = make_experience(provider=provider)
    assert "availability" not in _codes(company_gaps(provider=provider))  # two starts a day
    keep = list(Slot.objects.filter(experience=experience).order_by("starts_at")
                .values_list("pk", flat=True)[:AVAILABILITY_MIN_SLOTS - 1])
    Slot.objects.filter(experience=experience).exclude(pk__in=keep).update(
        booked=F("capacity"))
    gaps = {gap.code: gap for gap in company_gaps(provider=provider)}
    assert [m.pk for m in gaps["availability"].modules] == [lab["en", "availability"].pk]


def test_gaps_follow_the_labs_order_and_a_gap_without_module_has_none(
        lab, short_slot_horizon, make_provider, make_experience):
    provider = make_provider()
    make_experience(provider=provider, photos=1)
    gaps = company_gaps(provider=provider)
    codes = _codes(gaps)
    assert codes.index("photos") < codes.index("translations") < codes.index("payout_account")
    assert next(g for g in gaps if g.code == "translations").modules == ()


def test_readiness_is_the_share_of_checks_that_pass(short_slot_horizon, make_provider,
                                                    make_experience):
    provider = make_provider()
    assert company_readiness(provider=provider) == 0  # no experience yet
    make_experience(provider=provider, photos=1)
    before = company_readiness(provider=provider)
    assert 0 < before < 100
    connect_account_factory(provider=provider)
    assert company_readiness(provider=provider) > before


def test_the_gaps_are_read_in_few_queries(lab, short_slot_horizon, make_provider,
                                          make_experience, django_assert_max_num_queries):
    provider = make_provider()
    make_experience(provider=provider, photos=1)
    make_experience(provider=provider, photos=1)
    with django_assert_max_num_queries(30):
        company_gaps(provider=provider)


def test_lab_progress_counts_the_modules_and_the_gain(lab, short_slot_horizon, make_provider,
                                                      make_experience, make_member):
    provider = make_provider()
    make_experience(provider=provider)
    member = make_member(provider)
    module_complete(member=member, module=lab["en", "payout_account"])
    module_complete(member=member, module=lab["en", "photos"])
    connect_account_factory(provider=provider)
    readiness_gain_record(member=member, module=lab["en", "payout_account"])
    [row] = lab_progress()
    assert (row.member_id, row.completions) == (member.pk, 2)
    assert row.gain > 0 and row.last_readiness == company_readiness(provider=provider)
