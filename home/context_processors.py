"""Site chrome shared by every template: the programme, its partners, the map tiles."""

from django.conf import settings

from .partners import PARTNERS, PROGRAMME_NAME


def site_chrome(request):
    return {
        "programme_name": PROGRAMME_NAME,
        "partners": PARTNERS,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
