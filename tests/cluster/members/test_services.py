"""Applying, the lifecycle and its dates, and who may edit a profile."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from cluster.members.errors import (
    DuplicateMember,
    MemberError,
    MemberPermissionDenied,
    MemberStateError,
)
from cluster.members.models import Member
from cluster.members.services import (
    member_activate,
    member_apply,
    member_leave,
    member_profile_update,
    member_reinstate,
    member_suspend,
)
from marketplace.core.errors import MarketplaceError

from .conftest import application

pytestmark = pytest.mark.django_db


def test_a_company_applies_with_its_vat_normalised():
    vat = application().vat_number
    member = member_apply(application=application(vat_number=f"IT {vat[:5]} {vat[5:]}"),
                          applied_on=date(2026, 3, 1))
    assert (member.country, member.vat_number) == ("IT", vat)
    assert member.status == Member.Status.APPLIED and member.applied_on == date(2026, 3, 1)
    assert member.area == "IT-75"  # Bari is in Puglia


def test_a_second_application_of_the_same_company_is_refused():
    first = application()
    member_apply(application=first)
    with pytest.raises(DuplicateMember) as refused:
        member_apply(application=application(vat_number=f"IT{first.vat_number}",
                                             name="Another name"))
    assert refused.value.status_code == 409 and first.vat_number in refused.value.message
    assert Member.objects.count() == 1


@pytest.mark.parametrize(("country", "vat", "field"), [
    ("IT", "12345678901", "vat_number"),  # wrong check digit
    ("AL", "123", "vat_number"),
    ("ME", "ABCDEFGH", "vat_number"),
    ("XX", "12345678", "country"),
])
def test_a_wrong_number_is_refused_with_its_field(country, vat, field):
    with pytest.raises(MarketplaceError) as refused:
        member_apply(application=application(country=country, vat_number=vat))
    assert refused.value.field == field and refused.value.status_code == 400
    assert not Member.objects.exists()


def test_albanian_and_montenegrin_numbers():
    albanian = member_apply(application=application(country="AL", vat_number="k12345678l",
                                                    lat=None, lon=None))
    montenegrin = member_apply(application=application(country="ME", vat_number="0201-2345",
                                                       lat=None, lon=None))
    assert albanian.vat_number == "K12345678L" and montenegrin.vat_number == "02012345"


def test_unknown_sector_or_bad_email_writes_nothing():
    with pytest.raises(MemberError) as refused:
        member_apply(application=application(sectors=("space-travel",)))
    assert refused.value.field == "sectors"
    with pytest.raises(MemberError) as refused:
        member_apply(application=application(email="not an email"))
    assert refused.value.field == "email"
    assert not Member.objects.exists()


def test_the_lifecycle_records_its_dates(make_member):
    member = make_member(active=False)
    member = member_activate(member=member, on=date.today())
    assert (member.status, member.joined_on) == (Member.Status.ACTIVE, date.today())
    member = member_suspend(member=member)
    assert (member.status, member.suspended_on) == (Member.Status.SUSPENDED, date.today())
    member = member_reinstate(member=member)
    assert member.status == Member.Status.ACTIVE and member.suspended_on is None
    assert member.joined_on == date.today()
    member = member_leave(member=member)
    assert (member.status, member.left_on) == (Member.Status.LEFT, date.today())
    member = member_reinstate(member=member)
    assert member.status == Member.Status.ACTIVE and member.left_on is None
    stored = Member.objects.get(pk=member.pk)
    assert (stored.status, stored.left_on, stored.joined_on) == ("active", None, date.today())


@pytest.mark.parametrize(("step", "status"), [
    (member_activate, "active"), (member_suspend, "applied"), (member_reinstate, "active"),
    (member_leave, "left"), (member_activate, "left"),
])
def test_illegal_transitions_are_refused(make_member, step, status):
    member = make_member(active=False)
    Member.objects.filter(pk=member.pk).update(status=status)
    with pytest.raises(MemberStateError) as refused:
        step(member=member)
    assert refused.value.status_code == 409
    assert Member.objects.get(pk=member.pk).status == status


def test_a_date_before_the_application_is_refused(make_member):
    member = make_member(active=False)
    with pytest.raises(MemberStateError):
        member_activate(member=member, on=date(2000, 1, 1))
    assert Member.objects.get(pk=member.pk).joined_on is None


def test_only_its_users_and_managers_edit_a_profile(make_member, managers):
    users = get_user_model().objects
    own, other = users.create_user("own"), users.create_user("other")
    manager = users.create_user("manager")
    manager.groups.add(managers)
    member = make_member(users=[own])
    member = member_profile_update(member=member, by=own, offers="Olio nuovo",
                                   languages=["IT", "sq"])
    assert member.offers == "Olio nuovo" and member.languages == ["it", "sq"]
    member_profile_update(member=member, by=manager, needs="Guide in inglese")
    with pytest.raises(MemberPermissionDenied):
        member_profile_update(member=member, by=other, offers="Mine now")
    stored = Member.objects.get(pk=member.pk)
    assert (stored.offers, stored.needs) == ("Olio nuovo", "Guide in inglese")


def test_a_profile_refuses_bad_values_and_other_fields(make_member):
    user = get_user_model().objects.create_user("own")
    member = make_member(users=[user])
    with pytest.raises(MemberError) as refused:
        member_profile_update(member=member, by=user, website="javascript:alert(1)",
                              offers="kept?")
    assert refused.value.field == "website"
    with pytest.raises(MemberError):
        member_profile_update(member=member, by=user, status="active")
    assert Member.objects.get(pk=member.pk).offers == member.offers
