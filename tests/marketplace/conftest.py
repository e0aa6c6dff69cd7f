"""Marketplace fixtures built through the services, as the product builds its data."""

import itertools
from datetime import time

import pytest
from django.contrib.auth.models import Group
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from marketplace.catalogue.pricing import PriceLine
from marketplace.catalogue.services.pages import (
    ExperienceDetails,
    ExperienceText,
    WeeklyRuleSpec,
    experience_page_create,
    supplier_page_create,
)
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from marketplace.core.vat import it_partita_iva_check_digit

_serial = itertools.count(1)

LECCE = (40.35148, 18.17180)


def italian_vat(n: int) -> str:
    base = f"{n:010d}"
    return base + str(it_partita_iva_check_digit(base))


ADULT = PriceLine(kind="per_person", label="Adult", price_cents=4500, age_min=18, age_max=99)
CHILD = PriceLine(kind="per_person", label="Child", price_cents=2000, age_min=6, age_max=17)
INFANT = PriceLine(kind="per_person", label="Infant", price_cents=0, age_min=0, age_max=5)


@pytest.fixture
def make_provider(db):
    def make(**overrides):
        n = next(_serial)
        fields = dict(legal_name=f"Masseria Prova {n}", vat_number=italian_vat(1000 + n),
                      country="IT", sector_slugs=["agritourism", "food-wine"],
                      lat=LECCE[0], lon=LECCE[1], town="Lecce", email=f"sme{n}@example.com")
        fields.update(overrides)
        return supplier_page_create(**fields)

    return make


@pytest.fixture
def make_images(db):
    def make(count: int = 3):
        return [Image.objects.create(title=f"Photo {i}", file=get_test_image_file())
                for i in range(count)]

    return make


def experience_details(**overrides) -> ExperienceDetails:
    fields = dict(
        sector_slug="food-wine", lat=LECCE[0], lon=LECCE[1], prices=(ADULT, CHILD, INFANT),
        weekly_rules=(WeeklyRuleSpec(weekdays=tuple(range(7)),
                                              start_times=(time(10), time(15))),),
    )
    fields.update(overrides)
    return ExperienceDetails(**fields)


def experience_text(**overrides) -> ExperienceText:
    fields = dict(
        title="Degustazione di olio in frantoio",
        summary="Una mattina nel frantoio ipogeo della masseria: raccolta, molitura e "
                "assaggio dell'olio nuovo con pane caldo e pomodori.",
        meeting_point="Cancello della masseria",
    )
    fields.update(overrides)
    return ExperienceText(**fields)


@pytest.fixture
def short_slot_horizon(monkeypatch):
    """Publishing materialises 60 days of slots instead of a year (730 rows per experience
    with two daily starts): for tests that book within weeks. The year itself is tested in
    test_slots and test_scheduling."""
    from marketplace.catalogue.services import slots

    monkeypatch.setitem(slots.slots_materialise.__kwdefaults__, "horizon_days", 60)


@pytest.fixture
def make_experience(db, make_provider, make_images):
    def make(*, provider=None, photos=3, publish=True, text=None, **details):
        return experience_page_create(
            provider=provider or make_provider(),
            text=text or experience_text(),
            details=experience_details(**details),
            photos=make_images(photos) if photos else [],
            publish=publish,
        )

    return make


@pytest.fixture
def managers(db):
    return Group.objects.get(name=CLUSTER_MANAGERS_GROUP)


TIRANA = (41.32744, 19.81866)
KOTOR = (42.42067, 18.77123)


@pytest.fixture
def italian():
    return Locale.objects.get(language_code="it")


@pytest.fixture
def catalogue(make_provider, make_experience):
    """Four experiences that differ in every filtered attribute."""
    lecce = make_provider()
    tirana = make_provider(country="AL", vat_number="L01234567A", lat=TIRANA[0], lon=TIRANA[1],
                           town="Tirana")
    kotor = make_provider(country="ME", vat_number="02123456", lat=KOTOR[0], lon=KOTOR[1],
                          town="Kotor")
    return {
        "oil": make_experience(provider=lecce, photos=1),
        "boat": make_experience(
            provider=kotor, photos=1, sector_slug="fishing-sea", lat=KOTOR[0], lon=KOTOR[1],
            text=experience_text(title="Boka bay by fishing boat"), duration_min=300,
            booking_mode="request", languages="cnr,en", wheelchair_accessible=True,
            prices=(PriceLine(kind="per_group", label="Boat", price_cents=40000,
                              group_size_min=1, group_size_max=8),)),
        "room": make_experience(
            provider=tirana, photos=1, sector_slug="hospitality", lat=TIRANA[0],
            lon=TIRANA[1], text=experience_text(title="Guesthouse room in Tirana"),
            is_lodging=True, rooms=3, schedule_kind="nightly", weekly_rules=(),
            family_friendly=True, languages="sq,en,it",
            prices=(PriceLine(kind="per_night", label="Room", price_cents=6000),)),
        "craft": make_experience(
            provider=lecce, photos=1, sector_slug="crafts", duration_min=90,
            text=experience_text(title="Cartapesta workshop"), weekly_rules=(),
            prices=(PriceLine(kind="per_person", label="Adult", price_cents=2500, age_min=16,
                              age_max=99),)),
    }


@pytest.fixture
def make_operator(db):
    """An approved tour operator (its owner is its one member) with contracts made through
    the services: ``make_operator(contracts={provider: on_account, ...})``, commission terms
    of 10 % valid from a month ago."""
    from datetime import date, timedelta
    from decimal import Decimal

    from marketplace.core.choices import OperatorTerms
    from marketplace.operators.services import contracts as contract_services
    from marketplace.operators.services import operators as operator_services

    def make(*, contracts=None, vat="814263597", country="DE"):
        n = next(_serial)
        operator = operator_services.operator_signup(
            name=f"Adriatic Tours {n}", country=country, vat_number=vat,
            email=f"owner{n}@example.com", password="Blue-Adriatic-2026",
            contact_name="Katrin Vogel", notify=False)
        operator = operator_services.operator_approve(operator=operator, reviewer=None,
                                                      notify=False)
        for provider, on_account in (contracts or {}).items():
            contract_services.contract_create(
                provider=provider, operator=operator, terms=OperatorTerms.COMMISSION,
                commission_pct=Decimal("10"), valid_from=date.today() - timedelta(days=30),
                on_account=on_account)
        return operator

    return make
