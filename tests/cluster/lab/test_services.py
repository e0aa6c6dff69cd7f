"""Marking a module done (idempotent, the readiness then) and recording the readiness gain."""

import pytest

from cluster.lab.models import ModuleCompletion
from cluster.lab.selectors import company_readiness
from cluster.lab.services import module_complete, readiness_gain_record
from tests.factories.bookings import connect_account_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sme(lab, short_slot_horizon, make_provider, make_experience, make_member):
    provider = make_provider()
    make_experience(provider=provider)
    return make_member(provider)


def test_completing_records_the_readiness_before(lab, sme):
    completion, created = module_complete(member=sme, module=lab["en", "payout_account"])
    assert created
    assert completion.readiness_before == company_readiness(provider=sme.provider)
    assert completion.readiness_after is None and completion.gain is None


def test_completing_twice_keeps_the_first_record(lab, sme):
    first, _ = module_complete(member=sme, module=lab["en", "payout_account"])
    connect_account_factory(provider=sme.provider)
    again, created = module_complete(member=sme, module=lab["en", "payout_account"])
    assert not created and again.pk == first.pk
    assert again.readiness_before == first.readiness_before
    assert ModuleCompletion.objects.count() == 1


def test_a_module_done_in_english_is_the_italian_original(lab, sme):
    english, _ = module_complete(member=sme, module=lab["en", "photos"])
    italian, created = module_complete(member=sme, module=lab["it", "photos"])
    assert not created and italian.pk == english.pk
    assert english.module_id == lab["it", "photos"].pk


def test_the_gain_is_recorded_after(lab, sme):
    completion, _ = module_complete(member=sme, module=lab["en", "payout_account"])
    connect_account_factory(provider=sme.provider)
    assert readiness_gain_record(member=sme, module=lab["en", "payout_account"]) == 1
    completion.refresh_from_db()
    assert completion.readiness_after == company_readiness(provider=sme.provider)
    assert completion.gain > 0
    assert completion.after_recorded_at is not None


def test_the_gain_of_every_completion_on_a_call(lab, sme):
    module_complete(member=sme, module=lab["en", "payout_account"])
    module_complete(member=sme, module=lab["en", "photos"])
    assert readiness_gain_record(member=sme) == 2
    assert not ModuleCompletion.objects.filter(readiness_after=None).exists()
