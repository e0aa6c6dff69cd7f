"""Public views of the marketplace that are not pages: the "Join the cluster" form, the map's
GeoJSON and the booking form."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
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


@require_http_methods(["GET", "POST"])
def book(request, slot_id: int):
    """Book places on one slot: places per price option, name and email (guests welcome).
    A valid form holds the places (``services.bookings.order_place``) and goes to the
    checkout; a refused one (sold out, too many people, past the cut-off) shows why."""
    from . import selectors
    from .services.bookings import LegRequest, order_place
    from .services.contracts import operator_member_operator

    slot = selectors.slot_for_booking(slot_id=slot_id)
    if slot is None:
        raise Http404
    page = selectors.experience_in_language(experience=slot.experience,
                                            language_code=translation.get_language())
    seats_left = selectors.slot_places_left(slot=slot)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = BookingForm(request.POST or None, initial=initial,
                       options=list(page.price_options.all()),
                       max_places=max(seats_left, 1))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                order = order_place(
                    email=form.cleaned_data["email"], name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"], language=translation.get_language(),
                    user=request.user, operator=operator_member_operator(user=request.user),
                    legs=[LegRequest(slot_id=slot.pk, quantities=form.quantities(),
                                     note=form.cleaned_data["note"])])
            except MarketplaceError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                url = reverse("marketplace:checkout", kwargs={"reference": order.reference})
                return redirect(f"{url}?token={order.access_token}")
        else:
            status = 400
    return render(request, "marketplace/book.html",
                  {"form": form, "slot": slot, "page": page, "seats_left": seats_left},
                  status=status)
