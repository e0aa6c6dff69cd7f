"""Public booking pages: an order (a guest's key is its access token), its vouchers, cancelling
a booking, the signed-in buyer's bookings, and the signed links a supplier answers a request with.

Views parse, call one selector or service and shape the response. Nothing is ever done on
GET: mail scanners follow links, so every action is a confirmation page and then a POST.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.bookings.documents.vouchers import voucher_filename, voucher_pdf
from marketplace.bookings.forms import BookingForm
from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import (
    experience_in_language,
    order_booking_rows,
    order_for_token,
    user_orders,
)
from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.core.money import money_format


def order_or_404(request, reference: str) -> tuple[Order, str]:
    token = request.POST.get("token") or request.GET.get("token") or ""
    order = order_for_token(reference=reference, token=token)
    if order is None:
        raise Http404(_("No order with this reference and key."))
    return order, token


def order_url(order: Order) -> str:
    path = reverse("marketplace:order_detail", kwargs={"reference": order.reference})
    return f"{path}?token={order.access_token}"


@require_http_methods(["GET"])
def order_detail(request, reference: str):
    """The order with each booking: status, local date and time, places, price, the cancellation
    policy in words, the refund a cancellation now would give, voucher and cancel links."""
    order, _token = order_or_404(request, reference)
    rows = order_booking_rows(order=order, language=request.LANGUAGE_CODE)
    return render(request, "marketplace/orders/order_detail.html", {
        "order": order, "rows": rows,
        "total": money_format(amount_cents=order.total_cents, currency=order.currency),
    })


@require_http_methods(["GET"])
def voucher_download(request, reference: str, booking_id: int):
    """The voucher PDF of a confirmed booking of the order."""
    order, _token = order_or_404(request, reference)
    booking = (order.bookings.filter(pk=booking_id, status__in=(
        Booking.Status.CONFIRMED, Booking.Status.COMPLETED))
        .select_related("order", "slot", "experience", "provider").first())
    if booking is None:
        raise Http404(_("This booking has no voucher."))
    response = HttpResponse(voucher_pdf(booking=booking), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{voucher_filename(booking=booking)}"'
    return response


@login_required
@require_http_methods(["GET"])
def my_bookings(request):
    """The signed-in buyer's orders, newest first, each linking to its page."""
    orders = user_orders(user=request.user)
    rows = [{"order": order, "url": order_url(order),
             "total": money_format(amount_cents=order.total_cents, currency=order.currency)}
            for order in orders]
    return render(request, "marketplace/orders/my_bookings.html", {"rows": rows})


def _checkout_redirect(order):
    url = reverse("marketplace:checkout", kwargs={"reference": order.reference})
    return redirect(f"{url}?token={order.access_token}")


@require_http_methods(["GET", "POST"])
def book(request, slot_id: int):
    """Book places on one slot: places per price option, name and email (guests welcome).
    "Book now" holds the places (``services.bookings.order_place``) and goes to the checkout;
    "Add to my trip" keeps the request in the cart (``cart``) to book with others in one
    order.
    A refused booking (sold out, too many people, past the cut-off) shows why."""

    from marketplace.bookings.cart import CartItem, cart_add
    from marketplace.bookings.selectors import BookingRequest, booking_quote
    from marketplace.bookings.services.orders import order_place
    from marketplace.catalogue.selectors import experiences as selectors
    from marketplace.operators.selectors import operator_member_operator

    slot = selectors.slot_for_booking(slot_id=slot_id)
    if slot is None:
        raise Http404
    page = experience_in_language(experience=slot.experience,
                                  language=translation.get_language())
    places_left = selectors.slot_places_left(slot=slot)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    to_cart = "add_to_cart" in request.POST
    form = BookingForm(request.POST or None, initial=initial,
                       options=list(page.price_options.all()),
                       max_places=max(places_left, 1), contact_required=not to_cart)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            operator = operator_member_operator(user=request.user)
            request_ = BookingRequest(slot_id=slot.pk, quantities=form.quantities(),
                             note=form.cleaned_data["note"])
            try:
                if to_cart:
                    booking_quote(slot_id=slot.pk, quantities=request_.quantities,
                                  operator=operator)
                else:
                    order = order_place(
                        email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                        phone=form.cleaned_data["phone"], language=translation.get_language(),
                        user=request.user, operator=operator, requests=[request_])
            except MarketplaceError as exc:
                status = form_error_add(form, exc)
            else:
                if not to_cart:
                    return _checkout_redirect(order)
                if cart_add(request.session, item=CartItem(request_.slot_id, request_.quantities,
                                                           request_.note)):
                    messages.success(request, _("“%(title)s” is in your trip.")
                                     % {"title": page.title})
                    return redirect("marketplace:cart")
                form.add_error(None, _("Your trip is full: book it, or remove a leg."))
                status = 400
        else:
            status = 400
    return render(request, "marketplace/book.html",
                  {"form": form, "slot": slot, "page": page, "places_left": places_left},
                  status=status)


@require_http_methods(["GET", "POST"])
def cart(request):
    """The cart: experiences put together with "Add to my trip", priced now; booking them
    holds every one in one order (all or nothing) and goes to the checkout."""
    from marketplace.bookings.cart import cart_clear, cart_items
    from marketplace.bookings.forms import CartForm
    from marketplace.bookings.selectors import BookingRequest, cart_lines
    from marketplace.bookings.services.orders import order_place
    from marketplace.operators.selectors import operator_member_operator

    operator = operator_member_operator(user=request.user)
    items = cart_items(request.session)
    lines = cart_lines(items=items, operator=operator, language_code=translation.get_language())
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = CartForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if not items:
            form.add_error(None, _("Your trip is empty: add an experience first."))
            status = 400
        elif form.is_valid():
            try:
                order = order_place(
                    email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"], language=translation.get_language(),
                    user=request.user, operator=operator,
                    requests=[BookingRequest(i.slot_id, i.quantities, i.note) for i in items])
            except MarketplaceError as exc:
                status = form_error_add(form, exc)
            else:
                cart_clear(request.session)
                return _checkout_redirect(order)
        else:
            status = 400
    total = sum(line.price_cents for line in lines if line.error is None)
    return render(request, "marketplace/cart.html",
                  {"form": form, "lines": lines, "total_cents": total}, status=status)


@require_http_methods(["POST"])
def cart_line_remove(request, slot_id: int):
    from marketplace.bookings.cart import cart_remove

    cart_remove(request.session, slot_id=slot_id)
    return redirect("marketplace:cart")
