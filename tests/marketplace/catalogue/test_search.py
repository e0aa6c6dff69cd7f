"""The experience search: every filter alone and combined, sorting, errors, query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.selectors.search import experience_search
from marketplace.catalogue.services.pages import area_page_ensure, experience_index_ensure
from tests.factories.marketplace import experience_page_factory, provider_page_factory
from tests.marketplace.conftest import KOTOR, experience_details

pytestmark = pytest.mark.django_db

def _titles(result):
    return sorted(page.title for page in result.page)


def _search(italian, **params):
    return experience_search(params=params, locale=italian)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"oil", "boat", "room", "craft"}),
        ({"q": "cartapesta"}, {"craft"}),
        ({"country": "ME"}, {"boat"}),
        ({"area": "puglia"}, {"oil", "craft"}),
        ({"subdivision": "it-le"}, {"oil", "craft"}),
        ({"sector": ["crafts", "hospitality"]}, {"craft", "room"}),
        ({"language": "cnr"}, {"boat"}),
        ({"price_max": "30"}, {"craft"}),
        ({"price_min": "46", "price_max": "70"}, {"boat", "room"}),
        ({"duration_min": "200"}, {"boat"}),
        ({"duration_max": "100"}, {"craft"}),
        ({"instant": "on"}, {"oil", "room", "craft"}),
        ({"wheelchair": "on"}, {"boat"}),
        ({"family": "on"}, {"room"}),
        ({"lodging": "yes"}, {"room"}),
        ({"lodging": "no"}, {"oil", "boat", "craft"}),
        ({"lat": str(KOTOR[0]), "lon": str(KOTOR[1]), "radius_km": "10"}, {"boat"}),
        ({"town": "Lecce", "radius_km": "15"}, {"oil", "craft"}),
        ({"participants": "4"}, {"oil", "boat"}),  # the guesthouse has 3 rooms a night
        ({"area": "puglia", "sector": ["food-wine"], "price_max": "50"}, {"oil"}),
    ],
)
def test_each_filter_alone_and_combined(italian, catalogue, params, expected):
    result = _search(italian, **params)
    assert not result.errors, result.errors
    assert _titles(result) == sorted(catalogue[key].title for key in expected)


def test_availability_in_a_date_range_for_participants(italian, catalogue):
    today = timezone.localdate()
    result = _search(italian, date_from=str(today + timedelta(days=3)),
                     date_to=str(today + timedelta(days=5)), participants="11")
    assert _titles(result) == []  # the oil tasting has 10 places per slot
    result = _search(italian, date_from=str(today + timedelta(days=3)),
                     date_to=str(today + timedelta(days=5)), participants="10")
    assert catalogue["oil"].title in _titles(result)


def test_sorting(italian, catalogue):
    by_price = [p.title for p in _search(italian, sort="price").page]
    assert by_price[0] == catalogue["craft"].title and by_price[-1] == catalogue["room"].title
    by_duration = [p.title for p in _search(italian, sort="duration").page]
    assert by_duration[0] == catalogue["craft"].title
    near_tirana = _search(italian, sort="distance", town="Tirana", radius_km="500")
    assert [p.title for p in near_tirana.page][0] == catalogue["room"].title
    assert near_tirana.distances_km[catalogue["room"].pk] < 1


def test_facet_counts(italian, catalogue):
    facets = _search(italian).facets
    assert facets["sector"] == {"food-wine": 1, "fishing-sea": 1, "hospitality": 1, "crafts": 1}
    assert facets["area"] == {"IT-75": 2, "AL": 1, "ME": 1}
    assert facets["lodging"] == {"yes": 1, "no": 3}


def test_no_results_suggest_how_to_widen(italian, catalogue):
    from django.utils import translation

    with translation.override("en"):
        result = _search(italian, q="snorkelling", price_max="5")
    assert result.total == 0
    assert any("price" in tip for tip in result.suggestions)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_from": "2027-05-10", "date_to": "2027-05-01"}, "date_to"),
        ({"lat": "91", "lon": "18"}, "lat"),
        ({"lat": "41", "lon": "-190"}, "lon"),
        ({"lat": "41"}, "lon"),
        ({"lat": "41", "lon": "18", "radius_km": "0"}, "radius_km"),
        ({"lat": "41", "lon": "18", "radius_km": "501"}, "radius_km"),
        ({"radius_km": "10"}, "radius_km"),
        ({"sector": ["space"]}, "sector"),
        ({"area": "lombardia"}, "area"),
        ({"participants": "-2"}, "participants"),
        ({"participants": "two"}, "participants"),
        ({"price_min": "50", "price_max": "10"}, "price_max"),
        ({"town": "Atlantis"}, "town"),
        ({"sort": "distance"}, "sort"),
        ({"sort": "random"}, "sort"),
    ],
)
def test_malformed_input_gives_field_errors(italian, params, field):
    result = _search(italian, **params)
    assert field in result.errors, result.errors
    assert result.page is None


@pytest.mark.parametrize("url_suffix", ["?radius_km=-1&lat=41&lon=18", "?date_from=yesterday",
                                        "?page=999", "?page=abc", "?sector=space"])
def test_page_never_fails_on_bad_input(client, url_suffix):
    experience_index_ensure(language_code="it")
    response = client.get("/it/experiences/" + url_suffix)
    assert response.status_code in (200, 400)
    assert "Esperienze" in response.content.decode()


def test_shareable_url_round_trip(client, catalogue):
    experience_index_ensure(language_code="it")
    url = "/it/experiences/?area=puglia&sector=crafts&sort=price"
    html = client.get(url).content.decode()
    assert catalogue["craft"].title in html and catalogue["oil"].title not in html
    assert 'value="puglia" selected' in html or 'value="puglia"' in html


def _bulk_catalogue(n: int):
    provider = provider_page_factory()
    for i in range(n):
        experience_page_factory(provider=provider, title=f"Bulk {i}", weekly_rules=[],
                                lat=40.35, lon=18.17, area="IT-75", country="IT",
                                price_from_eur_cents=1000 + i, duration_min=60 + i)


@pytest.mark.slow  # 100 pages per case
@pytest.mark.parametrize("params", [{}, {"town": "Lecce", "sort": "distance"},
                                    {"price_max": "500", "sort": "price"}])
def test_query_count_does_not_grow_with_results(italian, params):
    _bulk_catalogue(10)
    with CaptureQueriesContext(connection) as small:
        list(_search(italian, **params).page)
    _bulk_catalogue(90)
    assert ExperiencePage.objects.count() == 100
    with CaptureQueriesContext(connection) as large:
        list(_search(italian, **params).page)
    assert len(small) == len(large)


def test_details_fixture_is_valid():
    assert experience_details().prices


def test_area_landing_page_fixes_the_area(client, catalogue):
    page, created = area_page_ensure(area="ME", language_code="it", title="Montenegro",
                                              slug="montenegro", intro="Le Bocche di Cattaro.")
    assert created
    assert area_page_ensure(area="ME", language_code="it", title="x", slug="x",
                                     intro="")[1] is False
    html = client.get(page.url).content.decode()
    assert catalogue["boat"].title in html and catalogue["oil"].title not in html
    html = client.get(page.url + "?area=puglia").content.decode()
    assert catalogue["oil"].title not in html  # the page's own area wins


def test_home_page_offers_search_and_areas(client, catalogue):
    experience_index_ensure(language_code="en")
    area_page_ensure(area="AL", language_code="en", title="Albania", slug="albania",
                              intro="From the Alps to Butrint.")
    html = client.get("/en/").content.decode()
    assert 'action="/en/experiences/"' in html and 'name="q"' in html
    assert 'href="/en/albania/"' in html


def test_text_search_ignores_accents_and_case(italian, make_provider, make_experience):
    from tests.marketplace.conftest import experience_text

    page = make_experience(text=experience_text(title="Visita alla Città Bianca",
                                                summary="Passeggiata tra i vicoli."))
    assert page.search_text.startswith("visita alla citta bianca\n")
    for query in ("citta bianca", "CITTÀ", "vicoli passeggiata"):
        assert _titles(_search(italian, q=query)) == [page.title], query
    assert _titles(_search(italian, q="citta nera")) == []


def test_text_search_ranks_title_matches_first(italian, make_provider, make_experience):
    from tests.marketplace.conftest import experience_text

    in_summary = make_experience(text=experience_text(
        title="Aaa degustazione", summary="Olio della masseria e pane caldo."))
    in_title = make_experience(text=experience_text(
        title="Zzz masseria aperta", summary="Una giornata in campagna."))
    ranked = [p.title for p in _search(italian, q="masseria").page]
    assert ranked == [in_title.title, in_summary.title]
    by_title = [p.title for p in _search(italian, q="masseria", sort="price").page]
    assert set(by_title) == {in_title.title, in_summary.title}


def test_radius_is_the_exact_great_circle_distance(italian, make_provider, make_experience):
    """Points a little inside and a little outside the radius, where the bounding box alone
    would keep both."""
    from geo.distance import haversine_km
    from geo.types import LatLng
    from tests.marketplace.conftest import LECCE, experience_text

    centre = LatLng(*LECCE)
    # 0.09° east and 0.09° north of Lecce: about 12.3 km away; inside the 12.5 km box on
    # each axis, so only the great-circle test tells them apart.
    corner = make_experience(text=experience_text(title="Corner"), lat=LECCE[0] + 0.09,
                             lon=LECCE[1] + 0.09)
    distance = haversine_km(centre, LatLng(corner.lat, corner.lon))
    params = {"lat": str(LECCE[0]), "lon": str(LECCE[1]), "sort": "distance"}
    inside = _search(italian, radius_km=str(round(distance + 0.05, 2)), **params)
    assert corner.title in _titles(inside)
    assert inside.distances_km[corner.pk] == pytest.approx(distance)
    outside = _search(italian, radius_km=str(round(distance - 0.05, 2)), **params)
    assert corner.title not in _titles(outside)
