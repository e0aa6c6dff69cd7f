"""OpenAPI helpers: which endpoints are documented, the search filters as parameters with the
bounds the FilterSet enforces, and the error answers of every operation."""

import django_filters
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from marketplace.catalogue.api.exceptions import ErrorSerializer

API_PATH_PREFIX = "/api/v1/"
# Page ids are the database's integer primary keys (PostgreSQL ``integer``): a larger id names
# no page, and is a 404 before any query.
PK_MAX = 2**31 - 1
# What a yes/no filter accepts: JSON's words, and what the search page's checkboxes send.
BOOLEAN_VALUES = ("true", "false", "on")


def public_endpoints(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document the public API only, not the DRF views
    that Wagtail's admin mounts elsewhere."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PATH_PREFIX)]


def _choice_values(choices) -> list[str]:
    return [str(value) for value, _label in choices if value not in ("", None)]


def _number_schema(filter_) -> dict:
    """A NumberFilter (a form DecimalField) with the bounds its form field's validators check
    (django-filter adds a maximum of 1e50 to every number)."""
    schema = {"type": "number"}
    for validator in filter_.field.validators:
        if isinstance(validator, MinValueValidator):
            schema["minimum"] = max(schema.get("minimum", validator.limit_value),
                                    validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            schema["maximum"] = min(schema.get("maximum", validator.limit_value),
                                    validator.limit_value)
    return schema


def filter_parameters(filterset_class, **bounds: dict) -> list[OpenApiParameter]:
    """One query parameter per filter of ``filterset_class``, so the schema follows the
    FilterSet that validates the input; ``bounds`` adds JSON Schema keywords to a parameter
    whose limits a form validator checks (e.g. ``radius_km``)."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        kwargs = {"description": filter_.label}
        if isinstance(filter_, django_filters.MultipleChoiceFilter):
            kwargs.update(type=str, many=True, explode=True,
                          enum=_choice_values(filter_.extra["choices"]))
        elif isinstance(filter_, django_filters.ChoiceFilter):
            kwargs.update(type=str, enum=_choice_values(filter_.extra["choices"]))
        elif isinstance(filter_, django_filters.NumberFilter):
            kwargs.update(type={**_number_schema(filter_), **bounds.get(name, {})})
        elif isinstance(filter_, django_filters.DateFilter):
            kwargs.update(type=OpenApiTypes.DATE)
        elif isinstance(filter_, django_filters.BooleanFilter):
            kwargs.update(type=str, enum=list(BOOLEAN_VALUES))
        else:
            max_length = filter_.extra.get("max_length")
            kwargs.update(type={"type": "string", **({"maxLength": max_length}
                                                     if max_length else {})})
        parameters.append(OpenApiParameter(name, **kwargs))
    return parameters


LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=[code for code, _name in settings.LANGUAGES],
    description="The language of the results (default: Accept-Language, then Italian).")


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


class ApiSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus what every operation can answer besides its success:
    the error body of ``exceptions.exception_handler`` for 400, 401/403 (where the view
    authenticates), 404 (where the path names an object) and 429 with ``Retry-After`` (where
    the view throttles); ids bounded by the database's integer range."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {"400": _error("Invalid input: the messages by parameter are in `errors`.")}
        if self.view.get_authenticators():
            errors["401"] = _error("The credentials sent are not valid (a wrong or revoked "
                                   "token).")
            errors["403"] = _error("The credentials do not allow this operation.")
        if "{" in self.path:
            errors["404"] = _error("Nothing lives at this id (or it is not published).")
        if self.view.get_throttles():
            errors["429"] = _error("Too many requests: wait the seconds in `Retry-After`.")
        for code, response in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code,
                                                              direction=direction)
        if "401" in errors:
            responses["401"]["headers"] = {"WWW-Authenticate": {
                "schema": {"type": "string"}, "required": True,
                "description": "The scheme to authenticate with (`Token`)"}}
        if "429" in errors:
            responses["429"]["headers"] = {"Retry-After": {
                "schema": {"type": "integer", "minimum": 0}, "required": True,
                "description": "Seconds to wait before the next request"}}
        return responses

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"].get("type") == "integer":
                parameter["schema"].update(minimum=1, maximum=PK_MAX)
        return parameters
