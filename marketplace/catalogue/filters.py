"""The experience filters: one django-filter FilterSet for the list page, the map and the API.

Every value arrives in the query string, is validated by the FilterSet's form (bad input gives
field messages, never a 500) and is applied to an ExperiencePage queryset.
"""

import math
from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geo.errors import UnknownTown
from geo.regions import find_town
from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.models.sectors import SECTOR_SLUGS
from marketplace.catalogue.selectors.slots import slots_with_places_left
from marketplace.core.choices import Area, Country
from marketplace.core.dates import local_days_bounds
from marketplace.core.normalise import search_text

AREA_SLUGS = {"puglia": Area.PUGLIA, "molise": Area.MOLISE, "albania": Area.ALBANIA,
              "montenegro": Area.MONTENEGRO}
LANGUAGES = [("it", "Italiano"), ("en", "English"), ("sq", "Shqip"), ("cnr", "Crnogorski"),
             ("de", "Deutsch"), ("fr", "Français"), ("es", "Español")]
SORTS = [("relevance", _("Relevance")), ("price", _("Price: low to high")),
         ("-price", _("Price: high to low")), ("duration", _("Duration")),
         ("distance", _("Distance"))]
MAX_RADIUS_KM = 500
MAX_PRICE_EUR = 100_000
DEFAULT_TOWN_RADIUS_KM = 20
MAX_DATE_SPAN_DAYS = 366
MAX_QUERY_WORDS = 6


