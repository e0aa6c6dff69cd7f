"""API v1 views: parse the request, call one selector, shape the output.

Lists are in the language of ``?lang=`` (else Accept-Language, else Italian); a detail is in
its page's own language. Bad input is a 400 with messages by field, never a 500.
"""

import re
from datetime import timedelta

import django_filters
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, pagination, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from wagtail.models import Locale

from marketplace.catalogue.api.schema import (
    BOOLEAN_VALUES,
    LANG_PARAMETER,
    PK_MAX,
    filter_parameters,
)
from marketplace.catalogue.api.serializers import (
    AvailabilityQuerySerializer,
    AvailabilitySerializer,
    ExperienceDetailSerializer,
    ExperienceSerializer,
    OperatorExperienceDetailSerializer,
    ProviderSerializer,
    SectorSerializer,
)
from marketplace.catalogue.filters import MAX_DATE_SPAN_DAYS, MAX_RADIUS_KM, ExperienceFilterSet
from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.selectors import api as selectors
from marketplace.operators.selectors import operator_prices

DEFAULT_AVAILABILITY_DAYS = 30
API_URLCONF = "marketplace.catalogue.api.urls"


class PageNumberPagination(pagination.PageNumberPagination):
    """A page number out of range or not a number is a field error (400), not a 404; so is a
    page size that is not a number from 1 to ``max_page_size``. The schema says the same."""

    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()
    invalid_page_message = gettext_lazy("Invalid page “{page_number}”: {message}")

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationError({self.page_query_param: [exc.detail]}) from exc

    def get_page_number(self, request, paginator):
        # Digits only: Django's paginator would also take " 2" or "２".
        value = request.query_params.get(self.page_query_param, "1")
        if not re.fullmatch(r"[0-9]{1,10}", value):
            raise ValidationError({self.page_query_param: [self.invalid_page_message.format(
                page_number=value, message=_("That page number is not an integer"))]})
        return value

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]+", value) or not 1 <= int(value) <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                _("Ask for a page size from 1 to %(max)d.") % {"max": self.max_page_size}]})
        return int(value)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.page_query_param: {"minimum": 1},
                  self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


