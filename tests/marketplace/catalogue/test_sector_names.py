"""Sectors and languages are named in the page's language."""

import pytest

from marketplace.catalogue.models.sectors import SECTOR_SLUGS, Sector
from marketplace.catalogue.services.pages import page_translation_create
from marketplace.core.languages import language_name, language_names


@pytest.mark.parametrize(("codes", "language_code", "expected"), [
    ("it,en", "en", "Italian, English"),
    ("it,en", "it", "Italiano, Inglese"),
    ("sq,en,it", "en", "Albanian, English, Italian"),
    ("cnr,en", "en", "Montenegrin, English"),
    ("cnr", "it", "Montenegrino"),
    ("cnr", "sr-latn", "crnogorski"),
    ("sr", "en", "Serbian"),
    ("", "en", ""),
])
def test_language_names(codes, language_code, expected):
    assert language_names(codes, language_code=language_code) == expected


def test_unknown_code_is_shown_as_it_is():
    assert language_name("xx", language_code="en") == "xx"


@pytest.mark.django_db
def test_every_sector_has_a_translation_in_every_locale(settings):
    codes = {code for code, _name in settings.LANGUAGES}
    for slug in SECTOR_SLUGS:
        sectors = Sector.objects.filter(slug=slug)
        assert {s.locale.language_code for s in sectors} == codes
        assert len({s.translation_key for s in sectors}) == 1


@pytest.fixture
def translated(make_experience):
    experience = make_experience(languages="it,en")
    provider = experience.get_parent().specific
    provider.languages = "it,en,de"
    provider.save_revision().publish()
    page_translation_create(page=provider.get_parent(), language_code="en",
                                     title="Providers", slug="providers")
    english_provider = page_translation_create(page=provider, language_code="en",
                                                        title=provider.title)
    english = page_translation_create(page=experience, language_code="en",
                                               title="Olive oil tasting in the mill")
    return experience, english, provider, english_provider


@pytest.mark.django_db
def test_a_translation_points_at_its_locales_sectors(translated):
    experience, english, provider, english_provider = translated
    assert experience.sector.name == "Enogastronomia"
    assert english.sector.name == "Food & wine"
    assert english.sector.translation_key == experience.sector.translation_key
    assert sorted(s.name for s in english_provider.sectors.all()) == ["Agritourism",
                                                                      "Food & wine"]
    assert sorted(s.name for s in provider.sectors.all()) == ["Agriturismo", "Enogastronomia"]


@pytest.mark.django_db
def test_english_pages_name_sector_and_languages_in_english(client, translated):
    experience, english, provider, english_provider = translated
    html = client.get(english.url).content.decode()
    assert "Food &amp; wine" in html and "Enogastronomia" not in html
    assert "Italian, English" in html and "it,en" not in html
    html = client.get(english_provider.url).content.decode()
    assert "Food &amp; wine" in html and "Italian, English, German" in html


@pytest.mark.django_db
def test_italian_pages_name_sector_and_languages_in_italian(client, translated):
    experience, english, provider, english_provider = translated
    html = client.get(experience.url).content.decode()
    assert "Enogastronomia" in html and "Food &amp; wine" not in html
    assert "Italiano, Inglese" in html
    html = client.get(provider.url).content.decode()
    assert "Enogastronomia" in html and "Italiano, Inglese, Tedesco" in html
