"""Public views of the marketplace that are not pages: the "Join the cluster" form, the map's
GeoJSON and the booking form."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from . import services
from .errors import MarketplaceError
from .forms import BookingForm, JoinForm


@require_http_methods(["GET", "POST"])
def join(request):
    """Show the application form; a valid one creates a pending application (services)."""
    locale = Locale.get_active()
    form = JoinForm(request.POST or None, locale=locale)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_application_create(
                **{k: v for k, v in form.cleaned_data.items()},
                language=translation.get_language(),
            )
        except MarketplaceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("marketplace:join_thanks")
    status = 400 if form.errors else 200
    return render(request, "marketplace/join.html", {"form": form}, status=status)


def join_thanks(request):
    return render(request, "marketplace/join_thanks.html")


MAX_MAP_FEATURES = 5000


def _bbox(value: str):
    """``west,south,east,north`` in degrees → BBox, or ValueError with a message."""
    from geo.errors import InvalidCoordinates
    from geo.types import BBox

    try:
        west, south, east, north = (float(part) for part in value.split(","))
        return BBox(south=south, west=west, north=north, east=east)
    except (ValueError, InvalidCoordinates) as exc:
        raise ValueError("bbox must be west,south,east,north in degrees, south ≤ north and "
                         "west ≤ east.") from exc


@require_http_methods(["GET"])
def experiences_geojson(request):
    """The experiences matching the search filters (plus an optional ``bbox``) as a GeoJSON
    FeatureCollection, for the map. Bad filters give 400 with field messages."""
    from django.http import JsonResponse

    from .map_features import experience_features
    from .search import experience_filter

    params = request.GET.copy()
    bbox = None
    if params.get("bbox"):
        try:
            bbox = _bbox(params.pop("bbox")[0])
        except ValueError as exc:
            return JsonResponse({"errors": {"bbox": [str(exc)]}}, status=400)
    locale = Locale.get_active()
    filterset, queryset, circle = experience_filter(params=params, locale=locale)
    if queryset is None:
        errors = {name: list(messages) for name, messages in filterset.form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    if bbox is not None:
        queryset = queryset.filter(lat__range=(bbox.south, bbox.north),
                                   lon__range=(bbox.west, bbox.east))
    collection = experience_features(queryset=queryset, locale=locale, circle=circle,
                                      limit=MAX_MAP_FEATURES)
    return JsonResponse(collection, json_dumps_params={"ensure_ascii": False})


def _checkout_redirect(order):
    url = reverse("marketplace:checkout", kwargs={"reference": order.reference})
    return redirect(f"{url}?token={order.access_token}")


@require_http_methods(["GET", "POST"])
def book(request, slot_id: int):
    """Book places on one slot: places per price option, name and email (guests welcome).
    "Book now" holds the places (``services.bookings.order_place``) and goes to the checkout;
    "Add to my trip" keeps the leg in the trip (``cart``) to book with others in one order.
    A refused booking (sold out, too many people, past the cut-off) shows why."""
    from django.contrib import messages

    from . import selectors
    from .booking_selectors import experience_in_language
    from .cart import CartItem, cart_add
    from .services.bookings import LegRequest, leg_quote, order_place
    from .services.contracts import operator_member_operator

    slot = selectors.slot_for_booking(slot_id=slot_id)
    if slot is None:
        raise Http404
    page = experience_in_language(experience=slot.experience,
                                  language=translation.get_language())
    seats_left = selectors.slot_places_left(slot=slot)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    to_trip = "add_to_trip" in request.POST
    form = BookingForm(request.POST or None, initial=initial,
                       options=list(page.price_options.all()),
                       max_places=max(seats_left, 1), contact_required=not to_trip)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            operator = operator_member_operator(user=request.user)
            leg = LegRequest(slot_id=slot.pk, quantities=form.quantities(),
                             note=form.cleaned_data["note"])
            try:
                if to_trip:
                    leg_quote(slot_id=slot.pk, quantities=leg.quantities, operator=operator)
                else:
                    order = order_place(
                        email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                        phone=form.cleaned_data["phone"], language=translation.get_language(),
                        user=request.user, operator=operator, legs=[leg])
            except MarketplaceError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                if not to_trip:
                    return _checkout_redirect(order)
                if cart_add(request.session, item=CartItem(leg.slot_id, leg.quantities,
                                                           leg.note)):
                    messages.success(request, _("“%(title)s” is in your trip.")
                                     % {"title": page.title})
                    return redirect("marketplace:trip")
                form.add_error(None, _("Your trip is full: book it, or remove a leg."))
                status = 400
        else:
            status = 400
    return render(request, "marketplace/book.html",
                  {"form": form, "slot": slot, "page": page, "seats_left": seats_left},
                  status=status)


@require_http_methods(["GET", "POST"])
def trip(request):
    """The legs put together with "Add to my trip", priced now; booking them holds every
    leg in one order (all or nothing) and goes to the checkout."""
    from .cart import cart_clear, cart_items
    from .forms import TripForm
    from .selectors import trip_legs
    from .services.bookings import LegRequest, order_place
    from .services.contracts import operator_member_operator

    operator = operator_member_operator(user=request.user)
    items = cart_items(request.session)
    legs = trip_legs(items=items, operator=operator, language_code=translation.get_language())
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = TripForm(request.POST or None, initial=initial)
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
                    legs=[LegRequest(i.slot_id, i.quantities, i.note) for i in items])
            except MarketplaceError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                cart_clear(request.session)
                return _checkout_redirect(order)
        else:
            status = 400
    total = sum(leg.price_cents for leg in legs if leg.error is None)
    return render(request, "marketplace/trip.html",
                  {"form": form, "legs": legs, "total_cents": total}, status=status)


@require_http_methods(["POST"])
def trip_remove(request, slot_id: int):
    from .cart import cart_remove

    cart_remove(request.session, slot_id=slot_id)
    return redirect("marketplace:trip")
