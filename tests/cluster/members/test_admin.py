"""The members' admin screen: cluster managers only; the list with its filters, each
lifecycle step through its service (a step the status does not allow is a 409 and changes
nothing), and the sync with the marketplace."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cluster.members.models import Member
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db

INDEX = "/admin/cluster/members/"


def _step(pk: int, action: str) -> str:
    return f"{INDEX}{pk}/{action}/"


@pytest.fixture
def manager(managers):
    user = get_user_model().objects.create_user("manager", "manager@example.com", "x-Pass-2026")
    user.groups.add(managers)
    return user


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_non_managers_are_refused(client, make_member):
    member = make_member(active=False)
    assert refused(client.get(INDEX))  # anonymous: the login page
    user = get_user_model().objects.create_user("sme", "sme@example.com", "x-Pass-2026",
                                                 is_staff=True)
    member.users.add(user)
    client.force_login(user)
    assert refused(client.get(INDEX, headers=SCRIPT))
    assert refused(client.post(_step(member.pk, "activate"), headers=SCRIPT))
    assert refused(client.post(f"{INDEX}sync/", headers=SCRIPT))
    member.refresh_from_db()
    assert member.status == Member.Status.APPLIED


def test_a_manager_lists_and_filters(manager_client, make_member):
    make_member(name="Cantina Attiva")
    make_member(name="Frantoio in Attesa", active=False)
    make_member(name="Agenzia Tirana", kind="operator", country="AL",
                vat_number="L01234567A", lat=None, lon=None)
    response = manager_client.get(INDEX)
    body = response.content.decode()
    assert response.status_code == 200
    assert all(name in body for name in ("Cantina Attiva", "Frantoio in Attesa",
                                         "Agenzia Tirana"))
    body = manager_client.get(f"{INDEX}?status=applied").content.decode()
    assert "Frantoio in Attesa" in body and "Cantina Attiva" not in body
    assert "/activate/" in body and "/suspend/" not in body
    body = manager_client.get(f"{INDEX}?kind=operator&country=al").content.decode()
    assert "Agenzia Tirana" in body and "Cantina Attiva" not in body
    body = manager_client.get(f"{INDEX}?q=cantina").content.decode()
    assert "Cantina Attiva" in body and "Frantoio in Attesa" not in body


def test_a_manager_activates_an_applied_member(manager_client, make_member):
    member = make_member(active=False)
    response = manager_client.post(_step(member.pk, "activate") + "?status=applied")
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}?status=applied"
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    assert member.joined_on == timezone.localdate()


def test_a_manager_suspends_then_reinstates(manager_client, make_member):
    member = make_member()
    assert manager_client.post(_step(member.pk, "suspend")).status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.SUSPENDED
    assert member.suspended_on == timezone.localdate()
    assert "/reinstate/" in manager_client.get(INDEX).content.decode()
    assert manager_client.post(_step(member.pk, "reinstate")).status_code == 302
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE and member.suspended_on is None
    assert member.joined_on == timezone.localdate()


def test_a_step_the_status_does_not_allow_is_a_409_and_changes_nothing(manager_client,
                                                                       make_member):
    member = make_member(active=False)
    before = Member.objects.values().get(pk=member.pk)
    response = manager_client.post(_step(member.pk, "suspend"))
    assert response.status_code == 409
    assert "cannot be suspended" in response.content.decode()
    assert Member.objects.values().get(pk=member.pk) == before


def test_an_unknown_step_is_404_and_a_get_is_405(manager_client, make_member):
    member = make_member()
    assert manager_client.post(_step(member.pk, "delete")).status_code == 404
    assert manager_client.get(_step(member.pk, "suspend")).status_code == 405
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE


def test_a_manager_runs_the_sync(manager_client, make_provider):
    page = make_provider(legal_name="Masseria Sincronizzata")
    response = manager_client.post(f"{INDEX}sync/", follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 member(s) created or changed" in body
    assert Member.objects.get(provider=page).status == Member.Status.ACTIVE
    body = manager_client.post(f"{INDEX}sync/", follow=True).content.decode()
    assert "0 member(s) created or changed" in body
