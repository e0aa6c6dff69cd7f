"""OpenAPI helpers: which endpoints are documented, and the search filters as parameters."""

import django_filters
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

API_PATH_PREFIX = "/api/v1/"


def public_endpoints(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: document the public API only, not the DRF views
    that Wagtail's admin mounts elsewhere."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PATH_PREFIX)]


def _choice_values(choices) -> list[str]:
    return [str(value) for value, _label in choices if value not in ("", None)]


def filter_parameters(filterset_class) -> list[OpenApiParameter]:
    """One query parameter per filter of ``filterset_class``, so the schema follows the
    FilterSet that validates the input."""
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        kwargs = {"description": filter_.label}
        if isinstance(filter_, django_filters.MultipleChoiceFilter):
            kwargs.update(type=str, many=True, explode=True,
                          enum=_choice_values(filter_.extra["choices"]))
        elif isinstance(filter_, django_filters.ChoiceFilter):
            kwargs.update(type=str, enum=_choice_values(filter_.extra["choices"]))
        elif isinstance(filter_, django_filters.NumberFilter):
            kwargs.update(type=OpenApiTypes.NUMBER)
        elif isinstance(filter_, django_filters.DateFilter):
            kwargs.update(type=OpenApiTypes.DATE)
        elif isinstance(filter_, django_filters.BooleanFilter):
            kwargs.update(type=OpenApiTypes.BOOL)
        else:
            kwargs.update(type=str)
        parameters.append(OpenApiParameter(name, **kwargs))
    return parameters


LANG_PARAMETER = OpenApiParameter(
    "lang", str, enum=[code for code, _name in settings.LANGUAGES],
    description="The language of the results (default: Accept-Language, then Italian).")
