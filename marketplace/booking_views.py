"""Public booking pages: an order (a guest's key is its access token), its vouchers, cancelling
a leg, the signed-in buyer's bookings, and the signed links a supplier answers a request with.

Views parse, call one selector or service and shape the response. Nothing is ever done on
GET: mail scanners follow links, so every action is a confirmation page and then a POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .booking_selectors import (
    BookingLinkInvalid,
    booking_for_action_token,
    booking_is_cancellable,
    experience_in_language,
    order_for_token,
    order_legs,
    user_orders,
)
from .errors import MarketplaceError
from .models import Booking, Order
from .money import money_format
from .vouchers import voucher_filename, voucher_pdf


def _order_or_404(request, reference: str) -> tuple[Order, str]:
    token = request.POST.get("token") or request.GET.get("token") or ""
    order = order_for_token(reference=reference, token=token)
    if order is None:
        raise Http404(_("No order with this reference and key."))
    return order, token


def _order_url(order: Order) -> str:
    path = reverse("marketplace:order_detail", kwargs={"reference": order.reference})
    return f"{path}?token={order.access_token}"


@require_http_methods(["GET"])
def order_detail(request, reference: str):
    """The order with each leg: status, local date and time, places, price, the cancellation
    policy in words, the refund a cancellation now would give, voucher and cancel links."""
    order, _token = _order_or_404(request, reference)
    legs = order_legs(order=order, language=request.LANGUAGE_CODE)
    return render(request, "marketplace/orders/order_detail.html", {
        "order": order, "legs": legs,
        "total": money_format(amount_cents=order.total_cents, currency=order.currency),
    })


@require_http_methods(["GET"])
def voucher_download(request, reference: str, booking_id: int):
    """The voucher PDF of a confirmed leg of the order."""
    order, _token = _order_or_404(request, reference)
    booking = (order.bookings.filter(pk=booking_id, status__in=(
        Booking.Status.CONFIRMED, Booking.Status.COMPLETED))
        .select_related("order", "slot", "experience", "provider").first())
    if booking is None:
        raise Http404(_("This booking has no voucher."))
    response = HttpResponse(voucher_pdf(booking=booking), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{voucher_filename(booking=booking)}"'
    return response


@require_http_methods(["GET", "POST"])
def booking_cancel(request, reference: str, booking_id: int):
    """GET: what cancelling the leg now gives back, and a button; POST: cancel it (as the
    buyer) and go back to the order with the refund said."""
    from .services.bookings import booking_cancel as cancel
    from .services.bookings import booking_refund_cents

    order, token = _order_or_404(request, reference)
    booking = (order.bookings.filter(pk=booking_id)
               .select_related("slot", "experience", "provider").first())
    if booking is None:
        raise Http404(_("No such booking in this order."))
    now = timezone.now()
    context = {"order": order, "booking": booking, "token": token,
               "title": experience_in_language(experience=booking.experience,
                                               language=request.LANGUAGE_CODE).title,
               "order_url": _order_url(order)}
    if not booking_is_cancellable(booking=booking, now=now):
        context["message"] = _("This booking can no longer be cancelled (%(status)s).") % {
            "status": booking.get_status_display().lower()}
        return render(request, "marketplace/orders/booking_cancel.html", context, status=409)
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()[:200]
        try:
            refund_cents = cancel(booking=booking, by=Booking.CancelledBy.BUYER, reason=reason)
        except MarketplaceError as exc:
            context["message"] = exc.message
            return render(request, "marketplace/orders/booking_cancel.html", context,
                          status=exc.status_code)
        messages.success(request, _("Booking cancelled. Refund: %(refund)s.") % {
            "refund": money_format(amount_cents=refund_cents, currency=booking.currency)})
        return redirect(_order_url(order))
    refund_cents = booking_refund_cents(booking=booking, now=now)
    context.update(refund=money_format(amount_cents=refund_cents, currency=booking.currency),
                   refund_cents=refund_cents,
                   price=money_format(amount_cents=booking.price_cents,
                                      currency=booking.currency))
    return render(request, "marketplace/orders/booking_cancel.html", context)


@login_required
@require_http_methods(["GET"])
def my_bookings(request):
    """The signed-in buyer's orders, newest first, each linking to its page."""
    orders = user_orders(user=request.user)
    rows = [{"order": order, "url": _order_url(order),
             "total": money_format(amount_cents=order.total_cents, currency=order.currency)}
            for order in orders]
    return render(request, "marketplace/orders/my_bookings.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def booking_respond(request, action: str):
    """A supplier's signed link from the request email. GET shows the request and a button;
    POST accepts or declines it through the booking services. A bad or expired link gives a
    400 page, a request already answered a 409 page saying how."""
    from .services.bookings import booking_accept, booking_decline

    token = request.POST.get("token") or request.GET.get("token") or ""
    try:
        booking = booking_for_action_token(token=token, action=action)
    except BookingLinkInvalid as exc:
        return render(request, "marketplace/orders/respond_invalid.html",
                      {"message": exc.message}, status=400)
    context = {"booking": booking, "action": action, "token": token,
               "title": experience_in_language(experience=booking.experience,
                                               language=request.LANGUAGE_CODE).title}
    if booking.status != Booking.Status.REQUESTED:
        return render(request, "marketplace/orders/respond_answered.html", context, status=409)
    if request.method == "POST":
        try:
            if action == "accept":
                booking = booking_accept(booking=booking)
            else:
                reason = request.POST.get("reason", "").strip()[:200]
                booking = booking_decline(booking=booking, reason=reason)
        except MarketplaceError as exc:
            context["message"] = exc.message
            return render(request, "marketplace/orders/respond_answered.html", context,
                          status=exc.status_code)
        context["booking"] = booking
        return render(request, "marketplace/orders/respond_done.html", context)
    return render(request, "marketplace/orders/respond_confirm.html", context)
