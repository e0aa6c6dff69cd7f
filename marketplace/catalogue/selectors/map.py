"""Experiences as GeoJSON features for the map: one query, whatever the number of results."""


from django.db.models import QuerySet

from geo.geojson import to_geojson
from geo.types import LatLng
from home.services import locale_home_get
from marketplace.core.money import cents_to_decimal


def experience_features(*, queryset: QuerySet, locale, circle, limit: int) -> dict:
    """A FeatureCollection of the queryset's experiences (Points, [lon, lat] written by
    ``geo.to_geojson``) with id, title, url, sector, price from (EUR, decimal string) and,
    near a point (``circle``, a ``search.SearchCircle``), the distance in km. At most
    ``limit`` features; ``truncated`` says so."""
    home = locale_home_get(language_code=locale.language_code)
    prefix = f"/{locale.language_code}/"
    rows = list(queryset.exclude(lat=None).order_by("pk").values_list(
        "pk", "title", "url_path", "lat", "lon", "sector__slug", "price_from_eur_cents",
        "is_lodging")[:limit + 1])
    features = []
    for pk, title, url_path, lat, lon, sector, price, is_lodging in rows[:limit]:
        properties = {
            "id": pk,
            "title": title,
            "url": prefix + url_path[len(home.url_path):],
            "sector": sector,
            "price_from_eur": str(cents_to_decimal(price))
            if price is not None else None,
            "is_lodging": is_lodging,
        }
        if circle is not None:
            properties["distance_km"] = round(circle.km_to(lat, lon), 2)
        feature = to_geojson(LatLng(lat, lon), properties=properties)
        feature["properties"] = properties
        features.append(feature)
    return {"type": "FeatureCollection", "features": features,
            "truncated": len(rows) > limit}
