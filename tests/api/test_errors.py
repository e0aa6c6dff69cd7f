"""What the fuzzer found, one test each: ids past the database's integer range, page 0, an
unknown language, values the form would have read quietly; and the one error body, for DRF's
errors and the marketplace's domain errors alike."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from marketplace.catalogue.api.exceptions import exception_handler
from marketplace.catalogue.api.schema import PK_MAX
from marketplace.core.errors import OperatorPermissionDenied, SoldOut
from tests.factories.marketplace import experience_page_factory, provider_page_factory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}
    assert isinstance(body["detail"], str) and isinstance(body["code"], str)
    return body


@pytest.fixture
def experience():
    return experience_page_factory(weekly_rules=[])


@pytest.mark.parametrize("path", [
    "/providers/30639836505155916178595689286074368/",
    f"/providers/{PK_MAX + 1}/",
    f"/experiences/{PK_MAX + 1}/",
    "/experiences/99999999999999999999/availability/",
    "/experiences/0.5/",
    "/experiences/%EF%BC%91/",  # a fullwidth digit one, which int() would read
    "/nothing-here/",
])
def test_ids_past_the_integer_range_or_not_digits_are_a_json_404(client, path):
    assert _error(client.get(f"{API}{path}"), 404)["code"] == "not_found"


@pytest.mark.parametrize("path", ["/experiences/", "/providers/"])
@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "-1"}, {"page": "last"},
                                    {"page": " 1"}])
def test_page_zero_or_not_a_number_is_a_400(client, path, params):
    body = _error(client.get(f"{API}{path}", params), 400)
    assert (body["code"], list(body["errors"])) == ("invalid", ["page"])


@pytest.mark.parametrize("page_size", ["0", "101", "abc", ""])
def test_page_size_out_of_range_is_a_400_not_the_default(client, page_size):
    body = _error(client.get(f"{API}/providers/", {"page_size": page_size}), 400)
    assert list(body["errors"]) == ["page_size"]


@pytest.mark.parametrize("path", ["/experiences/", "/providers/", "/sectors/"])
@pytest.mark.parametrize("lang", ["xx", "EN", " en", ""])
def test_a_language_outside_the_enum_is_a_400(client, path, lang):
    assert list(_error(client.get(f"{API}{path}", {"lang": lang}), 400)["errors"]) == ["lang"]


@pytest.mark.parametrize(("query", "field"), [
    ("instant=null", "instant"),
    ("wheelchair=yes", "wheelchair"),
    ("date_to=", "date_to"),
    ("participants=", "participants"),
    ("area=puglia&area=molise", "area"),
    ("lang=it&lang=en", "lang"),
])
def test_values_the_form_would_read_quietly_are_a_400(client, query, field):
    body = _error(client.get(f"{API}/experiences/?{query}"), 400)
    assert list(body["errors"]) == [field]


@pytest.mark.parametrize("query", ["instant=true", "instant=false", "instant=on",
                                   "sector=crafts&sector=fishing-sea", "q=", "town=",
                                   "price_min=12.345", "price_max=99999.999"])
def test_values_the_schema_allows_are_accepted(client, experience, query):
    assert client.get(f"{API}/experiences/?{query}").status_code == 200


def test_prices_compare_in_whole_cents(client):
    page = experience_page_factory(weekly_rules=[], price_from_eur_cents=4500)
    ids = [item["id"] for item in client.get(f"{API}/experiences/?price_min=44.999"
                                             "&price_max=45.001").json()["results"]]
    assert ids == [page.pk]
    assert client.get(f"{API}/experiences/?price_min=45.001").json()["count"] == 0


def test_a_bad_token_is_a_401_with_its_challenge(client):
    response = client.get(f"{API}/sectors/", HTTP_AUTHORIZATION="Token not-a-key")
    assert _error(response, 401)["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_an_unsupported_method_is_a_405_with_allow(client, django_user_model):
    token = Token.objects.create(user=django_user_model.objects.create_user("op"))
    response = client.delete(f"{API}/sectors/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert _error(response, 405)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_throttled_is_a_429_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1/min", raising=False)
    cache.clear()
    try:
        client.get(f"{API}/sectors/")
        response = client.get(f"{API}/sectors/")
        assert _error(response, 429)["code"] == "throttled"
        assert int(response["Retry-After"]) > 0
    finally:
        cache.clear()


@pytest.mark.parametrize("query", ["to=", "from=", "to=2027-01-01&to=2027-01-02"])
def test_availability_refuses_empty_or_repeated_dates(client, experience, query):
    body = _error(client.get(f"{API}/experiences/{experience.pk}/availability/?{query}"), 400)
    assert list(body["errors"]) == [query[:query.index("=")]]


def test_validation_errors_are_messages_by_field(client, experience):
    body = _error(client.get(f"{API}/experiences/{experience.pk}/availability/",
                             {"from": "2027-02-30"}), 400)
    assert body["detail"] and list(body["errors"]) == ["from"]
    assert all(isinstance(message, str) for message in body["errors"]["from"])


@pytest.mark.parametrize(("error", "status", "code", "errors"), [
    (SoldOut("Only 2 places left.", field="places"), 409, "sold_out",
     {"places": ["Only 2 places left."]}),
    (OperatorPermissionDenied("Not your operator."), 403, "operator_permission_denied", {}),
])
def test_domain_errors_become_their_4xx_with_the_same_body(rf, error, status, code, errors):
    response = exception_handler(error, {"view": None, "request": rf.get("/")})
    assert response.status_code == status
    assert response.data == {"detail": error.message, "code": code, "errors": errors}


def test_the_schema_declares_the_bounds_and_the_errors(client):
    provider_page_factory()
    schema = client.get(f"{API}/schema/?format=json").json()
    listing = schema["paths"]["/api/v1/experiences/"]["get"]
    parameters = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert parameters["page"]["minimum"] == 1
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (1, 100)
    assert set(parameters["lang"]["enum"]) == {"it", "en", "sq", "sr-latn"}
    assert (parameters["lat"]["minimum"], parameters["lat"]["maximum"]) == (-90, 90)
    assert parameters["radius_km"] == {"type": "number", "minimum": 0,
                                       "exclusiveMinimum": True, "maximum": 500}
    assert parameters["date_from"]["format"] == "date"
    assert set(parameters["instant"]["enum"]) == {"true", "false", "on"}
    assert parameters["q"]["maxLength"] == 100
    detail = schema["paths"]["/api/v1/providers/{id}/"]["get"]
    [id_] = detail["parameters"]
    assert (id_["schema"]["minimum"], id_["schema"]["maximum"]) == (1, PK_MAX)
    error = {"$ref": "#/components/schemas/Error"}
    for operation in (listing, detail):
        for code in ("400", "401", "403", "429"):
            assert operation["responses"][code]["content"]["application/json"]["schema"] == error
    assert "404" in detail["responses"] and "404" not in listing["responses"]
    assert detail["responses"]["429"]["headers"]["Retry-After"]["required"] is True
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "code", "errors"}
