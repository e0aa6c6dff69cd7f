"""Finding experiences: the filters, distance, sorting, pagination and facet counts in a
constant number of queries, for the list page, the map and the API."""

import math
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext as _

from geo.distance import EARTH_RADIUS_KM, haversine_km
from geo.types import BBox, LatLng
from marketplace.catalogue.filters import (
    DEFAULT_TOWN_RADIUS_KM,
    MAX_QUERY_WORDS,
    ExperienceFilterSet,
)
from marketplace.catalogue.models.pages import ExperiencePage

PER_PAGE = 20


@dataclass
class SearchResult:
    filterset: ExperienceFilterSet
    page: PaginatorPage | None = None
    total: int = 0
    distances_km: dict[int, float] = field(default_factory=dict)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    sector_labels: dict[str, str] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)


def experience_base_queryset(*, locale) -> QuerySet:
    """Live experiences in one language."""
    return ExperiencePage.objects.live().filter(locale=locale)


@dataclass(frozen=True)
class SearchCircle:
    """The "near a point / near a town" part of a search: a centre and a radius in km."""

    centre: LatLng
    radius_km: float

    def km_to(self, lat: float | None, lon: float | None) -> float | None:
        """The exact great-circle distance (``geo``) from the centre, None without a point."""
        if lat is None or lon is None:
            return None
        return haversine_km(self.centre, LatLng(lat, lon))

    def great_circle_km(self):
        """The same haversine as ``geo.distance`` as an SQL expression over ``lat``/``lon``
        (SIN, COS, ASIN exist on PostgreSQL and Django adds them to SQLite), so the database
        filters and sorts by the exact distance and only the rows asked for come back."""
        half = math.radians(1) / 2
        h = (Power(Sin((F("lat") - self.centre.lat) * half), 2)
             + math.cos(math.radians(self.centre.lat)) * Cos(Radians(F("lat")))
             * Power(Sin((F("lon") - self.centre.lon) * half), 2))
        return ExpressionWrapper(2 * EARTH_RADIUS_KM * ASin(Sqrt(h)), output_field=FloatField())

    def filter(self, queryset: QuerySet) -> QuerySet:
        """The bounding box on the indexed coordinates first, then the great-circle radius."""
        box = BBox.from_center(self.centre, self.radius_km)
        return (queryset.filter(lat__range=(box.south, box.north),
                                lon__range=(box.west, box.east))
                .alias(distance_km=self.great_circle_km())
                .filter(distance_km__lte=self.radius_km))

    def distances_km(self, pages) -> dict[int, float]:
        """The distance of each page shown, by page id."""
        return {page.pk: self.km_to(page.lat, page.lon) for page in pages
                if page.lat is not None and page.lon is not None}


def _circle(form) -> SearchCircle | None:
    data = form.cleaned_data
    radius_km = float(data.get("radius_km") or DEFAULT_TOWN_RADIUS_KM)
    if data.get("lat") is not None and data.get("lon") is not None:
        return SearchCircle(LatLng(float(data["lat"]), float(data["lon"])), radius_km)
    if getattr(form, "town_point", None) is not None:
        return SearchCircle(form.town_point, radius_km)
    return None


def experience_filter(*, params, locale) -> tuple[ExperienceFilterSet, QuerySet | None,
                                                 SearchCircle | None]:
    """Validate ``params`` and apply them: the FilterSet, the filtered queryset (None when the
    input is invalid) and the search circle when the search is near a point or a town."""
    filterset = ExperienceFilterSet(params if params is not None else {},
                                    queryset=experience_base_queryset(locale=locale))
    if not filterset.is_valid():
        return filterset, None, None
    queryset = filterset.qs
    circle = _circle(filterset.form)
    if circle is not None:
        queryset = circle.filter(queryset)
    return filterset, queryset, circle


