"""The marketplace's use of geo: where a point lies, as the fields pages store."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from geo.errors import InvalidCoordinates, OutsideAreas
from geo.regions import locate
from marketplace.core.errors import OutsideClusterAreas


@dataclass(frozen=True)
class DerivedLocation:
    country: str
    area: str
    subdivision_id: str
    subdivision_name: str


def location_derive(*, lat: float, lon: float) -> DerivedLocation:
    """Country, area and subdivision of a WGS84 point (degrees) inside the cluster's areas.

    Points within about 2 km of an area's edge (harbours, beaches) snap to it; farther out the
    point is refused with ``OutsideClusterAreas``.
    """
    try:
        found = locate(lat, lon)
    except InvalidCoordinates as exc:
        raise OutsideClusterAreas(str(exc), field="lat") from exc
    except OutsideAreas as exc:
        raise OutsideClusterAreas(
            _(
                "The point %(lat).5f, %(lon).5f is outside Puglia, Molise, Albania and "
                "Montenegro. Check the coordinates (latitude first, then longitude)."
            ) % {"lat": lat, "lon": lon},
            field="lat",
        ) from exc
    return DerivedLocation(
        country=found.country_iso2,
        area=found.area_id,
        subdivision_id=found.subdiv_id,
        subdivision_name=found.subdiv_name,
    )


def location_apply(*, obj, lat: float, lon: float) -> None:
    """Set ``lat``/``lon`` and the derived fields on a page (not saved)."""
    derived = location_derive(lat=lat, lon=lon)
    obj.lat, obj.lon = lat, lon
    obj.country = derived.country
    obj.area = derived.area
    obj.subdivision_id = derived.subdivision_id
    obj.subdivision_name = derived.subdivision_name
