"""An SME sees and edits its own subtree only, through every admin URL."""

import pytest
from django.contrib.auth import get_user_model

from marketplace.catalogue.services.permissions import sme_group_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_smes(make_provider, make_experience):
    users = {}
    pages = {}
    for key, name in (("a", "Masseria Alfa"), ("b", "Konoba Beta")):
        provider = make_provider(legal_name=name)
        experience = make_experience(provider=provider,
                                     text=None, publish=True)
        group = sme_group_ensure(provider=provider)
        user = get_user_model().objects.create_user(f"sme-{key}", f"{key}@example.com", "pw")
        user.groups.add(group)
        users[key] = user
        pages[key] = (provider, experience)
    return users, pages


def _denied(response):
    """Wagtail answers a browser with a redirect to the dashboard and "Sorry, you do not have
    permission"; a script (X-Requested-With) gets a 403. Either way nothing is shown or done."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] in ("/admin/",)


def _denied_to_scripts(client, url):
    response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    return response.status_code in (403, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{b_exp}/edit/",
        "/admin/pages/{b_prov}/edit/",
        "/admin/pages/{b_exp}/delete/",
        "/admin/pages/{b_exp}/copy/",
        "/admin/pages/{b_exp}/move/",
        "/admin/pages/{b_exp}/unpublish/",
        "/admin/pages/{b_exp}/history/",
        "/admin/pages/add/marketplace/experiencepage/{b_prov}/",
    ],
)
def test_sme_cannot_open_another_smes_pages(client, two_smes, url):
    users, pages = two_smes
    ids = {"a_exp": pages["a"][1].pk, "b_exp": pages["b"][1].pk, "b_prov": pages["b"][0].pk}
    client.force_login(users["a"])
    assert _denied(client.get(url.format(**ids)))
    shown = client.get(url.format(**ids), follow=True)
    assert [str(m) for m in shown.context["messages"]], "the dashboard explains the refusal"
    assert "Konoba Beta" not in shown.content.decode()
    assert _denied_to_scripts(client, url.format(**ids))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{b_exp}/edit/",
        "/admin/pages/{b_exp}/delete/",
        "/admin/pages/{b_exp}/copy/",
        "/admin/pages/{b_exp}/unpublish/",
        "/admin/pages/{a_exp}/move/{b_prov}/confirm/",
    ],
)
def test_sme_cannot_change_another_smes_pages_by_post(client, two_smes, url):
    users, pages = two_smes
    ids = {"a_exp": pages["a"][1].pk, "b_exp": pages["b"][1].pk, "b_prov": pages["b"][0].pk}
    client.force_login(users["a"])
    response = client.post(url.format(**ids), {"title": "hacked", "slug": "hacked"})
    # Moving into someone else's subtree sends the SME back to the move chooser.
    assert _denied(response) or response["Location"] == f"/admin/pages/{ids['a_exp']}/move/"
    experience_b = pages["b"][1]
    experience_b.refresh_from_db()
    assert experience_b.title != "hacked" and experience_b.live
    assert experience_b.get_parent().pk == pages["b"][0].pk


def test_sme_edits_its_own_experience(client, two_smes):
    users, pages = two_smes
    client.force_login(users["a"])
    assert client.get(f"/admin/pages/{pages['a'][1].pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/add/marketplace/experiencepage/{pages['a'][0].pk}/"
                      ).status_code == 200


def test_sme_cannot_publish_even_its_own_page(client, two_smes):
    users, pages = two_smes
    client.force_login(users["a"])
    html = client.get(f"/admin/pages/{pages['a'][1].pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    assert "action-submit" in html


def test_explorer_and_search_hide_other_smes(client, two_smes):
    users, pages = two_smes
    client.force_login(users["a"])
    index_id = pages["a"][0].get_parent().pk
    for url in (f"/admin/pages/{index_id}/", "/admin/pages/search/?q=Beta",
                "/admin/pages/search/?q=Degustazione", "/admin/pages/"):
        response = client.get(url, follow=True)
        html = response.content.decode()
        assert "Konoba Beta" not in html, url
        assert f"/admin/pages/{pages['b'][1].pk}/edit/" not in html, url
