"""Two tenants of every kind, built through the services as the product builds them.

Tenant A owns one of everything (provider page, experience, slot, paid order and booking,
shared resource, image, operator with an agent and a contract, payout run, application);
tenant B owns the same kinds of things, so each test can ask as B for A's objects."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.schedules import Resource, Slot
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.pricing import PriceLine
from marketplace.catalogue.services.pages import (
    ExperienceDetails,
    ExperienceText,
    WeeklyRuleSpec,
    experience_page_create,
    supplier_page_create,
)
from marketplace.catalogue.services.permissions import sme_collection_get, sme_group_ensure
from marketplace.core.choices import OperatorTerms
from marketplace.core.vat import it_partita_iva_check_digit
from marketplace.onboarding.services.applications import supplier_application_create
from marketplace.operators.models import Contract, OperatorMember
from marketplace.operators.services import contracts as contract_services
from marketplace.operators.services import operators as operator_services
from marketplace.payments.models import PayoutRun
from marketplace.payments.services.settlement import order_payment_succeeded

PASSWORD = "Blue-Adriatic-2026"
LECCE = (40.35148, 18.17180)
ADULT_NET = PriceLine(kind="per_person", label="Adult", price_cents=4500, age_min=18,
                      age_max=99, net_price_cents=3600)
_serial = itertools.count(1)


def _vat(n: int) -> str:
    base = f"{n:010d}"
    return base + str(it_partita_iva_check_digit(base))


@dataclass
class Tenant:
    """One supplier with its user, or one operator with its owner and agent."""

    user: object
    provider: object = None
    experience: object = None
    slot: object = None
    resource: object = None
    image: object = None
    collection: object = None
    operator: object = None
    agent: object = None
    contract: object = None
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    sme_a: Tenant
    sme_b: Tenant
    op_a: Tenant
    op_b: Tenant
    manager: object
    buyer: object
    order: object
    booking: object
    application: object
    payout_run: object
    other_user: object


def _supplier(key: str, name: str) -> Tenant:
    n = next(_serial)
    provider = supplier_page_create(
        legal_name=name, vat_number=_vat(5000 + n + ord(key) * 10), country="IT",
        sector_slugs=["food-wine"], lat=LECCE[0], lon=LECCE[1], town="Lecce",
        email=f"{key}@example.com")
    group = sme_group_ensure(provider=provider)
    collection = sme_collection_get(provider=provider)
    user = get_user_model().objects.create_user(f"sme-{key}", f"sme-{key}@example.com",
                                                PASSWORD)
    user.groups.add(group)
    image = Image.objects.create(title=f"Photo of {name}", file=get_test_image_file(),
                                 collection=collection)
    experience = experience_page_create(
        provider=provider,
        text=ExperienceText(
            title=f"Olive oil at {name}",
            summary="Una mattina nel frantoio ipogeo della masseria: raccolta, molitura e "
                    "assaggio dell'olio nuovo con pane caldo e pomodori.",
            meeting_point="Cancello della masseria"),
        details=ExperienceDetails(
            sector_slug="food-wine", lat=LECCE[0], lon=LECCE[1], prices=(ADULT_NET,),
            weekly_rules=(WeeklyRuleSpec(weekdays=tuple(range(7)),
                                                  start_times=(time(10),)),)),
        photos=[image], publish=True)
    resource = Resource.objects.create(provider=provider, name=f"Boat of {name}", capacity=8)
    slot = (Slot.objects.filter(experience=experience,
                                starts_at__gte=timezone.now() + timedelta(days=3))
            .order_by("starts_at").first())
    return Tenant(user=user, provider=provider, experience=experience, slot=slot,
                  resource=resource, image=image, collection=collection)


def _operator(key: str, country: str, vat: str, provider) -> Tenant:
    operator = operator_services.operator_signup(
        name=f"Operator {key.upper()}", country=country, vat_number=vat,
        email=f"owner-{key}@example.com", password=PASSWORD, contact_name=f"Owner {key}",
        notify=False)
    operator = operator_services.operator_approve(operator=operator, reviewer=None,
                                                  notify=False)
    owner = operator.members.get().user
    agent_user = get_user_model().objects.create_user(f"agent-{key}@example.com",
                                                      f"agent-{key}@example.com", PASSWORD)
    agent = OperatorMember.objects.create(operator=operator, user=agent_user,
                                          role=OperatorMember.Role.AGENT)
    contract = contract_services.contract_create(
        provider=provider, operator=operator, terms=OperatorTerms.NET_RATE,
        valid_from=date.today() - timedelta(days=30),
        valid_until=date.today() + timedelta(days=365))
    return Tenant(user=owner, operator=operator, agent=agent, contract=contract)


def build_world() -> World:
    """Everything the tenancy tests read; see the module's docstring."""
    sme_a = _supplier("a", "Masseria Alfa")
    sme_b = _supplier("b", "Konoba Beta")
    op_a = _operator("a", "DE", "814263597", sme_a.provider)
    op_b = _operator("b", "GB", "GB980780684", sme_b.provider)
    manager = get_user_model().objects.create_user("manager", "manager@example.com", PASSWORD)
    manager.groups.add(Group.objects.get(name="Cluster managers"))
    buyer = get_user_model().objects.create_user("buyer", "buyer@example.com", PASSWORD)
    other_user = get_user_model().objects.create_user("someone", "someone@example.com",
                                                      PASSWORD)
    adult = sme_a.experience.price_options.get(label="Adult")
    order = order_place(email="buyer@example.com", name="Ada Buyer", user=buyer, language="it",
                        requests=[BookingRequest(slot_id=sme_a.slot.pk, quantities={adult.pk: 2})])
    order_payment_succeeded(order=order)
    booking = order.bookings.get()
    application = supplier_application_create(
        company_name="Frantoio Gamma", vat_number=_vat(9000 + next(_serial)), country="IT",
        sectors=list(Sector.objects.filter(slug="crafts", locale__language_code="it")),
        contact_name="Gino Gamma", email="gamma@example.com", town="Lecce")
    today = timezone.localdate()
    payout_run = PayoutRun.objects.create(period_start=today - timedelta(days=60),
                                          period_end=today - timedelta(days=1),
                                          created_by=manager)
    return World(sme_a=sme_a, sme_b=sme_b, op_a=op_a, op_b=op_b, manager=manager, buyer=buyer,
                 order=order, booking=booking, application=application,
                 payout_run=payout_run, other_user=other_user)


def contracts_of(operator) -> list[Contract]:
    return list(Contract.objects.filter(operator=operator))