class ExperienceSearchForm(forms.Form):
    """Cross-field rules: date order, a complete point, a sensible radius."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        if start and end and (end - start).days > MAX_DATE_SPAN_DAYS:
            self.add_error("date_to", _("Search at most a year of dates at once."))
        lat, lon, radius = cleaned.get("lat"), cleaned.get("lon"), cleaned.get("radius_km")
        if (lat is None) != (lon is None):
            self.add_error("lon" if lon is None else "lat",
                           _("Give both latitude and longitude."))
        if radius is not None and lat is None and not cleaned.get("town"):
            self.add_error("radius_km", _("A radius needs a point (lat, lon) or a town."))
        if cleaned.get("sort") == "distance" and lat is None and not cleaned.get("town"):
            self.add_error("sort", _("Sorting by distance needs a point or a town."))
        lo, hi = cleaned.get("price_min"), cleaned.get("price_max")
        if lo is not None and hi is not None and hi < lo:
            self.add_error("price_max", _("The highest price is below the lowest."))
        lo, hi = cleaned.get("duration_min"), cleaned.get("duration_max")
        if lo is not None and hi is not None and hi < lo:
            self.add_error("duration_max", _("The longest duration is below the shortest."))
        town = cleaned.get("town")
        self.town_point = None
        if town:
            try:
                self.town_point = find_town(town).point
            except UnknownTown:
                self.add_error("town", _("We do not know the town “%(town)s”.") % {"town": town})
        return cleaned


class ExperienceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    country = django_filters.ChoiceFilter(choices=Country.choices, label=_("Country"))
    area = django_filters.ChoiceFilter(choices=[(k, v.label) for k, v in AREA_SLUGS.items()],
                                       label=_("Area"), method="filter_area")
    subdivision = django_filters.CharFilter(label=_("Province, county or municipality"),
                                            method="filter_subdivision", max_length=8)
    sector = django_filters.MultipleChoiceFilter(
        choices=[(slug, slug) for slug in SECTOR_SLUGS], field_name="sector__slug",
        label=_("Sectors"), distinct=False)  # a to-one join: no duplicates to remove
    date_from = django_filters.DateFilter(label=_("From"), method="filter_noop",
                                          widget=forms.DateInput(attrs={"type": "date"}))
    date_to = django_filters.DateFilter(label=_("To"), method="filter_noop",
                                        widget=forms.DateInput(attrs={"type": "date"}))
    participants = django_filters.NumberFilter(label=_("Participants"), min_value=1,
                                               max_value=100, method="filter_noop")
    language = django_filters.ChoiceFilter(choices=LANGUAGES, label=_("Language"),
                                           method="filter_language")
    # Any amount in range (a price is compared in whole cents): an API client's 12.345 is
    # as good as the page's 12.35.
    price_min = django_filters.NumberFilter(label=_("Price from (€ per adult)"), min_value=0,
                                            max_value=MAX_PRICE_EUR, method="filter_noop")
    price_max = django_filters.NumberFilter(label=_("Price up to (€ per adult)"), min_value=0,
                                            max_value=MAX_PRICE_EUR, method="filter_noop")
    duration_min = django_filters.NumberFilter(field_name="duration_min", lookup_expr="gte",
                                               min_value=0, label=_("At least (minutes)"))
    duration_max = django_filters.NumberFilter(field_name="duration_min", lookup_expr="lte",
                                               min_value=0, label=_("At most (minutes)"))
    instant = django_filters.BooleanFilter(label=_("Instant confirmation only"),
                                           method="filter_instant",
                                           widget=forms.CheckboxInput)
    wheelchair = django_filters.BooleanFilter(field_name="wheelchair_accessible",
                                              label=_("Wheelchair accessible"),
                                              method="filter_true", widget=forms.CheckboxInput)
    family = django_filters.BooleanFilter(field_name="family_friendly",
                                          label=_("Suitable for children"),
                                          method="filter_true", widget=forms.CheckboxInput)
    lodging = django_filters.ChoiceFilter(
        choices=[("yes", _("Lodging only")), ("no", _("Experiences only"))],
        label=_("Lodging"), method="filter_lodging")
    lat = django_filters.NumberFilter(min_value=-90, max_value=90, label=_("Latitude"),
                                      method="filter_noop")
    lon = django_filters.NumberFilter(min_value=-180, max_value=180, label=_("Longitude"),
                                      method="filter_noop")
    radius_km = django_filters.NumberFilter(label=_("Radius (km)"), method="filter_noop")
    town = django_filters.CharFilter(label=_("Near the town"), method="filter_noop",
                                     max_length=80)
    sort = django_filters.ChoiceFilter(choices=SORTS, label=_("Sort by"), method="filter_noop",
                                       empty_label=None)

    class Meta:
        model = ExperiencePage
        fields: list[str] = []
        form = ExperienceSearchForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["radius_km"].validators.append(_radius_validator)

    # Filters whose effect needs several values are applied in ``filter_queryset``.
    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, value):
        # Each word in the title or the summary; a trigram index serves this on PostgreSQL.
        for word in search_text(value).split()[:MAX_QUERY_WORDS]:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(area=AREA_SLUGS[value])

    def filter_subdivision(self, queryset, name, value):
        return queryset.filter(subdivision_id=value.upper())

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__icontains=value)

    def filter_instant(self, queryset, name, value):
        return queryset.filter(booking_mode="instant") if value else queryset

    def filter_true(self, queryset, name, value):
        return queryset.filter(**{name: True}) if value else queryset

    def filter_lodging(self, queryset, name, value):
        return queryset.filter(is_lodging=(value == "yes"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("price_min") is not None:
            queryset = queryset.filter(
                price_from_eur_cents__gte=math.ceil(data["price_min"] * 100))
        if data.get("price_max") is not None:
            queryset = queryset.filter(
                price_from_eur_cents__lte=math.floor(data["price_max"] * 100))
        if data.get("date_from") or data.get("date_to") or data.get("participants"):
            queryset = queryset.filter(_available(data))
        return queryset


def _radius_validator(value):
    if value is not None and not 0 < value <= MAX_RADIUS_KM:
        raise forms.ValidationError(
            _("The radius must be above 0 and at most %(max)s km.") % {"max": MAX_RADIUS_KM})


def _available(data) -> Q:
    """An open slot (after the cut-off) with enough places in the date range, on the slots of
    the page's translation group (translations share the original's slots)."""
    from django.utils import timezone


    start_day = data.get("date_from") or timezone.localdate()
    end_day = data.get("date_to") or start_day + timedelta(days=30)
    places = int(data.get("participants") or 1)
    now = timezone.now()
    starts, ends = local_days_bounds(start_day, end_day)
    slots = slots_with_places_left(Slot.objects.filter(
        starts_at__gte=max(starts, now), starts_at__lt=ends), now=now)
    slots = slots.filter(places_left__gte=places)
    # An IN over the matching slots' groups: an EXISTS per row is far slower on SQLite.
    return Q(translation_key__in=slots.values("experience__translation_key"))
