"""The SME's "Close these gaps" panel (its own only), marking a module done, and the
managers' progress panel."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cluster.lab.models import ModuleCompletion
from cluster.lab.services import module_complete
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from tests.factories.bookings import connect_account_factory
from tests.marketplace.conftest import experience_text

pytestmark = pytest.mark.django_db


def _url(provider):
    return f"/admin/cluster/lab/{provider.pk}/done/"


@pytest.fixture
def smes(lab, short_slot_horizon, make_provider, make_experience, make_member, sme_user):
    olio = make_provider(legal_name="Masseria Olio")
    make_experience(provider=olio, photos=1, text=experience_text(title="Olive oil tasting"))
    carta = make_provider(legal_name="Bottega Cartapesta")
    make_experience(provider=carta, text=experience_text(title="Papier-mache workshop"))
    connect_account_factory(provider=carta)
    return {"olio": olio, "olio_member": make_member(olio),
            "olio_user": sme_user(olio, "sme-olio"), "carta": carta,
            "carta_member": make_member(carta), "carta_user": sme_user(carta, "sme-carta")}


def test_the_panel_shows_the_sme_its_own_gaps(lab, smes, client):
    client.force_login(smes["olio_user"])
    body = client.get("/admin/").content.decode()
    assert "Close these gaps" in body
    assert "Olive oil tasting" in body and "Papier-mache workshop" not in body
    assert lab["en", "photos"].title in body and lab["en", "payout_account"].title in body
    assert "Mark as done" in body and "% ready" in body
    assert _url(smes["olio"]) in body and _url(smes["carta"]) not in body


def test_another_sme_sees_its_own(lab, smes, client):
    client.force_login(smes["carta_user"])
    body = client.get("/admin/").content.decode()
    assert "Close these gaps" in body
    assert "Olive oil tasting" not in body and _url(smes["olio"]) not in body
    assert "Papier-mache workshop" in body  # not translated into every language yet
    assert lab["en", "photos"].title not in body  # three photos
    assert lab["en", "payout_account"].title not in body  # it has a payout account


def test_marking_done_then_recording_progress(lab, smes, client):
    client.force_login(smes["olio_user"])
    module = lab["en", "payout_account"]
    response = client.post(_url(smes["olio"]), {"module": module.pk})
    assert response.status_code == 302
    completion = ModuleCompletion.objects.get()
    assert (completion.member, completion.completed_by) == (smes["olio_member"],
                                                            smes["olio_user"])
    assert "Record my progress" in client.get("/admin/").content.decode()
    connect_account_factory(provider=smes["olio"])
    client.post(_url(smes["olio"]), {"module": module.pk})
    completion.refresh_from_db()
    assert ModuleCompletion.objects.count() == 1 and completion.gain > 0


def test_another_sme_cannot_mark_for_this_supplier(lab, smes, client):
    client.force_login(smes["carta_user"])
    response = client.post(_url(smes["olio"]), {"module": lab["en", "photos"].pk})
    assert response.status_code == 404
    assert not ModuleCompletion.objects.exists()


def test_the_url_takes_posts_only(lab, smes, client):
    client.force_login(smes["olio_user"])
    assert client.get(_url(smes["olio"])).status_code == 405


def test_an_unknown_module_is_refused_with_a_message(lab, smes, client):
    client.force_login(smes["olio_user"])
    response = client.post(_url(smes["olio"]), {"module": "nope"}, follow=True)
    assert "Choose a module of the digital lab." in response.content.decode()
    assert not ModuleCompletion.objects.exists()


def test_the_managers_see_the_progress_not_the_gaps(lab, smes, client):
    module_complete(member=smes["olio_member"], module=lab["en", "photos"])
    manager = get_user_model().objects.create_user("manager", "manager@example.com", "x")
    manager.groups.add(Group.objects.get(name=CLUSTER_MANAGERS_GROUP))
    client.force_login(manager)
    body = client.get("/admin/").content.decode()
    assert "Digital lab: progress by company" in body and "Masseria Olio" in body
    assert "Close these gaps" not in body