def request_language(request) -> str:
    """``?lang=`` when given (an unknown code is a 400), else the first supported language
    of Accept-Language, else the default language."""
    supported = dict(settings.LANGUAGES)
    code = request.query_params.get("lang")
    if code is not None:
        if code not in supported:
            raise ValidationError({"lang": [
                _("Unknown language “%(code)s”; use one of %(codes)s.")
                % {"code": code, "codes": ", ".join(supported)}]})
        return code
    for accepted, _quality in parse_accept_lang_header(
            request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        try:
            return translation.get_supported_language_variant(accepted)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def check_query(query_params, *, filters: dict) -> None:
    """A 400 for what the FilterSet's form would quietly read otherwise: a parameter given
    twice (the form keeps the last), an empty value of a typed filter (the form takes it for
    absent) and a yes/no filter that is not one of ``BOOLEAN_VALUES`` (a checkbox takes
    anything for a yes). ``filters``: the view's filters by name."""
    errors = {}
    for name in query_params:
        filter_ = filters.get(name)
        values = query_params.getlist(name)
        if len(values) > 1 and not isinstance(filter_, django_filters.MultipleChoiceFilter):
            errors[name] = [_("Give this parameter once.")]
        elif values[0] == "" and filter_ is not None and not isinstance(
                filter_, django_filters.CharFilter):
            errors[name] = [_("Give a value, or leave the parameter out.")]
        elif (isinstance(filter_, django_filters.BooleanFilter)
              and values[0] not in BOOLEAN_VALUES):
            errors[name] = [_("Use one of %(values)s.") % {"values": ", ".join(BOOLEAN_VALUES)}]
    if errors:
        raise ValidationError(errors)


class LanguageMixin:
    """Checks the query and resolves the request's language and locale before the action
    runs; keeps a 404 a JSON 404."""

    query_filters: dict = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        check_query(request.query_params, filters=self.query_filters)
        self.language_code = request_language(request)
        translation.activate(self.language_code)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 404:
            # LocaleMiddleware redirects a 404 outside the language prefixes to /<lang>/...,
            # where Wagtail's catch-all answers with an HTML page. Judged against the API's
            # own URLconf (no language prefixes), the 404 stays.
            request._request.urlconf = API_URLCONF
        return response

    def request_locale(self) -> Locale:
        language_code = getattr(self, "language_code", settings.LANGUAGE_CODE)
        locale = Locale.objects.filter(language_code=language_code).first()
        if locale is None:
            raise ValidationError({"lang": [_("There is no content in this language yet.")]})
        return locale


def _page_id(value: str) -> int:
    """The page id in the URL: digits within the database's integer range, else a 404 (the
    one check, for every route with an id)."""
    if not re.fullmatch(r"[0-9]{1,10}", value) or int(value) > PK_MAX:
        raise NotFound()
    return int(value)


@extend_schema_view(
    list=extend_schema(
        summary="Search experiences",
        description="The filters of the experience search page; invalid values give a 400 "
                    "with messages by field.",
        parameters=[*filter_parameters(ExperienceFilterSet, radius_km={
            "minimum": 0, "exclusiveMinimum": True, "maximum": MAX_RADIUS_KM}),
            LANG_PARAMETER]),
    retrieve=extend_schema(
        summary="An experience, in its own language",
        description="With the token of a member of an approved tour operator that has a "
                    "contract with the supplier, the answer adds `net_price_options`: what "
                    "the operator pays per unit, next to the retail price."),
)
class ExperienceViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Live experiences: the search, one experience, and its slots."""

    lookup_url_kwarg = "id"
    pagination_class = PageNumberPagination
    query_filters = ExperienceFilterSet.base_filters

    def get_queryset(self):
        return ExperiencePage.objects.live()

    def get_serializer_class(self):
        return ExperienceDetailSerializer if self.action == "retrieve" else ExperienceSerializer

    def list(self, request, *args, **kwargs):
        listing = selectors.experience_listing(params=request.query_params,
                                               locale=self.request_locale())
        if listing.errors:
            raise ValidationError(listing.errors)
        pages = self.paginate_queryset(listing.queryset)
        distances_km = listing.circle.distances_km(pages) if listing.circle else {}
        context = {**self.get_serializer_context(), "distances_km": distances_km,
                   "providers": selectors.experience_suppliers(pages=pages)}
        return self.get_paginated_response(
            ExperienceSerializer(pages, many=True, context=context).data)

    def get_object(self):
        page = selectors.experience_live_get(pk=_page_id(self.kwargs[self.lookup_url_kwarg]),
                                             details=self.action == "retrieve")
        if page is None:
            raise NotFound()
        return page

    def retrieve(self, request, *args, **kwargs):
        page = self.get_object()
        # A member of an approved tour operator (token or session) also sees its net prices.
        prices = operator_prices(user=request.user, experience=page,
                                 options=list(page.price_options.all()))
        context = {**self.get_serializer_context(), "operator_prices": prices,
                   "providers": selectors.experience_suppliers(pages=[page])}
        serializer_class = (ExperienceDetailSerializer if prices is None
                            else OperatorExperienceDetailSerializer)
        with translation.override(page.locale.language_code):
            data = serializer_class(page, context=context).data
        return Response(data)

    @extend_schema(
        summary="Slots of an experience with places left",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE,
                             description="First local date (default: today)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description=(
                f"Last local date (default: {DEFAULT_AVAILABILITY_DAYS} days after the first; "
                f"at most {MAX_DATE_SPAN_DAYS} days after it)")),
        ],
        responses=AvailabilitySerializer)
    @action(detail=True, methods=["get"], pagination_class=None)
    def availability(self, request, *args, **kwargs):
        page = self.get_object()
        # A plain dict: from a QueryDict, DRF would take an empty date for an absent one.
        query = AvailabilityQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        first_day = query.validated_data.get("from") or timezone.localdate()
        last_day = (query.validated_data.get("to")
                    or first_day + timedelta(days=DEFAULT_AVAILABILITY_DAYS))
        if last_day < first_day:
            raise ValidationError({"to": [_("The end date is before the start date.")]})
        if (last_day - first_day).days > MAX_DATE_SPAN_DAYS:
            raise ValidationError({"to": [
                _("Ask for at most %(days)d days at once.") % {"days": MAX_DATE_SPAN_DAYS}]})
        availability = selectors.experience_availability(page=page, first_day=first_day,
                                                         last_day=last_day)
        return Response(AvailabilitySerializer({
            "experience": page.pk, "from": first_day, "to": last_day,
            "slots_of": availability.owner_id, "slots": availability.slots}).data)


@extend_schema_view(
    list=extend_schema(summary="Providers", parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(summary="A provider, in its own language"),
)
class ProviderViewSet(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    """Live providers, with the number of their live experiences."""

    serializer_class = ProviderSerializer
    pagination_class = PageNumberPagination
    lookup_url_kwarg = "id"

    def get_queryset(self):
        if self.action == "list":
            return selectors.supplier_list_queryset(locale=self.request_locale())
        return selectors.supplier_queryset()

    def get_object(self):
        provider = self.get_queryset().filter(
            pk=_page_id(self.kwargs[self.lookup_url_kwarg])).first()
        if provider is None:
            raise NotFound()
        return provider


@extend_schema_view(list=extend_schema(summary="Sectors", parameters=[LANG_PARAMETER]))
class SectorViewSet(LanguageMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The sectors of the cluster's taxonomy."""

    serializer_class = SectorSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.sector_list(locale=self.request_locale())


@extend_schema(exclude=True)
@api_view(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, *args, **kwargs):
    """No API route matches the path."""
    raise NotFound()
