"""Every OpenAPI document the site serves, fuzzed: every operation, with schemathesis's checks
all on, anonymously and with a tour operator's token, against a small marketplace.

The documents are found in the URLconf (every route to a ``SpectacularAPIView``), so an API
added later is fuzzed without touching this file. The examples are bounded and derandomized:
the same cases on every run.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.views import SpectacularAPIView
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import checks
from schemathesis.checks import CHECKS, is_check_class, load_all_checks

from marketplace.catalogue.api.schema import PK_MAX
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.core.choices import OperatorTerms
from marketplace.operators.services import contracts as contract_services
from marketplace.operators.services import operators as operator_services
from tests.factories.marketplace import experience_page_factory, provider_page_factory

MAX_EXAMPLES = 25


def schema_paths(patterns=None, prefix: str = "/") -> list[str]:
    """The path of every route to a drf-spectacular schema view."""
    paths = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            paths += schema_paths(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None and issubclass(view_class, SpectacularAPIView):
                assert "<" not in str(pattern.pattern), "a schema route with a parameter"
                paths.append(prefix + str(pattern.pattern))
    return paths


# Rules between parameters that a schema cannot state (a date range in order, a radius with a
# point, a page that exists...): a schema-valid request may break them, and the 400 then names
# one of these parameters. Each rule has its own test in tests/marketplace/test_api.py.
CROSS_PARAMETER_ERRORS = {"date_to", "lat", "lon", "radius_km", "sort", "price_max",
                          "duration_max", "town", "page", "to"}


def positive_data_acceptance(ctx, response, case):
    """schemathesis's check, except for a 400 that names only cross-parameter rules."""
    try:
        return checks.positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if (response.status_code == 400
                and set(response.json()["errors"]) <= CROSS_PARAMETER_ERRORS):
            return None
        raise


def all_checks() -> list:
    """Every check schemathesis registers (what its command line calls ``all``), with the
    positive-data check above."""
    load_all_checks()
    return [positive_data_acceptance if check is checks.positive_data_acceptance else check
            for check in CHECKS.get_all() if not is_check_class(check)]


IDENTITIES = ["anonymous", "operator"]
# The ids of the rows the fixture builds, by the collection that names them in a path
# ("experiences", "providers"); read when the cases are drawn.
KNOWN_IDS: dict[str, list[int]] = {}


def with_known_ids(context, path_parameters):
    """Half of the valid ids drawn become ids of existing rows, so that details answer 200
    (and the operator sees its net prices); invalid ids stay as drawn."""
    if not path_parameters:
        return st.just(path_parameters)
    segments = context.operation.path.split("/")
    collection = segments[segments.index("{id}") - 1] if "{id}" in segments else None
    value = path_parameters.get("id")
    known = KNOWN_IDS.get(collection)
    if not known or not isinstance(value, int) or not 1 <= value <= PK_MAX:
        return st.just(path_parameters)
    return st.sampled_from([value, *known]).map(lambda id_: {**path_parameters, "id": id_})


APP = get_wsgi_application()
SCHEMA_PATHS = schema_paths()
SCHEMAS = {path: schemathesis.openapi.from_wsgi(path, APP) for path in SCHEMA_PATHS}
for _schema in SCHEMAS.values():
    _schema.hook("flatmap_path_parameters")(with_known_ids)


def test_every_schema_route_is_found():
    assert "/api/v1/schema/" in SCHEMA_PATHS
    names = {check.__name__ for check in all_checks()}
    assert {"not_a_server_error", "status_code_conformance", "content_type_conformance",
            "response_headers_conformance", "response_schema_conformance",
            "negative_data_rejection", "positive_data_acceptance", "use_after_free",
            "ensure_resource_availability", "ignored_auth", "missing_required_header",
            "unsupported_method"} <= names


@pytest.fixture(scope="module")
def marketplace(django_db_setup, django_db_blocker):
    """Three suppliers with two live experiences each (a year of daily slots, an adult price
    with a net price) and an approved tour operator with a net-rate contract with the first,
    built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        providers = [provider_page_factory(country=country, lat=lat, lon=lon, town=town)
                     for country, lat, lon, town in [("IT", 40.35148, 18.17180, "Lecce"),
                                                     ("AL", 41.32744, 19.81866, "Tirana"),
                                                     ("ME", 42.42067, 18.77123, "Kotor")]]
        experiences = [
            experience_page_factory(provider=provider, lat=provider.lat, lon=provider.lon,
                                    country=provider.country, price_from_eur_cents=4500)
            for provider in providers for _ in range(2)]
        for page in experiences:
            PriceOption.objects.create(page=page, kind="per_person", label="Adult",
                                       age_min=18, age_max=99, price_cents=4500,
                                       net_price_cents=3600)
        KNOWN_IDS.update(experiences=[page.pk for page in experiences],
                         providers=[page.pk for page in providers])
        operator = operator_services.operator_signup(
            name="Adria Reisen", country="DE", vat_number="814263597",
            email="fuzz-operator@example.com", password="Blue-Adriatic-2026",
            contact_name="Katrin Vogel", notify=False)
        operator = operator_services.operator_approve(operator=operator, reviewer=None,
                                                      notify=False)
        contract_services.contract_create(provider=providers[0], operator=operator,
                                          valid_from=operator.created_at.date(),
                                          terms=OperatorTerms.NET_RATE)
        token = Token.objects.create(user=operator.members.get().user)
        yield {"operator": {"Authorization": f"Token {token.key}"}, "anonymous": {}}
        KNOWN_IDS.clear()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def test_connection():
    """The WSGI app, called outside Django's test client, would close the database connection
    after each request (and with it the test's transaction on PostgreSQL): keep it open, as
    the test client does."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


def _fuzz(schema):
    @pytest.mark.django_db
    @pytest.mark.parametrize("identity", IDENTITIES)
    @schema.parametrize()
    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.filter_too_much])
    def test(case, identity, marketplace, test_connection):
        case.call_and_validate(headers=marketplace[identity], checks=all_checks())

    return test


for _path, _schema in SCHEMAS.items():
    globals()[f"test_fuzz_{_path.strip('/').replace('/', '_')}"] = _fuzz(_schema)
