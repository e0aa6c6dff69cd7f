"""Wagtail admin wiring of the marketplace: snippets, menu items and admin URLs."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from marketplace.bookings.admin import supplier as supplier_admin
from marketplace.catalogue.admin.tenancy import (
    MANAGERS_REPORTS,
    ScopedDocumentsAdminAPIViewSet,
    ScopedImagesAdminAPIViewSet,
    ScopedLocalizeSnippetAPIViewSet,
    ScopedSnippetChooserViewSet,
    SupplierOwnedPolicy,
    SupplierScopedViewSetMixin,
    page_move_check,
)
from marketplace.catalogue.models.schedules import Resource
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.selectors.experiences import user_suppliers
from marketplace.core.roles import user_is_cluster_manager
from marketplace.onboarding.admin import applications as admin_views
from marketplace.onboarding.admin import importing as admin_import  # noqa: F401 (registers hooks)
from marketplace.onboarding.models.applications import ProviderApplication
from marketplace.operators.admin import screens as operator_admin  # noqa: F401 (registers hooks)
from marketplace.payments.admin import payouts as payout_admin
from marketplace.payments.admin import supplier as supplier_money_admin


class SectorViewSet(SnippetViewSet):
    model = Sector
    chooser_viewset_class = ScopedSnippetChooserViewSet
    icon = "tag"
    menu_label = _("Sectors")
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class ApplicationViewSet(SnippetViewSet):
    model = ProviderApplication
    chooser_viewset_class = ScopedSnippetChooserViewSet
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


class ResourceForm(WagtailAdminModelForm):
    """A resource belongs to one of the providers the user acts for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "provider" in self.fields:
            self.fields["provider"].queryset = user_suppliers(user=self.for_user)


class ResourceViewSet(SupplierScopedViewSetMixin, SnippetViewSet):
    """Each supplier lists, edits and chooses only its own resources."""

    model = Resource
    chooser_viewset_class = ScopedSnippetChooserViewSet
    icon = "cog"
    menu_label = _("Shared resources")
    list_display = ["name", "provider", "capacity"]
    edit_handler = ObjectList([FieldPanel("provider"), FieldPanel("name"),
                               FieldPanel("capacity")], base_form_class=ResourceForm)


register_permission_policy(Resource, SupplierOwnedPolicy(Resource))
register_snippet(SectorViewSet)
register_snippet(ApplicationViewSet)
register_snippet(ResourceViewSet)


@hooks.register("register_admin_urls")
def register_marketplace_admin_urls():
    return [
        path("marketplace/applications/<int:pk>/review/", admin_views.application_review,
             name="marketplace_application_review"),
    ]


@hooks.register("register_admin_urls")
def register_localize_snippet_api_urls():
    """Shadows wagtail-localize's snippet API (registered after these, so never reached)."""
    return [
        path("localize/api/snippets/<slug:app_label>/<slug:model_name>/",
             ScopedLocalizeSnippetAPIViewSet.as_view({"get": "list"})),
        path("localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
             ScopedLocalizeSnippetAPIViewSet.as_view({"get": "retrieve"})),
    ]


@hooks.register("construct_reports_menu")
def hide_managers_reports(request, menu_items):
    if not user_is_cluster_manager(request.user):
        hidden = {reverse(name) for name in MANAGERS_REPORTS}
        menu_items[:] = [item for item in menu_items if item.url not in hidden]


@hooks.register("before_move_page")
def refuse_page_moves(request, page, destination):
    page_move_check(request, page, destination)


@hooks.register("construct_admin_api", order=100)  # after wagtail.images and documents
def scope_admin_api(router):
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)


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


# SECTION: the supplier's bookings (dashboard panel, check-in, manifest)


@hooks.register("register_admin_urls")
def register_supplier_admin_urls():
    return [
        path("marketplace/check-in/", supplier_admin.checkin, name="marketplace_checkin"),
        path("marketplace/manifest/", supplier_admin.manifest, name="marketplace_manifest"),
        path("marketplace/manifest.<str:fmt>", supplier_admin.manifest_download,
             name="marketplace_manifest_download"),
        path("marketplace/requests/<int:booking_id>/<str:action>/",
             supplier_money_admin.booking_respond, name="marketplace_supplier_respond"),
        path("marketplace/bookings/<int:booking_id>/cancel/",
             supplier_money_admin.booking_supplier_cancel, name="marketplace_supplier_cancel"),
        path("marketplace/statements/", supplier_money_admin.statements,
             name="marketplace_statements"),
        path("marketplace/statements.<str:fmt>", supplier_money_admin.statement_download,
             name="marketplace_statement_download"),
    ]


@hooks.register("construct_homepage_panels")
def supplier_dashboard_panel(request, panels):
    supplier_admin.dashboard_panel_add(request, panels,
                                       balance_text=supplier_money_admin.balance_text)


class SupplierMenuItem(MenuItem):
    def is_shown(self, request):
        return supplier_admin.supplier_menu_shown(request)


@hooks.register("register_admin_menu_item")
def register_supplier_menu():
    return SubmenuMenuItem(_("Bookings"), Menu(items=[
        SupplierMenuItem(_("Manifest"), reverse("marketplace_manifest"), icon_name="list-ul"),
        SupplierMenuItem(_("Check-in"), reverse("marketplace_checkin"), icon_name="tick"),
        SupplierMenuItem(_("Statements"), reverse("marketplace_statements"),
                         icon_name="doc-full"),
    ]), icon_name="date", order=150)


@hooks.register("register_admin_urls")
def register_payout_admin_urls():
    return [
        path("marketplace/payouts/", payout_admin.payout_runs, name="marketplace_payouts"),
        path("marketplace/payouts/<int:pk>/", payout_admin.payout_run_detail,
             name="marketplace_payout_run"),
        path("marketplace/payouts/<int:pk>/execute/", payout_admin.payout_run_execute_view,
             name="marketplace_payout_run_execute"),
        path("marketplace/payouts/<int:pk>/pain001.xml", payout_admin.payout_run_sepa,
             name="marketplace_payout_run_sepa"),
        path("marketplace/payouts/balances/", payout_admin.payout_balances,
             name="marketplace_payout_balances"),
        path("marketplace/payouts/statements/<int:provider_pk>.<str:extension>",
             payout_admin.supplier_statement_download, name="marketplace_supplier_statement"),
    ]


class ClusterManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return user_is_cluster_manager(request.user)


@hooks.register("register_admin_menu_item")
def register_payouts_menu():
    return SubmenuMenuItem(_("Payouts"), Menu(items=[
        ClusterManagerMenuItem(_("Payout runs"), reverse("marketplace_payouts"),
                               icon_name="tasks"),
        ClusterManagerMenuItem(_("Balances"), reverse("marketplace_payout_balances"),
                               icon_name="list-ul"),
    ]), icon_name="tasks", order=220)
