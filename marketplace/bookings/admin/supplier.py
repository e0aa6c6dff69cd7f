"""The supplier's side of bookings in the Wagtail admin: a dashboard panel (today's manifest,
requests to answer, next bookings, balance), the check-in page the voucher's QR code opens,
the daily manifest with its PDF and CSV, and accepting or declining a request.

A supplier is a user whose groups have page permissions over a provider's subtree; cluster
managers (whose permissions cover the root) and superusers may pick any provider. Nobody ever
sees a booking of a provider outside their own (``booking_selectors.user_suppliers``).
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.components import Component

from marketplace.bookings.documents.manifests import (
    manifest_csv,
    manifest_filename,
    manifest_pdf,
    manifest_rows,
)
from marketplace.bookings.documents.vouchers import voucher_check_in
from marketplace.bookings.selectors import (
    supplier_manifest,
    supplier_pending_requests,
    supplier_upcoming_bookings,
    user_suppliers,
)
from marketplace.core.errors import MarketplaceError


def _suppliers_or_403(request):
    providers = list(user_suppliers(user=request.user))
    if not providers:
        raise PermissionDenied(_("You do not act for any supplier."))
    return providers


def _chosen(request, providers):
    """The provider picked with ``?provider=<id>`` among the user's, else the first."""
    wanted = request.POST.get("provider") or request.GET.get("provider")
    if wanted:
        for provider in providers:
            if str(provider.pk) == wanted:
                return provider
        raise PermissionDenied(_("You cannot see this supplier's bookings."))
    return providers[0]


def _day(request) -> date:
    """The local day asked for with ``?day=YYYY-MM-DD``; today when absent or unreadable."""
    try:
        return parse_date(request.GET.get("day", "")) or timezone.localdate()
    except ValueError:
        return timezone.localdate()


class SupplierDashboardPanel(Component):
    """On the admin home: today's manifest, requests to answer with their deadline, the next
    bookings and the balance of the chosen provider."""

    name = "supplier_bookings"
    order = 50
    template_name = "marketplace/admin/supplier_panel.html"

    def __init__(self, providers, balance_text=None):
        self.providers = providers
        # What the supplier is owed is the payments' business: the wiring passes it in.
        self.balance_text = balance_text

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        try:
            provider = _chosen(request, self.providers)
        except PermissionDenied:
            provider = self.providers[0]
        today = timezone.localdate()
        manifest = supplier_manifest(provider=provider, day=today)
        return {
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
            "providers": self.providers if len(self.providers) > 1 else [],
            "provider": provider,
            "today": today,
            "manifest_count": len(manifest),
            "manifest_places": sum(booking.places for booking in manifest),
            "requests": supplier_pending_requests(provider=provider),
            "upcoming": supplier_upcoming_bookings(provider=provider),
            "balance": self.balance_text(provider) if self.balance_text else "",
        }


def dashboard_panel_add(request, panels, *, balance_text=None) -> None:
    """``construct_homepage_panels`` hook: the bookings panel for whoever acts for a supplier,
    with its balance as ``balance_text(provider)`` gives it."""
    providers = list(user_suppliers(user=request.user)[:500])
    if providers:
        panels.insert(0, SupplierDashboardPanel(providers, balance_text=balance_text))


def supplier_menu_shown(request) -> bool:
    """Whether the Bookings menu shows: once per request, however many items ask."""
    if not hasattr(request, "_acts_for_supplier"):
        request._acts_for_supplier = user_suppliers(user=request.user).exists()
    return request._acts_for_supplier


@require_http_methods(["GET", "POST"])
def checkin(request):
    """Type a voucher code or scan the voucher's QR code (which opens this page with the code
    filled in): GET shows the booking, POST checks it in."""
    from marketplace.bookings.selectors import booking_for_voucher

    providers = _suppliers_or_403(request)
    provider_ids = [p.pk for p in providers]
    code = (request.POST.get("code") or request.GET.get("code") or "").strip()
    context = {"code": code, "booking": None, "error": ""}
    status = 200
    if request.method == "POST":
        try:
            booking = voucher_check_in(code=code, provider_ids=provider_ids)
        except MarketplaceError as exc:
            context["error"], status = exc.message, exc.status_code
            context["booking"] = booking_for_voucher(code=code, provider_ids=provider_ids)
        else:
            messages.success(request, _("%(name)s checked in: %(places)d places.") % {
                "name": booking.order.name, "places": booking.places})
            return redirect(f"{reverse('marketplace_checkin')}?code={booking.voucher_code}")
    elif code:
        context["booking"] = booking_for_voucher(code=code, provider_ids=provider_ids)
        if context["booking"] is None:
            context["error"] = _("No booking of yours has the voucher code “%(code)s”. Check "
                                 "the code and try again.") % {"code": code}
            status = 404
    return TemplateResponse(request, "marketplace/admin/supplier_checkin.html", context,
                            status=status)


@require_http_methods(["GET"])
def manifest(request):
    """The day's manifest of the chosen provider, with links to its PDF and CSV."""
    providers = _suppliers_or_403(request)
    provider = _chosen(request, providers)
    day = _day(request)
    return TemplateResponse(request, "marketplace/admin/supplier_manifest.html", {
        "providers": providers if len(providers) > 1 else [],
        "provider": provider, "day": day, "rows": manifest_rows(provider=provider, day=day),
        "previous_day": date.fromordinal(day.toordinal() - 1),
        "next_day": date.fromordinal(day.toordinal() + 1),
    })


@require_http_methods(["GET"])
def manifest_download(request, fmt: str):
    """The day's manifest of the chosen provider as ``pdf`` or ``csv``."""
    providers = _suppliers_or_403(request)
    provider = _chosen(request, providers)
    day = _day(request)
    if fmt == "csv":
        response = HttpResponse(manifest_csv(provider=provider, day=day),
                                content_type="text/csv; charset=utf-8")
    elif fmt == "pdf":
        response = HttpResponse(manifest_pdf(provider=provider, day=day),
                                content_type="application/pdf")
    else:
        raise Http404(_("Unknown format."))
    filename = manifest_filename(provider=provider, day=day, extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
