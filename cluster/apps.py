from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterConfig(AppConfig):
    """The cluster's network: members, agreements, events, matchmaking and indicators."""

    name = "cluster"
    verbose_name = _("Cluster")
