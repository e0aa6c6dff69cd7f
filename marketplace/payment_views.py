"""Paying an order: the checkout page (Stripe's Payment Element), the server-side confirmation
used by localstripe's Stripe.js, the page Stripe returns to, and Stripe's webhook.

A guest opens an order with its ``access_token`` (``?token=…``, from the email); a wrong
token is a 404. The services do the work; these views parse, call and shape.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .booking_selectors import order_for_token, order_legs
from .errors import MarketplaceError, PaymentServiceUnavailable
from .models import Booking, Order
from .money import money_format
from .scheduling import LOCAL_TZ
from .services import payments


def _order(request, reference: str) -> Order:
    order = order_for_token(reference=reference, token=request.GET.get("token", ""))
    if order is None:
        raise Http404("No order with this reference and key.")
    return order


def _order_url(order: Order) -> str:
    path = reverse("marketplace:order_detail", kwargs={"reference": order.reference})
    return f"{path}?{urlencode({'token': order.access_token})}"


def _checkout_url(order: Order, name: str) -> str:
    path = reverse(name, kwargs={"reference": order.reference})
    return f"{path}?{urlencode({'token': order.access_token})}"


def _payable(order: Order) -> bool:
    """Awaiting payment with at least one hold still running (lapsed holds are ignored even
    before the periodic task releases them)."""
    return (order.status in payments.PAYABLE
            and order.bookings.filter(status=Booking.Status.HELD,
                                      hold_expires_at__gt=timezone.now()).exists())


@require_GET
def checkout(request, reference: str):
    """The order's legs and total, and the card form (Stripe's Payment Element)."""
    order = _order(request, reference)
    if not _payable(order):
        return redirect(_order_url(order))
    try:
        payment = payments.payment_for_order(order=order)
        client_secret = payments.payment_client_secret(payment=payment)
    except MarketplaceError as exc:
        return render(request, "marketplace/checkout.html",
                      {"order": order, "error": exc.message}, status=exc.status_code)
    legs = [leg for leg in order_legs(order=order, language=translation.get_language())
            if leg.booking.status != Booking.Status.EXPIRED]
    hold_ends = min((leg.booking.hold_expires_at for leg in legs
                     if leg.booking.hold_expires_at), default=None)
    context = {
        "order": order,
        "legs": [{"view": leg, "lines": [
            (line, money_format(amount_cents=line.total_cents, currency=leg.booking.currency))
            for line in leg.booking.lines.all()]} for leg in legs],
        "total": money_format(amount_cents=order.total_cents, currency=order.currency),
        "hold_ends_local": hold_ends.astimezone(LOCAL_TZ) if hold_ends else None,
        "stripe_js_url": settings.STRIPE_JS_URL,
        "stripe_config": {
            "publishableKey": settings.STRIPE_PUBLISHABLE_KEY,
            "clientSecret": client_secret,
            "locale": translation.get_language() or "auto",
            "returnUrl": request.build_absolute_uri(
                _checkout_url(order, "marketplace:checkout_done")),
            "confirmUrl": _checkout_url(order, "marketplace:checkout_confirm"),
        },
    }
    return render(request, "marketplace/checkout.html", context)


@require_POST
def checkout_confirm(request, reference: str):
    """Confirm the intent with the payment method the browser made (localstripe's Stripe.js
    has no Payment Element confirmation). JSON in and out: ``{"payment_method": "…"}`` →
    ``{"status": "succeeded" | "processing" | "requires_action"}`` or ``{"error": "…"}``."""
    order = _order(request, reference)
    try:
        body = json.loads(request.body or b"{}")
        payment_method = body.get("payment_method", "") if isinstance(body, dict) else ""
    except ValueError:
        payment_method = ""
    try:
        status = payments.payment_confirm(order=order, payment_method=payment_method)
    except MarketplaceError as exc:
        return JsonResponse({"error": exc.message}, status=exc.status_code)
    return JsonResponse({"status": status})


@require_GET
def checkout_done(request, reference: str):
    """Where Stripe.js sends the buyer after paying: bring the payment up to date (the
    webhook may still be on its way), then show the order."""
    order = _order(request, reference)
    try:
        payments.payment_sync(order=order)
    except PaymentServiceUnavailable:
        pass  # the webhook will bring the news; the order page shows what we know
    return redirect(_order_url(order))


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Stripe's events: 400 for a bad signature or body, 200 once stored (or already)."""
    try:
        payments.stripe_event_handle(payload=request.body,
                                     signature=request.headers.get("Stripe-Signature", ""))
    except MarketplaceError as exc:
        return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
