"""The supplier's money in the Wagtail admin: answering requests (a decline refunds the
buyer), cancelling a booking it cannot honour (full refund), its balance and its statements.

Who may act for which supplier is the bookings' rule (``user_suppliers``); the screens
reuse the bookings admin's supplier picker.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.bookings.admin.supplier import _chosen, _suppliers_or_403
from marketplace.bookings.selectors import supplier_booking
from marketplace.core.errors import MarketplaceError
from marketplace.core.money import money_format
from marketplace.payments.selectors import supplier_balance


def balance_text(provider) -> str:
    """What the platform owes the supplier now (``SupplierBalance.total_cents``), in words: the
    dashboard panel and the statements page show it."""
    return money_format(amount_cents=supplier_balance(provider=provider).total_cents,
                        currency="EUR")


@require_POST
def booking_respond(request, booking_id: int, action: str):
    """Accept or decline (with an optional reason) a request of one of the user's suppliers,
    then back to the dashboard with what happened."""
    from marketplace.bookings.services.orders import booking_accept
    from marketplace.payments.services.settlement import booking_decline

    providers = _suppliers_or_403(request)
    booking = supplier_booking(provider_ids=[p.pk for p in providers], booking_id=booking_id)
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
    from marketplace.payments.services.settlement import booking_cancel

    providers = _suppliers_or_403(request)
    booking = supplier_booking(provider_ids=[p.pk for p in providers], booking_id=booking_id)
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


def _statement_period(request):
    """The period asked for (``period_start``, ``period_end``), last month by default: a bound
    PeriodForm (same rules as the payout runs)."""
    from marketplace.payments.admin.payouts import PeriodForm, _default_period

    data = request.GET if "period_start" in request.GET else {
        k: v.isoformat() for k, v in _default_period().items()}
    return PeriodForm(data)


@require_http_methods(["GET"])
def statements(request):
    """The supplier's statement for a period: each booking's sale, the cluster's commission,
    refunds and payouts, with its CSV and PDF, and what is owed now."""
    from marketplace.payments.documents import supplier_statement

    providers = _suppliers_or_403(request)
    provider = _chosen(request, providers)
    period = _statement_period(request)
    statement = (supplier_statement(provider=provider, **period.cleaned_data)
                 if period.is_valid() else None)
    return TemplateResponse(request, "marketplace/admin/supplier_statements.html", {
        "providers": providers if len(providers) > 1 else [], "provider": provider,
        "period": period, "statement": statement, "balance": balance_text(provider),
    }, status=200 if statement is not None else 400)


@require_http_methods(["GET"])
def statement_download(request, fmt: str):
    """The chosen supplier's statement for the period as ``csv`` or ``pdf``."""
    from marketplace.payments.admin.payouts import statement_download

    if fmt not in ("csv", "pdf"):
        raise Http404(_("Statements come as CSV or PDF."))
    providers = _suppliers_or_403(request)
    provider = _chosen(request, providers)
    return statement_download(provider=provider, period=_statement_period(request),
                              extension=fmt)
