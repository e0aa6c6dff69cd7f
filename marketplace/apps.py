from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    """Suppliers and experiences, schedules and slots, prices, operators, bookings, payments."""

    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from wagtail.signals import page_published

        from marketplace.signals import SLOTS_RECEIVER, experience_published

        # Publishing an experience (admin, workflow or service) refreshes its slots.
        page_published.connect(experience_published, dispatch_uid=SLOTS_RECEIVER)
