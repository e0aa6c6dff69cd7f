"""Members for the agreements' tests: plain rows (the members' services are another
domain's)."""

import itertools
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cluster.members.models import Member
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from marketplace.operators.services import operators as operator_services
from tests.factories.marketplace import provider_page_factory

_serial = itertools.count(1)


def member_make(*, kind=Member.Kind.SUPPLIER, status=Member.Status.ACTIVE, name="",
                provider=None, operator=None) -> Member:
    n = next(_serial)
    return Member.objects.create(name=name or f"Company {n}", kind=kind, country="IT",
                                 vat_number=f"IT{n:09d}", status=status,
                                 applied_on=date(2025, 1, 1), provider=provider,
                                 operator=operator)


@pytest.fixture
def supplier():
    return member_make(name="Masseria Alfa", provider=provider_page_factory(title="Masseria Alfa"))


@pytest.fixture
def operator_member():
    operator = operator_services.operator_signup(
        name="Adria Tours", country="DE", vat_number="814263597", email="owner@example.com",
        password="Blue-Adriatic-2026", contact_name="Katrin Vogel", notify=False)
    operator = operator_services.operator_approve(operator=operator, reviewer=None,
                                                  notify=False)
    return member_make(kind=Member.Kind.OPERATOR, name="Adria Tours", operator=operator)


@pytest.fixture
def institution():
    return member_make(kind=Member.Kind.INSTITUTION, name="Camera di commercio")


@pytest.fixture
def manager():
    user = get_user_model().objects.create_user("manager", "manager@example.com", "x-Pass-2026")
    user.groups.add(Group.objects.get(name=CLUSTER_MANAGERS_GROUP))
    return user
