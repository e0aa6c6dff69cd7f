from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItinerariesConfig(AppConfig):
    """Itineraries, curated sample trips, the composer (which calls geo/) and its exports."""

    name = "itineraries"
    verbose_name = _("Itineraries")
