from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Home and standard pages, site chrome (navigation, footer), the demo-data command."""

    name = "home"
    verbose_name = _("Home")
