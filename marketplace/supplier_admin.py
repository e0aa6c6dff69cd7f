"""The supplier's side of bookings in the Wagtail admin: a dashboard panel (today's manifest,
requests to answer, next bookings, balance), the check-in page the voucher's QR code opens,
the daily manifest with its PDF and CSV, and accepting or declining a request.

A supplier is a user whose groups have page permissions over a provider's subtree; cluster
managers (whose permissions cover the root) and superusers may pick any provider. Nobody ever
sees a booking of a provider outside their own (``booking_selectors.supplier_providers``).
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
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.admin.ui.components import Component

from .booking_selectors import (
    provider_balance,
    provider_booking,
    provider_manifest,
    provider_pending_requests,
    provider_upcoming_bookings,
    supplier_providers,
)
from .errors import MarketplaceError
from .manifests import manifest_csv, manifest_filename, manifest_pdf, manifest_rows
from .money import money_format
from .vouchers import voucher_check_in


def _providers_or_403(request):
    providers = list(supplier_providers(user=request.user))
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


def _balance_text(provider) -> str:
    balance = provider_balance(provider=provider)
    if not balance:
        return money_format(amount_cents=0, currency="EUR")
    return " · ".join(money_format(amount_cents=cents, currency=currency)
                      for currency, cents in sorted(balance.items()))


class SupplierDashboardPanel(Component):
    """On the admin home: today's manifest, requests to answer with their deadline, the next
    bookings and the balance of the chosen provider."""

    name = "supplier_bookings"
    order = 50
    template_name = "marketplace/admin/supplier_panel.html"

    def __init__(self, providers):
        self.providers = providers

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        try:
            provider = _chosen(request, self.providers)
        except PermissionDenied:
            provider = self.providers[0]
        today = timezone.localdate()
        manifest = provider_manifest(provider=provider, day=today)
        return {
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
            "providers": self.providers if len(self.providers) > 1 else [],
            "provider": provider,
            "today": today,
            "manifest_count": len(manifest),
            "manifest_places": sum(booking.places for booking in manifest),
            "requests": provider_pending_requests(provider=provider),
            "upcoming": provider_upcoming_bookings(provider=provider),
            "balance": _balance_text(provider),
        }


def dashboard_panel_add(request, panels) -> None:
    """``construct_homepage_panels`` hook: the bookings panel for whoever acts for a supplier."""
    providers = list(supplier_providers(user=request.user)[:500])
    if providers:
        panels.insert(0, SupplierDashboardPanel(providers))


def supplier_menu_shown(request) -> bool:
    """Whether the Bookings menu shows: once per request, however many items ask."""
    if not hasattr(request, "_acts_for_supplier"):
        request._acts_for_supplier = supplier_providers(user=request.user).exists()
    return request._acts_for_supplier


@require_POST
def booking_respond(request, booking_id: int, action: str):
    """Accept or decline (with an optional reason) a request of one of the user's suppliers,
    then back to the dashboard with what happened."""
    from .services.bookings import booking_accept, booking_decline

    providers = _providers_or_403(request)
    booking = provider_booking(provider_ids=[p.pk for p in providers], booking_id=booking_id)
    if booking is None or action not in ("accept", "decline"):
        raise Http404(_("No such request."))
    try:
        if action == "accept":
            booking_accept(booking=booking)
            messages.success(request, _("Request %(reference)s accepted: the buyer has the "
                                        "voucher.") % {"reference": booking.order.reference})
        else:
            booking_decline(booking=booking,
                            reason=request.POST.get("reason", "").strip()[:200])
            messages.success(request, _("Request %(reference)s declined: the buyer is "
                                        "refunded.") % {"reference": booking.order.reference})
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    return redirect(f"{reverse('wagtailadmin_home')}?provider={booking.provider_id}")


@require_POST
def booking_supplier_cancel(request, booking_id: int):
    """The supplier cancels a booking it cannot honour (weather, illness): the buyer gets
    everything back and is told why. A reason is required."""
    from .services.bookings import booking_cancel

    providers = _providers_or_403(request)
    booking = provider_booking(provider_ids=[p.pk for p in providers], booking_id=booking_id)
    if booking is None:
        raise Http404(_("No such booking."))
    reason = request.POST.get("reason", "").strip()[:200]
    back = f"{reverse('marketplace_checkin')}?code={booking.voucher_code}"
    if not reason:
        messages.error(request, _("Say why you cancel: the buyer reads it."))
        return redirect(back)
    try:
        refund = booking_cancel(booking=booking, by="supplier", reason=reason)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Booking %(reference)s cancelled; the buyer is refunded "
                                    "%(amount)s.") % {
            "reference": booking.order.reference,
            "amount": money_format(amount_cents=refund, currency=booking.currency)})
    return redirect(back)


@require_http_methods(["GET", "POST"])
def checkin(request):
    """Type a voucher code or scan the voucher's QR code (which opens this page with the code
    filled in): GET shows the booking, POST checks it in."""
    from .booking_selectors import booking_for_voucher

    providers = _providers_or_403(request)
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
    providers = _providers_or_403(request)
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
    providers = _providers_or_403(request)
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


def _statement_period(request):
    """The period asked for (``period_start``, ``period_end``), last month by default: a bound
    PeriodForm (same rules as the payout runs)."""
    from .payout_admin import PeriodForm, _default_period

    data = request.GET if "period_start" in request.GET else {
        k: v.isoformat() for k, v in _default_period().items()}
    return PeriodForm(data)


@require_http_methods(["GET"])
def statements(request):
    """The supplier's statement for a period: each booking's sale, the cluster's commission,
    refunds and payouts, with its CSV and PDF, and what is owed now."""
    from .statements import supplier_statement

    providers = _providers_or_403(request)
    provider = _chosen(request, providers)
    period = _statement_period(request)
    statement = (supplier_statement(provider=provider, **period.cleaned_data)
                 if period.is_valid() else None)
    return TemplateResponse(request, "marketplace/admin/supplier_statements.html", {
        "providers": providers if len(providers) > 1 else [], "provider": provider,
        "period": period, "statement": statement, "balance": _balance_text(provider),
    }, status=200 if statement is not None else 400)


@require_http_methods(["GET"])
def statement_download(request, fmt: str):
    """The chosen supplier's statement for the period as ``csv`` or ``pdf``."""
    from .payout_admin import statement_download

    if fmt not in ("csv", "pdf"):
        raise Http404(_("Statements come as CSV or PDF."))
    providers = _providers_or_403(request)
    provider = _chosen(request, providers)
    return statement_download(provider=provider, period=_statement_period(request),
                              extension=fmt)
