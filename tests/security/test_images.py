"""Images belong to their supplier's collection: another SME neither lists, picks nor edits
them, in the choosers, the admin API or the page editor."""

import pytest
from django.urls import reverse

from marketplace.catalogue.models.pages import ExperiencePage

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}


def test_the_admin_image_api_lists_only_the_smes_own_images(client, world):
    client.force_login(world.sme_a.user)
    listing = client.get("/admin/api/main/images/").json()
    assert [item["id"] for item in listing["items"]] == [world.sme_a.image.pk]
    theirs = client.get(f"/admin/api/main/images/{world.sme_b.image.pk}/")
    assert theirs.status_code == 404
    assert world.sme_b.image.file.name not in str(listing)


def test_the_image_screens_show_only_the_smes_own_images(client, world):
    client.force_login(world.sme_a.user)
    for name in ("wagtailimages:index", "wagtailimages_chooser:choose"):
        page = client.get(reverse(name), headers=XHR).content.decode()
        assert "Photo of Masseria Alfa" in page and "Photo of Konoba Beta" not in page, name
    theirs = world.sme_b.image.pk
    assert client.get(reverse("wagtailimages:edit", args=[theirs]),
                      headers=XHR).status_code in (403, 404)
    chosen = client.get(reverse("wagtailimages_chooser:chosen", args=[theirs]), headers=XHR)
    assert chosen.status_code in (403, 404)


def test_the_page_editor_refuses_another_smes_image(world):
    experience = ExperiencePage.objects.get(pk=world.sme_a.experience.pk)
    form_class = ExperiencePage.get_edit_handler().get_form_class()
    form = form_class(instance=experience, for_user=world.sme_a.user,
                      parent_page=experience.get_parent())
    offered = set(form.formsets["photos"].forms[0].fields["image"].queryset)
    assert world.sme_a.image in offered and world.sme_b.image not in offered
    provider_form_class = type(world.sme_a.provider).get_edit_handler().get_form_class()
    provider_form = provider_form_class(instance=world.sme_a.provider,
                                        for_user=world.sme_a.user,
                                        parent_page=world.sme_a.provider.get_parent())
    assert world.sme_b.image not in set(provider_form.fields["logo"].queryset)
