"""Wagtail's screens about every supplier's pages are the cluster managers': the page types
report names the last page edited of each type, the translations report lists every
translation. Moving a page is confirmed only to whoever may move it, the end of its review
only to whoever may edit it."""

import pytest

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}
REPORTS = ("/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/",
           "/admin/localize/reports/translations/",
           "/admin/localize/reports/translations/results/")


@pytest.mark.parametrize("url", REPORTS)
def test_suppliers_cannot_open_the_reports_on_every_suppliers_pages(client, shared_world, url):
    for user in (shared_world.sme_a.user, shared_world.sme_b.user):
        client.force_login(user)
        response = client.get(url, headers=XHR)
        assert response.status_code == 403, (user, response.status_code)
        assert b"Masseria Alfa" not in response.content


@pytest.mark.parametrize("url", REPORTS)
def test_managers_read_the_reports_on_every_suppliers_pages(client, shared_world, url):
    client.force_login(shared_world.manager)
    response = client.get(url)
    assert response.status_code == 200
    assert "Olive oil at Masseria Alfa" in response.content.decode()


def test_the_reports_menu_offers_them_to_managers_only(client, shared_world):
    client.force_login(shared_world.sme_a.user)
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/site-history/" in menu
    assert "/admin/reports/page-types-usage/" not in menu
    assert "/admin/localize/reports/translations/" not in menu
    client.force_login(shared_world.manager)
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/page-types-usage/" in menu
    assert "/admin/localize/reports/translations/" in menu


def test_another_supplier_cannot_open_the_move_of_an_experience(client, shared_world):
    experience = shared_world.sme_a.experience
    client.force_login(shared_world.sme_b.user)
    for destination in (shared_world.sme_a.provider, shared_world.sme_b.provider):
        url = f"/admin/pages/{experience.pk}/move/{destination.pk}/confirm/"
        response = client.get(url, headers=XHR)
        assert response.status_code == 403, destination
        assert experience.title not in response.content.decode()


def test_a_manager_confirms_a_move(client, shared_world):
    experience = shared_world.sme_a.experience
    client.force_login(shared_world.manager)
    url = f"/admin/pages/{experience.pk}/move/{shared_world.sme_b.provider.pk}/confirm/"
    response = client.get(url)
    assert response.status_code == 200
    assert experience.title in response.content.decode()


def test_another_supplier_cannot_see_the_review_of_an_experience(client, shared_world):
    url = f"/admin/pages/workflow/confirm_cancellation/{shared_world.sme_a.experience.pk}/"
    client.force_login(shared_world.sme_b.user)
    response = client.get(url, headers=XHR)
    assert response.status_code == 403
    assert "Cluster manager review" not in response.content.decode()
    for user in (shared_world.sme_a.user, shared_world.manager):
        client.force_login(user)
        response = client.get(url, headers=XHR)
        assert response.status_code == 200
        assert "Cluster manager review" in response.content.decode()