def experience_order(*, queryset: QuerySet, sort: str, circle: SearchCircle | None = None,
                     query: str = "") -> QuerySet:
    """The queryset in the search's order: ``sort`` is one of the FilterSet's sort values;
    by distance, nearest first (the great-circle distance in SQL); by relevance with a text
    ``query``, experiences with every word in the title before those matched by the summary,
    then by title."""
    if sort == "price":
        return queryset.order_by("price_from_eur_cents", "title")
    if sort == "-price":
        return queryset.order_by("-price_from_eur_cents", "title")
    if sort == "duration":
        return queryset.order_by("duration_min", "title")
    if sort == "distance" and circle is not None:
        return queryset.order_by(circle.great_circle_km().asc(), "pk")
    words = query.split()[:MAX_QUERY_WORDS]
    if words:
        in_title = Q()
        for word in words:
            in_title &= Q(title__icontains=word)
        return queryset.order_by(Case(When(in_title, then=Value(0)), default=Value(1)), "title")
    return queryset.order_by("title")


def sector_names(*, locale) -> dict[str, str]:
    """Sector names by slug in ``locale`` (for facet labels)."""
    from marketplace.catalogue.models.sectors import Sector

    return dict(Sector.objects.filter(locale=locale).values_list("slug", "name"))


def _facets(queryset: QuerySet) -> dict[str, dict[str, int]]:
    """Counts per sector, area and lodging in one grouped query over the matches."""
    sectors: dict = {}
    areas: dict = {}
    lodging: dict = {}
    rows = (queryset.order_by().values_list("sector__slug", "area", "is_lodging")
            .annotate(n=Count("pk")))
    for slug, area, is_lodging, n in rows:
        sectors[slug] = sectors.get(slug, 0) + n
        areas[area] = areas.get(area, 0) + n
        lodging[is_lodging] = lodging.get(is_lodging, 0) + n
    return {"sector": {k: v for k, v in sectors.items() if k},
            "area": {k: v for k, v in areas.items() if k},
            "lodging": {"yes": lodging.get(True, 0), "no": lodging.get(False, 0)}}


def _suggestions(data) -> list[str]:
    tips = []
    if data.get("date_from") or data.get("date_to") or data.get("participants"):
        tips.append(_("Try other dates or fewer participants."))
    if data.get("radius_km") or data.get("town") or data.get("lat") is not None:
        tips.append(_("Search a wider radius, or anywhere in the region."))
    if data.get("price_max") is not None or data.get("price_min") is not None:
        tips.append(_("Widen the price range."))
    if data.get("sector") or data.get("q"):
        tips.append(_("Remove a sector or a search word."))
    if data.get("instant") or data.get("wheelchair") or data.get("family") or data.get(
            "language"):
        tips.append(_("Drop one of the options (language, accessibility, instant)."))
    return tips or [_("Remove some filters.")]


def experience_search(*, params, locale, per_page: int = PER_PAGE) -> SearchResult:
    """One page of results with facet counts, or field errors. The number of queries does not
    grow with the number of results."""
    filterset, queryset, circle = experience_filter(params=params, locale=locale)
    result = SearchResult(filterset=filterset)
    if queryset is None:
        result.errors = {name: list(messages) for name, messages in
                         filterset.form.errors.items()}
        return result
    sort = filterset.form.cleaned_data.get("sort") or "relevance"
    ordered = (experience_order(queryset=queryset, sort=sort, circle=circle,
                                query=filterset.form.cleaned_data.get("q") or "")
               .select_related("sector").prefetch_related("photos__image"))
    paginator = Paginator(ordered, per_page)
    result.facets = _facets(queryset)
    # The facets already counted the matches: no second COUNT over them.
    paginator.count = result.total = sum(result.facets["lodging"].values())
    result.page = paginator.get_page(params.get("page") if params else None)
    if circle is not None:
        result.distances_km = circle.distances_km(result.page.object_list)
    result.sector_labels = sector_names(locale=locale)
    if not result.total:
        result.suggestions = _suggestions(filterset.form.cleaned_data)
    return result
