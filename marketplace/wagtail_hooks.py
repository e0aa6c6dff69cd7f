"""Wagtail admin wiring of the marketplace: snippets, menu items and admin URLs."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_import, admin_views  # noqa: F401  (admin_import registers its hooks)
from .models import ProviderApplication, Resource, Sector


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    menu_label = _("Sectors")
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class ApplicationViewSet(SnippetViewSet):
    model = ProviderApplication
    icon = "group"
    menu_label = _("Applications to join")
    add_to_admin_menu = True
    menu_order = 210
    list_display = [
        TitleColumn("company_name", label=_("Company"),
                    get_url=lambda obj: reverse("marketplace_application_review", args=[obj.pk])),
        Column("vat_number", label=_("VAT / registration")),
        "country", "town", "status", "created_at",
    ]
    list_filter = ["status", "country"]
    search_fields = ["company_name", "vat_number", "email", "town"]
    ordering = ["-created_at"]


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "cog"
    menu_label = _("Shared resources")
    list_display = ["name", "provider", "capacity"]


register_snippet(SectorViewSet)
register_snippet(ApplicationViewSet)
register_snippet(ResourceViewSet)


@hooks.register("register_admin_urls")
def register_marketplace_admin_urls():
    return [
        path("marketplace/applications/<int:pk>/review/", admin_views.application_review,
             name="marketplace_application_review"),
    ]


@hooks.register("insert_editor_js")
def location_picker_js():
    return format_html(
        '<div id="location-picker-config" hidden data-tile-url="{}" data-attribution="{}"></div>'
        '<script src="{}"></script><script src="{}"></script>',
        settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION,
        static("vendor/leaflet/leaflet.js"), static("js/location_picker.js"),
    )


@hooks.register("insert_editor_css")
def location_picker_css():
    return format_html('<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
                       static("vendor/leaflet/leaflet.css"), static("css/location_picker.css"))
