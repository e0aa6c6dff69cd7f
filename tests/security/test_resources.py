"""Shared resources (a boat, a guide) belong to one supplier: another SME neither lists,
chooses, edits nor creates them, nor attaches its experience to them."""

import pytest
from django.urls import reverse

from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import Resource

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}


def _edit_url(resource):
    return reverse("wagtailsnippets_marketplace_resource:edit", args=[resource.pk])


def test_the_list_and_the_chooser_show_only_the_smes_own_resources(client, world):
    client.force_login(world.sme_a.user)
    for name in ("wagtailsnippets_marketplace_resource:list",
                 "wagtailsnippetchoosers_marketplace_resource:choose"):
        page = client.get(reverse(name), headers=XHR).content.decode()
        assert "Boat of Masseria Alfa" in page
        assert "Boat of Konoba Beta" not in page


def test_an_sme_cannot_rename_or_resize_another_smes_boat(client, world):
    theirs = world.sme_b.resource
    client.force_login(world.sme_a.user)
    assert client.get(_edit_url(theirs), headers=XHR).status_code == 404
    response = client.post(_edit_url(theirs), {"provider": world.sme_a.provider.pk,
                                               "name": "Mine now", "capacity": 1},
                           headers=XHR)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.capacity, theirs.provider_id) == (
        "Boat of Konoba Beta", 8, world.sme_b.provider.pk)
    for view in ("delete", "copy", "usage", "history"):
        url = reverse(f"wagtailsnippets_marketplace_resource:{view}", args=[theirs.pk])
        assert client.get(url, headers=XHR).status_code in (403, 404), view
    chosen = reverse("wagtailsnippetchoosers_marketplace_resource:chosen", args=[theirs.pk])
    assert client.get(chosen, headers=XHR).status_code == 404


def test_an_sme_cannot_create_a_resource_for_another_sme(client, world):
    client.force_login(world.sme_a.user)
    add = reverse("wagtailsnippets_marketplace_resource:add")
    client.post(add, {"provider": world.sme_b.provider.pk, "name": "Planted", "capacity": 2})
    assert not Resource.objects.filter(name="Planted").exists()
    client.post(add, {"provider": world.sme_a.provider.pk, "name": "Guide", "capacity": 2})
    assert Resource.objects.get(name="Guide").provider_id == world.sme_a.provider.pk


def test_an_sme_edits_its_own_resource(client, world):
    mine = world.sme_a.resource
    client.force_login(world.sme_a.user)
    response = client.post(_edit_url(mine), {"provider": world.sme_a.provider.pk,
                                             "name": "Gozzo", "capacity": 6})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.name, mine.capacity) == ("Gozzo", 6)


def test_the_experience_editor_offers_only_its_suppliers_resources(world):
    experience = ExperiencePage.objects.get(pk=world.sme_a.experience.pk)
    form_class = ExperiencePage.get_edit_handler().get_form_class()
    form = form_class(instance=experience, for_user=world.sme_a.user,
                      parent_page=experience.get_parent())
    offered = set(form.fields["resource"].queryset)
    assert world.sme_a.resource in offered and world.sme_b.resource not in offered
    adding = form_class(instance=ExperiencePage(), for_user=world.sme_a.user,
                        parent_page=world.sme_a.provider)
    assert set(adding.fields["resource"].queryset) == {world.sme_a.resource}


def test_a_manager_sees_every_resource(client, world):
    client.force_login(world.manager)
    page = client.get(reverse("wagtailsnippets_marketplace_resource:list")).content.decode()
    assert "Boat of Masseria Alfa" in page and "Boat of Konoba Beta" in page
