"""The API's one error answer: every 4xx and 5xx that DRF renders, and the marketplace's own
domain errors, become ``{"detail": ..., "code": ..., "errors": {field: [messages]}}``.

Wired as ``REST_FRAMEWORK["EXCEPTION_HANDLER"]``; the schema documents the same shape
(``ErrorSerializer``).
"""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from marketplace.core.errors import MarketplaceError

NON_FIELD = "non_field_errors"


class ErrorSerializer(serializers.Serializer):
    """What every error answer of the API looks like."""

    detail = serializers.CharField(help_text="What went wrong, for a person")
    code = serializers.CharField(help_text="What went wrong, for a program (e.g. `invalid`, "
                                           "`not_found`, `throttled`)")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by parameter or field (`non_field_errors` for the whole request); "
                  "empty unless the input was invalid")


class DomainError(exceptions.APIException):
    """A ``MarketplaceError`` as DRF sees it: its status, its message, its field."""

    def __init__(self, error: MarketplaceError):
        # SoldOut -> sold_out, as DRF names its own codes.
        code = re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()
        super().__init__(detail=error.message, code=code)
        self.status_code = error.status_code
        self.field = error.field


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(field): _messages(value) for field, value in detail.items()}
    return {NON_FIELD: _messages(detail)}


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc, context):
    """DRF's handler (which sets the status and headers such as ``Retry-After`` and
    ``WWW-Authenticate``), with the body reshaped; domain errors are turned into 4xx first."""
    if isinstance(exc, MarketplaceError):
        exc = DomainError(exc)
    elif isinstance(exc, Http404):  # as DRF's own handler turns Django's exceptions
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {"detail": _("Invalid input."), "code": "invalid",
                "errors": _field_errors(exc.detail)}
    else:
        body = {"detail": " ".join(_messages(exc.detail)), "code": _code(exc), "errors": {}}
        if getattr(exc, "field", None):
            body["errors"] = {exc.field: [body["detail"]]}
    response.data = body
    return response
