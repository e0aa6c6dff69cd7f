"""Public views of the catalogue that are not pages: the map's GeoJSON."""

from django.http import JsonResponse
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from geo.errors import InvalidCoordinates
from geo.types import BBox
from marketplace.catalogue.selectors.map import experience_features
from marketplace.catalogue.selectors.search import experience_filter

MAX_MAP_FEATURES = 5000


def _bbox(value: str):
    """``west,south,east,north`` in degrees → BBox, or ValueError with a message."""
    try:
        west, south, east, north = (float(part) for part in value.split(","))
        return BBox(south=south, west=west, north=north, east=east)
    except (ValueError, InvalidCoordinates) as exc:
        raise ValueError("bbox must be west,south,east,north in degrees, south ≤ north and "
                         "west ≤ east.") from exc


@require_http_methods(["GET"])
def experiences_geojson(request):
    """The experiences matching the search filters (plus an optional ``bbox``) as a GeoJSON
    FeatureCollection, for the map. Bad filters give 400 with field messages."""
    params = request.GET.copy()
    bbox = None
    if params.get("bbox"):
        try:
            bbox = _bbox(params.pop("bbox")[0])
        except ValueError as exc:
            return JsonResponse({"errors": {"bbox": [str(exc)]}}, status=400)
    locale = Locale.get_active()
    filterset, queryset, circle = experience_filter(params=params, locale=locale)
    if queryset is None:
        errors = {name: list(messages) for name, messages in filterset.form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    if bbox is not None:
        queryset = queryset.filter(lat__range=(bbox.south, bbox.north),
                                   lon__range=(bbox.west, bbox.east))
    collection = experience_features(queryset=queryset, locale=locale, circle=circle,
                                      limit=MAX_MAP_FEATURES)
    return JsonResponse(collection, json_dumps_params={"ensure_ascii": False})
