"""REST API v1: every endpoint, the same filters as the page, 400s for bad input, constant query
counts, throttling, token authentication and a valid OpenAPI schema."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from marketplace.catalogue.models.pages import ExperiencePage, ExperiencePhoto
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.search import experience_search
from marketplace.catalogue.services.pages import page_translation_create
from tests.factories.marketplace import (
    experience_page_factory,
    provider_page_factory,
    resource_factory,
)
from tests.marketplace.conftest import KOTOR

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def api(client):
    def get(path, expected=200, **params):
        response = client.get(f"{API}{path}", params)
        assert response.status_code == expected, response.content[:500]
        return response.json()

    return get


def _ids(body) -> list[int]:
    return [item["id"] for item in body["results"]]


# Endpoints


def test_experience_list_shows_the_listing_fields(api, catalogue):
    body = api("/experiences/")
    assert body["count"] == 4
    oil = next(item for item in body["results"] if item["id"] == catalogue["oil"].pk)
    assert oil["title"] == catalogue["oil"].title
    assert oil["url"].startswith("http") and oil["url"].endswith(f"{catalogue['oil'].slug}/")
    assert oil["sector"] == {"slug": "food-wine", "name": "Enogastronomia"}
    assert (oil["country"], oil["area"], oil["locale"]) == ("IT", "puglia", "it")
    assert oil["subdivision"]["id"] == "IT-LE"
    assert oil["location"] == {"lat": catalogue["oil"].lat, "lon": catalogue["oil"].lon}
    assert oil["price_from"] == {"amount": "45.00", "currency": "EUR"}
    assert oil["distance_km"] is None
    assert oil["booking_mode"] == "instant" and oil["duration_min"] == 120
    provider = catalogue["oil"].get_parent()
    assert oil["provider"]["id"] == provider.pk and oil["provider"]["title"] == provider.title
    assert oil["provider"]["url"].startswith("http")
    [photo] = oil["photos"]
    assert "fill-640x420" in photo["url"] and photo["url"].startswith("http")
    assert (photo["width"], photo["height"]) == (640, 420)
    boat = next(item for item in body["results"] if item["id"] == catalogue["boat"].pk)
    assert boat["languages"] == ["cnr", "en"]
    assert boat["price_from"] == {"amount": "50.00", "currency": "EUR"}  # a boat for 8


def test_near_a_point_gives_distances_and_sorts_by_them(api, catalogue):
    body = api("/experiences/", lat=str(KOTOR[0]), lon=str(KOTOR[1]), radius_km="500",
               sort="distance")
    assert _ids(body)[0] == catalogue["boat"].pk
    assert body["results"][0]["distance_km"] < 1
    assert all(isinstance(item["distance_km"], float) for item in body["results"])


def test_experience_detail(api, catalogue):
    oil = catalogue["oil"]
    body = api(f"/experiences/{oil.pk}/")
    assert body["id"] == oil.pk and body["currency"] == "EUR"
    assert [(o["label"], o["amount"], o["currency"]) for o in body["price_options"]] == [
        ("Adult", "45.00", "EUR"), ("Child", "20.00", "EUR"), ("Infant", "0.00", "EUR")]
    assert body["price_options"][0]["kind"] == "per_person"
    assert (body["price_options"][1]["age_min"], body["price_options"][1]["age_max"]) == (6, 17)
    policy = body["cancellation_policy"]
    assert (policy["kind"], policy["hours_before"], policy["refund_pct"]) == ("standard", 24, 100)
    assert "24" in policy["text"]
    assert body["meeting_point"] == "Cancello della masseria"
    assert body["wheelchair_accessible"] is False and body["is_lodging"] is False
    room = api(f"/experiences/{catalogue['room'].pk}/")
    assert (room["is_lodging"], room["rooms"], room["family_friendly"]) == (True, 3, True)
    assert room["price_options"][0]["group_size_min"] is None


def test_unknown_unpublished_or_malformed_ids_are_404(api, make_experience):
    draft = make_experience()
    draft.unpublish()
    for path in ("/experiences/999999/", f"/experiences/{draft.pk}/", "/experiences/abc/",
                 f"/experiences/{draft.pk}/availability/", "/providers/999999/"):
        api(path, expected=404)
    assert draft.pk not in _ids(api("/experiences/"))


def test_availability_default_window_with_places_left(api, make_experience):
    page = make_experience()
    body = api(f"/experiences/{page.pk}/availability/")
    today = timezone.localdate()
    assert (body["from"], body["to"]) == (str(today), str(today + timedelta(days=30)))
    assert body["experience"] == body["slots_of"] == page.pk
    slots = body["slots"]
    assert 58 <= len(slots) <= 62  # two a day (10:00 and 15:00), today's may be over
    first = slots[0]
    assert re.match(r"\d{4}-\d\d-\d\dT(10|15):00:00\+0[12]:00$", first["starts_at"])
    assert first["capacity"] == 10 and first["places_left"] == 10
    later = next(slot for slot in slots if slot["starts_at"] >= str(today + timedelta(days=3)))
    assert later["bookable"] is True
    # Inside the 24-hour cut-off nothing is bookable.
    soon = [s for s in slots if s["starts_at"] < str(today + timedelta(days=1))]
    assert all(not slot["bookable"] for slot in soon)


def test_availability_counts_held_places_and_shared_resources(api, make_experience):
    page = make_experience()
    day = timezone.localdate() + timedelta(days=5)
    boat = resource_factory(provider=page.get_parent().specific, capacity=6)
    slot = Slot.objects.filter(experience=page, starts_at__date=day).order_by("starts_at")[0]
    Slot.objects.filter(pk=slot.pk).update(booked=3, resource=boat)
    [row] = [s for s in api(f"/experiences/{page.pk}/availability/", **{
        "from": str(day), "to": str(day)})["slots"] if s["id"] == slot.pk]
    assert row["places_left"] == 3  # the boat's 6 places minus 3 booked


def test_a_translation_shows_the_slots_of_its_original(api, make_experience):
    page = make_experience()
    english = page_translation_create(page=page, language_code="en",
                                               title="Olive oil tasting")
    body = api(f"/experiences/{english.pk}/availability/")
    assert body["experience"] == english.pk and body["slots_of"] == page.pk
    assert body["slots"]
    assert api(f"/experiences/{english.pk}/")["locale"] == "en"
    assert [item["id"] for item in api("/experiences/", lang="en")["results"]] == [english.pk]


def test_providers_and_sectors(api, catalogue):
    body = api("/providers/")
    assert body["count"] == 3
    lecce = next(p for p in body["results"] if p["town"] == "Lecce")
    assert lecce["experiences_count"] == 2
    assert {s["slug"] for s in lecce["sectors"]} == {"agritourism", "food-wine"}
    assert (lecce["country"], lecce["area"], lecce["locale"]) == ("IT", "puglia", "it")
    assert lecce["location"]["lat"] == pytest.approx(40.35148)
    detail = api(f"/providers/{lecce['id']}/")
    assert detail["experiences_count"] == 2 and detail["url"] == lecce["url"]
    sectors = api("/sectors/", lang="en")
    assert {"slug": "food-wine", "name": "Food & wine"} in sectors
    assert len(sectors) == 8


def test_language_from_accept_language_then_default(client, catalogue):
    english = client.get(f"{API}/sectors/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").json()
    assert {"slug": "crafts", "name": "Crafts"} in english
    unknown = client.get(f"{API}/sectors/", HTTP_ACCEPT_LANGUAGE="ja").json()
    assert {"slug": "crafts", "name": "Artigianato"} in unknown


# The API agrees with the search page


@pytest.mark.parametrize("params", [
    {},
    {"area": "puglia"},
    {"sector": ["crafts", "hospitality"], "sort": "price"},
    {"price_min": "46", "price_max": "70"},
    {"town": "Lecce", "radius_km": "15"},
    {"lodging": "no", "language": "en"},
    {"participants": "4", "instant": "on"},
])
def test_filters_give_the_same_results_as_the_page(api, catalogue, params):
    italian = Locale.objects.get(language_code="it")
    page = experience_search(params=params, locale=italian)
    assert _ids(api("/experiences/", **params)) == [p.pk for p in page.page]


# Malformed input is a 400 with the field's name


@pytest.mark.parametrize(("params", "field"), [
    ({"date_from": "2026-13-01"}, "date_from"),
    ({"date_from": "tomorrow"}, "date_from"),
    ({"date_from": "2027-05-10", "date_to": "2027-05-01"}, "date_to"),
    ({"lat": "91", "lon": "18"}, "lat"),
    ({"lat": "41", "lon": "-190"}, "lon"),
    ({"lat": "41", "lon": "18", "radius_km": "0"}, "radius_km"),
    ({"lat": "41", "lon": "18", "radius_km": "501"}, "radius_km"),
    ({"sector": "space"}, "sector"),
    ({"area": "lombardia"}, "area"),
    ({"page": "999"}, "page"),
    ({"page": "abc"}, "page"),
    ({"participants": "-1"}, "participants"),
    ({"lang": "xx"}, "lang"),
])
def test_malformed_search_input_is_a_400_with_field_messages(api, catalogue, params, field):
    body = api("/experiences/", expected=400, **params)
    assert field in body["errors"], body
    assert all(isinstance(message, str) for message in body["errors"][field])


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2027-05-10", "to": "2027-05-01"}, "to"),
    ({"from": "2027-02-30"}, "from"),
    ({"to": "soon"}, "to"),
    ({"from": "2027-01-01", "to": "2028-06-01"}, "to"),
])
def test_malformed_availability_dates_are_a_400(api, make_experience, params, field):
    page = make_experience()
    body = api(f"/experiences/{page.pk}/availability/", expected=400, **params)
    assert field in body["errors"], body


@pytest.mark.parametrize("path", ["/providers/", "/sectors/"])
def test_unknown_language_on_other_lists_is_a_400(api, path):
    assert "lang" in api(path, expected=400, lang="xx")["errors"]


def test_provider_page_out_of_range_is_a_400(api, catalogue):
    assert "page" in api("/providers/", expected=400, page="5")["errors"]


# Constant query counts


def _bulk_experiences(n: int) -> None:
    """``n`` live experiences near Lecce, each with its own photo."""
    provider = provider_page_factory()
    for i in range(n):
        page = experience_page_factory(provider=provider, title=f"Bulk {i}", weekly_rules=[],
                                       lat=40.35, lon=18.17, area="IT-75", country="IT",
                                       price_from_eur_cents=1000 + i, duration_min=60 + i)
        image = Image.objects.create(title=f"Bulk {i}", file=get_test_image_file())
        ExperiencePhoto.objects.create(page=page, image=image)


def _queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # generates the renditions once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


LIST_QUERIES = ["", "&town=Lecce&radius_km=30&sort=distance",
                "&price_max=500&sort=price&area=puglia&lodging=no"]


def test_list_query_count_does_not_grow_with_results(client):
    urls = [f"{API}/experiences/?page_size=100{query}" for query in LIST_QUERIES]
    _bulk_experiences(10)
    small = [_queries(client, url) for url in urls]
    assert len(client.get(urls[1]).json()["results"]) == 10
    _bulk_experiences(90)
    large = [_queries(client, url) for url in urls]
    assert [len(client.get(url).json()["results"]) for url in urls] == [100, 100, 100]
    assert small == large


def test_provider_list_query_count_does_not_grow(client):
    for _ in range(3):
        experience_page_factory(provider=provider_page_factory(), weekly_rules=[])
    small = _queries(client, f"{API}/providers/?page_size=100")
    for _ in range(12):
        experience_page_factory(provider=provider_page_factory(), weekly_rules=[])
    assert _queries(client, f"{API}/providers/?page_size=100") == small


def test_detail_and_availability_query_counts_are_constant(client, make_experience):
    few = make_experience(photos=1)
    many = make_experience(photos=6)
    assert (_queries(client, f"{API}/experiences/{few.pk}/")
            == _queries(client, f"{API}/experiences/{many.pk}/"))
    week = _queries(client, f"{API}/experiences/{few.pk}/availability/?to="
                    f"{timezone.localdate() + timedelta(days=7)}")
    year = _queries(client, f"{API}/experiences/{few.pk}/availability/?to="
                    f"{timezone.localdate() + timedelta(days=366)}")
    assert week == year


# Throttling and authentication


def test_anonymous_reads_are_throttled(client, monkeypatch, django_user_model):
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/min", raising=False)
    cache.clear()
    try:
        statuses = [client.get(f"{API}/sectors/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        user = django_user_model.objects.create_user("operator", password="x")
        token = Token.objects.create(user=user)
        response = client.get(f"{API}/sectors/", HTTP_AUTHORIZATION=f"Token {token.key}")
        assert response.status_code == 200  # users have their own, higher rate
    finally:
        cache.clear()


def test_token_authentication(client, django_user_model):
    user = django_user_model.objects.create_user("operator", password="x")
    token = Token.objects.create(user=user)
    response = client.get(f"{API}/experiences/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    response = client.get(f"{API}/experiences/", HTTP_AUTHORIZATION="Token not-a-key")
    assert response.status_code == 401


def test_reads_only(client):
    assert client.post(f"{API}/experiences/", {}).status_code in (401, 403)


# The OpenAPI schema and its docs page


def test_schema_is_valid_openapi_3(client):
    from openapi_spec_validator import validate

    response = client.get(f"{API}/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/experiences/", "/api/v1/experiences/{id}/",
        "/api/v1/experiences/{id}/availability/", "/api/v1/providers/",
        "/api/v1/providers/{id}/", "/api/v1/sectors/"}
    money = schema["components"]["schemas"]["Money"]["properties"]["amount"]
    assert money["type"] == "string"
    names = {p["name"] for p in schema["paths"]["/api/v1/experiences/"]["get"]["parameters"]}
    assert {"sector", "lat", "lon", "radius_km", "date_from", "page", "lang"} <= names


def test_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", validate=True, fail_on_warn=True,
                 file=str(tmp_path / "schema.yml"))
    assert "Innotourclust API" in (tmp_path / "schema.yml").read_text()


def test_docs_page_loads_its_assets_without_a_cdn(client):
    response = client.get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    [script] = re.findall(r'src="([^"]*swagger-ui-bundle\.js)"', html)
    assert client.get(script).status_code == 200
    assert ExperiencePage.objects.count() == 0
