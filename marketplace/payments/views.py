"""Paying an order: the checkout page (Stripe's Payment Element), the server-side confirmation
used by localstripe's Stripe.js, the page Stripe returns to, and Stripe's webhook; and the
pages whose actions give money back: a buyer's cancellation, a supplier's answer to a request.

A guest opens an order with its ``access_token`` (``?token=…``, from the email); a wrong
token is a 404. The services do the work; these views parse, call and shape. A tour
operator's members read its monthly statement of what it owes on account.
"""

import json
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import (
    BookingLinkInvalid,
    booking_for_action_token,
    booking_is_cancellable,
    experience_in_language,
    order_booking_rows,
)
from marketplace.bookings.services.orders import booking_accept
from marketplace.bookings.views import order_or_404, order_url
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import MarketplaceError, PaymentServiceUnavailable
from marketplace.core.money import money_format
from marketplace.operators.views import SIGN_IN_URL as OPERATOR_SIGN_IN_URL
from marketplace.payments.services import payments
from marketplace.payments.services.settlement import booking_cancel as cancel
from marketplace.payments.services.settlement import booking_decline


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
    """The order's bookings and total, and the card form (Stripe's Payment Element)."""
    order = order_or_404(request, reference)[0]
    if not _payable(order):
        return redirect(order_url(order))
    try:
        payment = payments.payment_for_order(order=order)
        client_secret = payments.payment_client_secret(payment=payment)
    except MarketplaceError as exc:
        return render(request, "marketplace/checkout.html",
                      {"order": order, "error": exc.message}, status=exc.status_code)
    rows = [row for row in order_booking_rows(order=order, language=translation.get_language())
            if row.booking.status != Booking.Status.EXPIRED]
    hold_ends = min((row.booking.hold_expires_at for row in rows
                     if row.booking.hold_expires_at), default=None)
    context = {
        "order": order,
        "bookings": [{"view": row, "lines": [
            (line, money_format(amount_cents=line.total_cents, currency=row.booking.currency))
            for line in row.booking.lines.all()]} for row in rows],
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
    order = order_or_404(request, reference)[0]
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
    order = order_or_404(request, reference)[0]
    try:
        payments.payment_sync(order=order)
    except PaymentServiceUnavailable:
        pass  # the webhook will bring the news; the order page shows what we know
    return redirect(order_url(order))


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


# SECTION: money moved by a buyer's cancellation or a supplier's answer to a request


@require_http_methods(["GET", "POST"])
def booking_cancel(request, reference: str, booking_id: int):
    """GET: what cancelling the booking now gives back, and a button; POST: cancel it (as the
    buyer) and go back to the order with the refund said."""
    from marketplace.bookings.services.orders import booking_refund_cents

    order, token = order_or_404(request, reference)
    booking = (order.bookings.filter(pk=booking_id)
               .select_related("slot", "experience", "provider").first())
    if booking is None:
        raise Http404(_("No such booking in this order."))
    now = timezone.now()
    context = {"order": order, "booking": booking, "token": token,
               "title": experience_in_language(experience=booking.experience,
                                               language=request.LANGUAGE_CODE).title,
               "order_url": order_url(order)}
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
        return redirect(order_url(order))
    refund_cents = booking_refund_cents(booking=booking, now=now)
    context.update(refund=money_format(amount_cents=refund_cents, currency=booking.currency),
                   refund_cents=refund_cents,
                   price=money_format(amount_cents=booking.price_cents,
                                      currency=booking.currency))
    return render(request, "marketplace/orders/booking_cancel.html", context)


@require_http_methods(["GET", "POST"])
def booking_respond(request, action: str):
    """A supplier's signed link from the request email. GET shows the request and a button;
    POST accepts or declines it through the booking services. A bad or expired link gives a
    400 page, a request already answered a 409 page saying how."""
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


# SECTION: a tour operator's account statement


def _statement_month(request) -> date | None:
    """The month of ``?month=YYYY-MM``, this month (local) by default; None when unreadable."""
    value = request.GET.get("month", "").strip()
    if not value:
        return timezone.localdate().replace(day=1)
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


def _operator_statement(request):
    """(membership, statement, status) for the signed-in member's operator and the month
    asked; membership None for a user in no operator, statement None for a bad month."""
    from marketplace.operators.services.operators import operator_membership
    from marketplace.payments.selectors import operator_account_statement

    membership = operator_membership(user=request.user)
    if membership is None:
        return None, None, 403
    month = _statement_month(request)
    if month is None:
        return membership, None, 400
    return membership, operator_account_statement(operator=membership.operator,
                                                  month=month), 200


@login_required(login_url=OPERATOR_SIGN_IN_URL)
@require_GET
def operator_statement(request):
    """The operator's monthly statement (``?month=YYYY-MM``): the orders it paid on account
    in the month, their bookings, charges and credits, the total and what it owes, with the
    CSV and PDF. Only its members see it; a user in no operator gets a 403 page."""
    membership, statement, status = _operator_statement(request)
    if membership is None:
        return render(request, "marketplace/operators/no_operator.html", status=403)
    context = {"operator": membership.operator, "statement": statement,
               "month": request.GET.get("month", "")}
    if statement is not None:
        first = statement.first_day
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        context.update(
            month=f"{first:%Y-%m}", previous=f"{previous:%Y-%m}", following=f"{following:%Y-%m}",
            total=money_format(amount_cents=statement.total_cents, currency="EUR"),
            balance=money_format(amount_cents=statement.balance_cents, currency="EUR"),
            orders=[{"order": group.order,
                     "total": money_format(amount_cents=group.total_cents, currency="EUR"),
                     "lines": [(line, money_format(amount_cents=line.amount_cents,
                                                   currency="EUR")) for line in group.lines]}
                    for group in statement.orders])
    else:
        context["error"] = _("Give the month as YYYY-MM, e.g. 2026-05.")
    return render(request, "marketplace/operators/statement.html", context, status=status)


@login_required(login_url=OPERATOR_SIGN_IN_URL)
@require_GET
def operator_statement_download(request, fmt: str):
    """The operator's monthly statement (``?month=YYYY-MM``) as ``csv`` or ``pdf``."""
    from marketplace.payments.documents import account_statement_response

    if fmt not in ("csv", "pdf"):
        raise Http404(_("Statements come as CSV or PDF."))
    membership, statement, status = _operator_statement(request)
    if membership is None:
        return render(request, "marketplace/operators/no_operator.html", status=403)
    if statement is None:
        return HttpResponse(_("Give the month as YYYY-MM, e.g. 2026-05."), status=status,
                            content_type="text/plain; charset=utf-8")
    return account_statement_response(statement=statement, extension=fmt)
