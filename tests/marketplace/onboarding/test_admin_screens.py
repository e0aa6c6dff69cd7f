"""Every marketplace screen of the admin answers for a cluster manager."""

import pytest
from django.contrib.auth import get_user_model

from marketplace.catalogue.models.sectors import Sector
from marketplace.onboarding.services.applications import supplier_application_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, managers):
    user = get_user_model().objects.create_user("manager", "m@example.com", "pw")
    user.groups.add(managers)
    client.force_login(user)
    return client


def test_manager_screens_answer(manager_client, make_experience):
    experience = make_experience()
    provider = experience.get_parent()
    application = supplier_application_create(
        company_name="Bujtina Theth", vat_number="L12345678A", country="AL",
        sectors=list(Sector.objects.filter(slug="hospitality")[:1]), contact_name="Arben",
        email="arben@example.com", town="Shkodër")
    urls = [
        "/admin/",
        "/admin/snippets/marketplace/providerapplication/",
        f"/admin/marketplace/applications/{application.pk}/review/",
        "/admin/snippets/marketplace/sector/",
        "/admin/snippets/marketplace/resource/",
        f"/admin/pages/{provider.pk}/",
        f"/admin/pages/{provider.pk}/edit/",
        f"/admin/pages/{experience.pk}/edit/",
        f"/admin/pages/add/marketplace/experiencepage/{provider.pk}/",
        "/admin/images/",
    ]
    for url in urls:
        response = manager_client.get(url)
        assert response.status_code == 200, url
    html = manager_client.get(f"/admin/pages/{experience.pk}/edit/").content.decode()
    assert "vendor/leaflet/leaflet.js" in html and "js/location_picker.js" in html


def test_public_pages_of_the_marketplace_answer(client, make_experience):
    experience = make_experience()
    provider = experience.get_parent()
    for page in (provider.get_parent(), provider, experience):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    html = client.get(experience.url).content.decode()
    assert "45,00" in html  # the adult price in Italian format
    assert "Free cancellation" in html or "Cancellazione gratuita" in html or "24" in html
