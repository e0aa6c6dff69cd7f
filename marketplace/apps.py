from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    """Suppliers and experiences, schedules and slots, prices, operators, bookings, payments."""

    name = "marketplace"
    verbose_name = _("Marketplace")
