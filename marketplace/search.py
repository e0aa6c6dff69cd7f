"""Finding experiences: the filters, distance, sorting, pagination and facet counts in a
constant number of queries, for the list page, the map and the API."""

import math
from dataclasses import dataclass, field

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, ExpressionWrapper, F, FloatField, QuerySet
from django.utils.translation import gettext as _

from geo.distance import one_to_many_km
from geo.types import BBox, LatLng

from .filters import DEFAULT_TOWN_RADIUS_KM, ExperienceFilterSet
from .models import ExperiencePage

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


def _point(form) -> tuple[LatLng, float] | None:
    data = form.cleaned_data
    radius_km = float(data.get("radius_km") or DEFAULT_TOWN_RADIUS_KM)
    if data.get("lat") is not None and data.get("lon") is not None:
        return LatLng(float(data["lat"]), float(data["lon"])), radius_km
    if getattr(form, "town_point", None) is not None:
        return form.town_point, radius_km
    return None


def experience_filter(*, params, locale) -> tuple[ExperienceFilterSet, QuerySet | None,
                                                 dict[int, float]]:
    """Validate ``params`` and apply them: the FilterSet, the filtered queryset (None when the
    input is invalid) and, near a point, the distance in km of every match (bounding box on the
    indexed coordinates first, then the exact great-circle distance)."""
    filterset = ExperienceFilterSet(params if params is not None else {},
                                    queryset=experience_base_queryset(locale=locale))
    filterset.search_centre = None
    if not filterset.is_valid():
        return filterset, None, {}
    queryset = filterset.qs
    distances: dict[int, float] = {}
    point = _point(filterset.form)
    filterset.search_centre = point[0] if point else None
    if point is not None:
        centre, radius_km = point
        box = BBox.from_center(centre, radius_km)
        rows = list(queryset.filter(lat__range=(box.south, box.north),
                                    lon__range=(box.west, box.east))
                    .values_list("pk", "lat", "lon"))
        if rows:
            km = one_to_many_km(centre, [r[1] for r in rows], [r[2] for r in rows])
            distances = {r[0]: float(d) for r, d in zip(rows, km, strict=True) if d <= radius_km}
        queryset = queryset.filter(pk__in=list(distances))
    return filterset, queryset, distances


def experience_order(*, queryset: QuerySet, sort: str, distances_km: dict[int, float],
                     centre: LatLng | None = None) -> QuerySet:
    """The queryset in the search's order: ``sort`` is one of the FilterSet's sort values. By
    distance, SQL orders by the squared equirectangular distance from ``centre`` (plain
    arithmetic, so SQLite and PostgreSQL agree); the exact km stay in ``distances_km``."""
    if sort == "price":
        return queryset.order_by("price_from_eur_cents", "title")
    if sort == "-price":
        return queryset.order_by("-price_from_eur_cents", "title")
    if sort == "duration":
        return queryset.order_by("duration_min", "title")
    if sort == "distance" and distances_km and centre is not None:
        scale = math.cos(math.radians(centre.lat)) ** 2
        squared = ExpressionWrapper(
            (F("lat") - centre.lat) * (F("lat") - centre.lat)
            + (F("lon") - centre.lon) * (F("lon") - centre.lon) * scale,
            output_field=FloatField())
        return queryset.order_by(squared.asc(), "pk")
    return queryset.order_by("title")


def sector_names(*, locale) -> dict[str, str]:
    """Sector names by slug in ``locale`` (for facet labels)."""
    from .models import Sector

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
    filterset, queryset, distances = experience_filter(params=params, locale=locale)
    result = SearchResult(filterset=filterset, distances_km=distances)
    if queryset is None:
        result.errors = {name: list(messages) for name, messages in
                         filterset.form.errors.items()}
        return result
    sort = filterset.form.cleaned_data.get("sort") or "relevance"
    ordered = (experience_order(queryset=queryset, sort=sort, distances_km=distances,
                                centre=filterset.search_centre)
               .select_related("sector").prefetch_related("photos__image"))
    paginator = Paginator(ordered, per_page)
    result.facets = _facets(queryset)
    # The facets already counted the matches: no second COUNT over them.
    paginator.count = result.total = sum(result.facets["lodging"].values())
    result.page = paginator.get_page(params.get("page") if params else None)
    result.sector_labels = sector_names(locale=locale)
    if not result.total:
        result.suggestions = _suggestions(filterset.form.cleaned_data)
    return result
