"""Scale data: a deterministic plan, a valid Wagtail tree of live pages, no duplicates."""

from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale, Page

from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.search import experience_search
from marketplace.demo.scale import VAT_PREFIX, scale_data_generate, scale_plan

TODAY = date(2026, 6, 1)


def _facts(plans):
    return [(p.vat_number, p.title, p.lat, p.lon,
             [(e.title, e.lat, e.lon, e.sector_slug, e.price_from_eur_cents, e.translation_key)
              for e in p.experiences]) for p in plans]


def test_plan_is_deterministic_and_spread():
    first = scale_plan(experiences=300, seed=7)
    assert _facts(first) == _facts(scale_plan(experiences=300, seed=7))
    assert _facts(first) != _facts(scale_plan(experiences=300, seed=8))
    rows = [e for p in first for e in p.experiences]
    assert len(first) == 100 and len(rows) == 300
    assert {e.location.area for e in rows} == {"IT-75", "IT-67", "AL", "ME"}
    assert len({e.sector_slug for e in rows}) == 8
    assert all(p.title.startswith("Scale ") and p.vat_number.startswith(VAT_PREFIX)
               for p in first)


def test_provider_does_not_depend_on_the_total():
    small, large = scale_plan(experiences=30, seed=1), scale_plan(experiences=90, seed=1)
    assert (small[0].title, small[0].lat) == (large[0].title, large[0].lat)


@pytest.fixture
def generated(db):
    return scale_data_generate(experiences=30, seed=3, today=TODAY)


def test_generate_builds_a_valid_tree_of_live_pages(generated):
    assert (generated.providers, generated.experiences) == (10, 30)
    assert Page.find_problems() == ([], [], [], [], [])
    pages = ExperiencePage.objects.live().filter(url_path__contains="/scale-")
    assert pages.count() == 30
    assert ProviderPage.objects.filter(vat_number__startswith=VAT_PREFIX).count() == 10
    assert Slot.objects.count() == generated.slots


def test_generated_pages_are_served_and_found(generated):
    client = Client()
    page = ExperiencePage.objects.live().filter(url_path__contains="/scale-").first()
    assert client.get(page.url).status_code == 200
    italian = Locale.objects.get(language_code="it")
    for slug, area in (("puglia", "IT-75"), ("albania", "AL")):
        expected = ExperiencePage.objects.filter(area=area).count()
        assert experience_search(params={"area": slug}, locale=italian).total == expected
    response = client.get("/it/experiences/?area=puglia")
    assert response.status_code == 200
    assert response.context["search"].total == ExperiencePage.objects.filter(
        area="IT-75").count()


def test_a_second_run_adds_nothing(generated):
    again = scale_data_generate(experiences=30, seed=3, today=TODAY)
    assert (again.experiences, again.skipped_providers) == (0, 10)
    assert ExperiencePage.objects.count() == 30


def test_command_adds_only_the_missing_providers(db, capsys):
    call_command("generate_scale_data", "--experiences", "12", "--no-progress")
    call_command("generate_scale_data", "--experiences", "24", "--providers", "8",
                 "--no-progress")
    assert ProviderPage.objects.filter(vat_number__startswith=VAT_PREFIX).count() == 8
    assert Page.find_problems() == ([], [], [], [], [])
    call_command("generate_scale_data", "--experiences", "24", "--providers", "8",
                 "--no-progress")
    assert "nothing added" in capsys.readouterr().out
