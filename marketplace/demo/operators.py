"""Demo tour operators: a German and a British operator, approved, each with an owner who signs
in with its email and the demo password, and contracts with a few demo suppliers of Italy,
Albania and Montenegro, which let them pay on account (on their monthly statement). Built
through the services; a second run creates nothing."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marketplace.catalogue.models.pages import ProviderPage
from marketplace.core.choices import OperatorTerms
from marketplace.demo.catalogue import DEMO_PASSWORD_DEFAULT
from marketplace.operators.models import Contract, Operator
from marketplace.operators.services.contracts import contract_create, contract_override_set
from marketplace.operators.services.operators import (
    operator_approve,
    operator_signup,
    operator_vat_normalise,
)

Report = Callable[[str], None]


@dataclass(frozen=True)
class DemoContract:
    """A contract with the ``index``-th demo supplier (by id) of ``country``."""

    country: str
    index: int
    terms: str
    commission_pct: Decimal = Decimal(0)
    # Net-rate terms for the supplier's first experience under a commission contract.
    net_rate_first_experience: bool = False


@dataclass(frozen=True)
class DemoOperator:
    name: str
    country: str
    vat_number: str
    email: str
    contact_name: str
    phone: str
    website: str
    language: str
    contracts: tuple[DemoContract, ...]


DEMO_OPERATORS = (
    DemoOperator(
        name="Adria Erlebnisreisen GmbH", country="DE", vat_number="DE 814 263 597",
        email="operator-de@example.com", contact_name="Katrin Vogel",
        phone="+49 89 0000 0000", website="https://adria-erlebnis.example.com", language="en",
        contracts=(
            DemoContract("IT", 0, OperatorTerms.COMMISSION, Decimal(20),
                         net_rate_first_experience=True),
            DemoContract("IT", 1, OperatorTerms.COMMISSION, Decimal("17.5")),
            DemoContract("AL", 0, OperatorTerms.NET_RATE),
        )),
    DemoOperator(
        name="Thames & Adriatic Journeys Ltd", country="GB", vat_number="GB 284 6193 75",
        email="operator-gb@example.com", contact_name="Oliver Hart",
        phone="+44 20 0000 0000", website="https://thames-adriatic.example.com", language="en",
        contracts=(
            DemoContract("IT", 2, OperatorTerms.COMMISSION, Decimal(15)),
            DemoContract("ME", 0, OperatorTerms.COMMISSION, Decimal(18)),
            DemoContract("AL", 1, OperatorTerms.NET_RATE),
        )),
)


def _suppliers(country: str, count: int = 3) -> list[ProviderPage]:
    return list(ProviderPage.objects.live()
                .filter(country=country, locale__language_code=settings.LANGUAGE_CODE)
                .order_by("pk")[:count])


def _operator_ensure(spec: DemoOperator, password: str) -> tuple[Operator, bool]:
    vat = operator_vat_normalise(country=spec.country, value=spec.vat_number)
    operator = Operator.objects.filter(country=spec.country, vat_number=vat).first()
    if operator is not None:
        return operator, False
    operator = operator_signup(
        name=spec.name, country=spec.country, vat_number=spec.vat_number, email=spec.email,
        password=password, contact_name=spec.contact_name, phone=spec.phone,
        website=spec.website, language=spec.language, notify=False)
    return operator_approve(operator=operator, reviewer=None, notify=False), True


def _contracts_ensure(operator: Operator, spec: DemoOperator, valid: tuple[date, date]) -> int:
    created = 0
    for item in spec.contracts:
        suppliers = _suppliers(item.country)
        if item.index >= len(suppliers):
            continue
        provider = suppliers[item.index]
        if Contract.objects.filter(operator=operator, provider=provider).exists():
            continue
        contract = contract_create(
            provider=provider, operator=operator, terms=item.terms,
            commission_pct=item.commission_pct, valid_from=valid[0], valid_until=valid[1],
            signed_at=valid[0], on_account=True)
        created += 1
        first = provider.get_children().live().specific().first()
        if item.net_rate_first_experience and first is not None:
            contract_override_set(contract=contract, experience=first,
                                  terms=OperatorTerms.NET_RATE)
    return created


def load_demo_operators(report: Report | None = None) -> int:
    """The demo operators, their owners and contracts (valid from 1 January of this year to
    the end of next year); returns how many operators and contracts it created."""
    report = report or (lambda message: None)
    password = os.environ.get("DEMO_USER_PASSWORD") or DEMO_PASSWORD_DEFAULT
    year = timezone.localdate().year
    valid = (date(year, 1, 1), date(year + 1, 12, 31))
    operators = contracts = 0
    for spec in DEMO_OPERATORS:
        with transaction.atomic():
            operator, created = _operator_ensure(spec, password)
            operators += created
            contracts += _contracts_ensure(operator, spec, valid)
    if operators or contracts:
        source = ("DEMO_USER_PASSWORD" if os.environ.get("DEMO_USER_PASSWORD")
                  else f"the default {DEMO_PASSWORD_DEFAULT}")
        report(f"Tour operators: {operators} created, {contracts} contracts. Sign in at "
               f"/en/operators/sign-in/ as " + ", ".join(s.email for s in DEMO_OPERATORS)
               + f" (password: {source}).")
    else:
        report("Tour operators: the demo operators and their contracts are already there.")
    return operators + contracts


__all__ = ["DEMO_OPERATORS", "load_demo_operators"]
