"""The admin page forms refuse bad input with messages (never a 500) and write nothing."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import querydict_from_html

from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(user)
    return client


def _edit_data(client, page):
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data["body-count"] = data.get("body-count", "0")
    return data


def test_provider_outside_the_areas_is_refused(admin_client, make_provider):
    provider = make_provider()
    data = _edit_data(admin_client, provider)
    data.update({"lat": "48.8566", "lon": "2.3522"})  # Paris
    response = admin_client.post(f"/admin/pages/{provider.pk}/edit/", data)
    assert response.status_code == 200
    assert "outside Puglia, Molise, Albania and Montenegro" in response.content.decode()
    provider.refresh_from_db()
    assert provider.lat != 48.8566


def test_moving_a_provider_updates_its_derived_location(admin_client, make_provider):
    provider = make_provider()
    data = _edit_data(admin_client, provider)
    data.update({"lat": "42.42067", "lon": "18.77123"})  # Kotor
    response = admin_client.post(f"/admin/pages/{provider.pk}/edit/", data)
    assert response.status_code == 302
    latest = ProviderPage.objects.get(pk=provider.pk).get_latest_revision_as_object()
    assert (latest.country, latest.area) == ("ME", "ME")


def test_overlapping_price_bands_are_refused_in_the_editor(admin_client, make_experience):
    experience = make_experience()
    data = _edit_data(admin_client, experience)
    data["price_options-0-age_min"] = "10"  # Adult 10–99 now overlaps Child 6–17
    response = admin_client.post(f"/admin/pages/{experience.pk}/edit/", data)
    assert response.status_code == 200
    assert "overlaps" in response.content.decode()
    assert ExperiencePage.objects.get(pk=experience.pk).price_options.get(label="Adult"
                                                                          ).age_min == 18


def test_unreadable_start_times_are_refused(admin_client, make_experience):
    experience = make_experience()
    data = _edit_data(admin_client, experience)
    data["weekly_rules-0-start_times"] = "10h, noon"
    response = admin_client.post(f"/admin/pages/{experience.pk}/edit/", data)
    assert response.status_code == 200
    assert experience.weekly_rules.get().start_times == "10:00, 15:00"


def test_editor_shows_the_readiness_checklist(admin_client, make_experience):
    experience = make_experience(photos=1)
    html = admin_client.get(f"/admin/pages/{experience.pk}/edit/").content.decode()
    assert "Readiness" in html or "readiness" in html
    assert "71/100" in html or "57/100" in html
