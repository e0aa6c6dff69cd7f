"""The sync: one member per company, whether it has a supplier page, an operator account or
both; running it again changes nothing."""

import pytest
from django.contrib.auth import get_user_model

from cluster.members.models import Member
from cluster.members.services import MemberApplication, member_apply, members_sync
from marketplace.catalogue.services.permissions import sme_group_ensure
from marketplace.operators.services import operators as operator_services

pytestmark = pytest.mark.django_db


def _operator(*, country: str, vat: str, key: str, approve: bool = True):
    operator = operator_services.operator_signup(
        name=f"Viaggi {key}", country=country, vat_number=vat, email=f"{key}@example.com",
        password="Blue-Adriatic-2026", contact_name=f"Owner {key}", notify=False)
    if approve:
        operator = operator_services.operator_approve(operator=operator, reviewer=None,
                                                      notify=False)
    return operator


def test_a_supplier_that_is_also_an_operator_is_one_member(make_provider):
    both = make_provider(legal_name="Masseria Due Volte")
    sme_user = get_user_model().objects.create_user("sme-due")
    sme_user.groups.add(sme_group_ensure(provider=both))
    supplier_only = make_provider(legal_name="Konoba Sola")
    operator = _operator(country="IT", vat=f"IT {both.vat_number}", key="due")
    foreign = _operator(country="DE", vat="DE814263597", key="berlin")
    _operator(country="GB", vat="GB980780684", key="pending", approve=False)
    lines = []

    assert members_sync(report=lines.append) == 4  # 3 created, 1 linked
    assert Member.objects.count() == 3
    member = Member.objects.get(provider=both)
    assert member.operator == operator and member.kind == Member.Kind.SUPPLIER
    assert set(member.users.all()) == {sme_user, operator.members.get().user}
    assert (member.country, member.vat_number, member.status) == ("IT", both.vat_number,
                                                                  "active")
    assert member.sectors == ["agritourism", "food-wine"] and member.area == "IT-75"
    assert member.joined_on is not None
    assert Member.objects.get(provider=supplier_only).operator is None
    assert Member.objects.get(operator=foreign).vat_number == "814263597"
    assert any("linked operator" in line for line in lines), lines

    before = list(Member.objects.order_by("pk").values())
    assert members_sync() == 0
    assert list(Member.objects.order_by("pk").values()) == before


def test_an_applied_member_gets_its_supplier_page_linked(make_provider):
    page = make_provider(legal_name="Frantoio Già Iscritto")
    applied = member_apply(application=MemberApplication(
        name="Frantoio Già Iscritto srl", kind="supplier", country="IT",
        vat_number=page.vat_number))
    assert members_sync() == 1
    applied.refresh_from_db()
    assert applied.provider_id == page.pk and Member.objects.count() == 1
    assert members_sync() == 0


def test_a_draft_supplier_page_makes_no_member(make_provider):
    make_provider(publish=False)
    assert members_sync() == 0 and not Member.objects.exists()
