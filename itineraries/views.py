"""The itinerary builder in the operators' area, and the client's proposal page.

Operators (members of an approved operator) see and change their own itineraries; cluster
managers build the cluster's curated ones (no operator) with the same screens. Each change is
one POST, sent by htmx from the builder: the answer is the builder again (``_builder.html``),
with the legs recomputed and the conflicts and costs re-read; without htmx the browser is sent
back to the builder page. Bad input answers 400 with the service's message in the builder.
The proposal page is read with an unguessable token; nothing there shows a net price.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Locale

from itineraries.documents.calendar import itinerary_ical
from itineraries.documents.pdf import proposal_pdf
from itineraries.documents.route import itinerary_geojson, itinerary_gpx
from itineraries.forms import AcceptForm, FreeItemForm, ItineraryForm, ShareForm
from itineraries.models import Itinerary, ShareLink, Stop
from itineraries.selectors.candidates import stop_candidates
from itineraries.selectors.conflicts import itinerary_conflicts
from itineraries.selectors.costing import itinerary_costing
from itineraries.selectors.plan import itinerary_plan
from itineraries.selectors.proposal import itinerary_proposal, snapshot_changed
from itineraries.services import booking as booking_services
from itineraries.services import itineraries as itinerary_services
from itineraries.services import proposals as proposal_services
from itineraries.services import stops as stop_services
from marketplace.core.errors import MarketplaceError
from marketplace.core.roles import user_is_cluster_manager
from marketplace.operators.selectors import operator_member_operator
from marketplace.operators.views import SIGN_IN_URL

PER_PAGE = 20


# SECTION: who may use the builder


def _owner(request):
    """(operator, is_manager) of the signed-in user; the builder answers 403 to others."""
    operator = operator_member_operator(user=request.user)
    if operator is not None:
        return operator, False
    if user_is_cluster_manager(request.user):
        return None, True
    return None, False


def _itineraries(request):
    """The itineraries the user may see: its operator's, or, for a cluster manager, the
    cluster's curated ones. None: the user may not use the builder."""
    operator, manager = _owner(request)
    if operator is not None:
        return Itinerary.objects.filter(operator=operator)
    if manager:
        return Itinerary.objects.filter(operator__isnull=True)
    return None


def _no_builder(request):
    return render(request, "marketplace/operators/no_operator.html", status=403)


def _itinerary(request, itinerary_id: int) -> Itinerary:
    queryset = _itineraries(request)
    if queryset is None:
        raise Http404
    return get_object_or_404(queryset.select_related("operator", "order"), pk=itinerary_id)


def builder_view(function):
    """Signed in; an operator's member or a cluster manager; the itinerary theirs (404)."""

    @login_required(login_url=SIGN_IN_URL)
    def wrapped(request, itinerary_id: int, *args, **kwargs):
        if _itineraries(request) is None:
            return _no_builder(request)
        return function(request, _itinerary(request, itinerary_id), *args, **kwargs)

    wrapped.__name__ = function.__name__
    wrapped.__doc__ = function.__doc__
    return wrapped


# SECTION: list and new


@login_required(login_url=SIGN_IN_URL)
@require_GET
def itinerary_list(request):
    """My itineraries: search by title or client reference, filter by status, newest first,
    with the orders they were booked as."""
    queryset = _itineraries(request)
    if queryset is None:
        return _no_builder(request)
    query = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(client_reference__icontains=query))
    if status in Itinerary.Status.values:
        queryset = queryset.filter(status=status)
    queryset = (queryset.select_related("order").annotate(stop_count=Count("days__stops"))
                .order_by("-updated_at", "-pk"))
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "itineraries/list.html", {
        "page": page, "query": query, "status": status, "statuses": Itinerary.Status.choices,
        "operator": _owner(request)[0]})


@login_required(login_url=SIGN_IN_URL)
@require_http_methods(["GET", "POST"])
def itinerary_new(request):
    if _itineraries(request) is None:
        return _no_builder(request)
    form = ItineraryForm(request.POST or None, initial={
        "start_date": timezone.localdate() + timedelta(days=30)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                itinerary = itinerary_services.itinerary_create(
                    operator=_owner(request)[0], title=data["title"],
                    start_date=data["start_date"], day_count=data["day_count"],
                    adults=data["adults"], child_ages=data["child_ages"], rooms=data["rooms"],
                    markup_pct=data["markup_pct"], client_reference=data["client_reference"],
                    created_by=request.user)
            except MarketplaceError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("itineraries:builder", itinerary.pk)
        status = 400
    return render(request, "itineraries/new.html", {"form": form}, status=status)


# SECTION: the builder


def _builder_context(request, itinerary: Itinerary, **extra) -> dict:
    plan = itinerary_plan(itinerary)
    costing = itinerary_costing(itinerary, plan=plan)
    conflicts = itinerary_conflicts(itinerary, plan=plan)
    by_stop: dict[int, list] = {}
    by_day: dict[int, list] = {}
    for conflict in conflicts:
        if conflict.stop_id is None:
            by_day.setdefault(conflict.day, []).append(conflict)
        else:
            by_stop.setdefault(conflict.stop_id, []).append(conflict)
    proposal = itinerary_proposal(itinerary, language=translation.get_language(), plan=plan,
                                  costing=costing)
    item_form, item_day = extra.pop("item_form", None), extra.pop("item_day", None)
    days = [{
        "plan": day, "conflicts": by_day.get(day.number, []),
        "item_form": (item_form if day.number == item_day
                      else FreeItemForm(auto_id=f"day{day.number}-item-%s")),
        "net_cents": costing.net_by_day.get(day.number, 0),
        "stops": [{"stop": stop, "cost": costing.stops.get(stop.pk),
                   "conflicts": by_stop.get(stop.pk, []),
                   "legs": day.legs_after.get(stop.pk, []),
                   "first": index == 0, "last": index == len(day.stops) - 1}
                  for index, stop in enumerate(day.stops)],
    } for day in plan]
    return {
        "itinerary": itinerary, "days": days, "costing": costing, "conflicts": conflicts,
        "route": itinerary_geojson(proposal),
        "price_changed": (itinerary.price_snapshot is not None
                          and snapshot_changed(itinerary, costing)),
        "links": list(itinerary.share_links.all()[:10]),
        "settings_form": extra.pop("settings_form", None)
        or ItineraryForm.for_itinerary(itinerary),
        "share_form": ShareForm(),
        "editable": itinerary.status not in (Itinerary.Status.BOOKED,
                                             Itinerary.Status.CANCELLED),
        "day_numbers": range(1, itinerary.day_count + 1),
        "order_bookings": (list(itinerary.order.bookings.select_related("slot", "experience")
                                .order_by("slot__starts_at"))
                           if itinerary.order_id else []),
        **extra,
    }


def _builder(request, itinerary: Itinerary, *, status: int = 200, **extra):
    template = ("itineraries/_builder.html" if request.htmx else "itineraries/builder.html")
    return render(request, template, _builder_context(request, itinerary, **extra),
                  status=status)


def _changed(request, itinerary: Itinerary):
    """After a change: the builder (htmx), or back to its page."""
    itinerary.refresh_from_db()
    if request.htmx:
        return _builder(request, itinerary)
    return redirect("itineraries:builder", itinerary.pk)


def _refused(request, itinerary: Itinerary, exc: MarketplaceError, **extra):
    itinerary.refresh_from_db()
    return _builder(request, itinerary, status=exc.status_code, error=exc.message, **extra)


@builder_view
@require_GET
def builder(request, itinerary: Itinerary):
    """The builder: days with their stops, legs and conflicts, the route map, the costing."""
    return _builder(request, itinerary)


@builder_view
@require_POST
def itinerary_settings(request, itinerary: Itinerary):
    """Title, party, rooms, markup, start date: everything is checked again."""
    form = ItineraryForm.for_itinerary(itinerary, data=request.POST)
    if not form.is_valid():
        return _builder(request, itinerary, status=400, settings_form=form,
                        error=_("Check the itinerary's settings."))
    data = form.cleaned_data
    try:
        itinerary_services.itinerary_update(
            itinerary=itinerary, title=data["title"], start_date=data["start_date"],
            adults=data["adults"], child_ages=data["child_ages"], rooms=data["rooms"],
            markup_pct=data["markup_pct"], client_reference=data["client_reference"])
    except MarketplaceError as exc:
        return _refused(request, itinerary, exc, settings_form=form)
    return _changed(request, itinerary)


def _day_number(itinerary: Itinerary, number: int) -> int:
    if not 1 <= number <= itinerary.day_count:
        raise Http404
    return number


@builder_view
@require_http_methods(["GET", "POST"])
def stop_add(request, itinerary: Itinerary, number: int):
    """GET: the discovery search for that day (its date, the party, near the previous stop),
    with each experience's slots that have room. POST ``slot_id``: add that slot."""
    number = _day_number(itinerary, number)
    if request.method == "POST":
        try:
            stop_services.stop_add_slot(itinerary=itinerary, day_number=number,
                                        slot_id=_int(request.POST.get("slot_id")))
        except MarketplaceError as exc:
            return _refused(request, itinerary, exc)
        return _changed(request, itinerary)
    locale = Locale.objects.filter(language_code=translation.get_language()).first() \
        or Locale.get_default()
    day_date = itinerary_services.itinerary_day_date(itinerary, number)
    candidates = stop_candidates(itinerary=itinerary, day_number=number, date=day_date,
                                 params=request.GET, locale=locale)
    context = {"itinerary": itinerary, "number": number, "date": day_date,
               "candidates": candidates, "search": candidates.search,
               "form": candidates.search.filterset.form,
               "pages": list(candidates.search.page.object_list)
               if candidates.search.page is not None else []}
    template = "itineraries/_add_stop.html" if request.htmx else "itineraries/add_stop.html"
    status = 400 if candidates.search.errors else 200
    return render(request, template, context, status=status)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise MarketplaceError(_("Choose a date to add.")) from None


@builder_view
@require_POST
def item_add(request, itinerary: Itinerary, number: int):
    """A free item on that day: transfer, meal or note."""
    number = _day_number(itinerary, number)
    form = FreeItemForm(request.POST, auto_id=f"day{number}-item-%s")
    if not form.is_valid():
        return _builder(request, itinerary, status=400, item_form=form, item_day=number,
                        error=_("Check the item's fields."))
    data = form.cleaned_data
    town = data["town"]
    try:
        stop_services.stop_add_item(
            itinerary=itinerary, day_number=number, kind=data["kind"], title=data["title"],
            starts_at=form.starts_at(itinerary_services.itinerary_day_date(itinerary, number)),
            duration_min=data["duration_min"], cost_cents=data["cost_eur"],
            lat=town.point.lat if town else None, lon=town.point.lon if town else None,
            place_name=town.name if town else "", note=data["note"])
    except MarketplaceError as exc:
        return _refused(request, itinerary, exc, item_form=form, item_day=number)
    return _changed(request, itinerary)


def _stop(itinerary: Itinerary, stop_id: int) -> Stop:
    return get_object_or_404(Stop.objects.select_related("day", "day__itinerary"),
                             pk=stop_id, day__itinerary=itinerary)


@builder_view
@require_POST
def stop_move(request, itinerary: Itinerary, stop_id: int):
    """Drag and drop (``position``, ``day``) or the keyboard's buttons (``direction``: up,
    down, previous-day, next-day)."""
    stop = _stop(itinerary, stop_id)
    position, day = stop.position, stop.day.number
    direction = request.POST.get("direction", "")
    try:
        if direction == "up":
            position -= 1
        elif direction == "down":
            position += 1
        elif direction in ("previous-day", "next-day"):
            day += -1 if direction == "previous-day" else 1
            position = 10_000  # the end of that day; the times put it in its place
        elif direction:
            raise MarketplaceError(_("Move a stop up, down, or to the previous or next day."))
        else:
            position = _int_field(request.POST.get("position"), _("position"))
            day = _int_field(request.POST.get("day", day), _("day"))
        stop_services.stop_move(stop=stop, position=max(0, position), day_number=day)
    except MarketplaceError as exc:
        return _refused(request, itinerary, exc)
    return _changed(request, itinerary)


def _int_field(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise MarketplaceError(_("The %(name)s is a whole number.") % {"name": name}) from None


@builder_view
@require_POST
def stop_remove(request, itinerary: Itinerary, stop_id: int):
    try:
        stop_services.stop_remove(stop=_stop(itinerary, stop_id))
    except MarketplaceError as exc:
        return _refused(request, itinerary, exc)
    return _changed(request, itinerary)


@builder_view
@require_POST
def stop_replace(request, itinerary: Itinerary, stop_id: int):
    """Put a substitute (``slot_id``) in place of a stop that could not be held."""
    try:
        stop_services.stop_replace(stop=_stop(itinerary, stop_id),
                                   slot_id=_int(request.POST.get("slot_id")))
    except MarketplaceError as exc:
        return _refused(request, itinerary, exc)
    return redirect("itineraries:book", itinerary.pk)


# SECTION: exports (the operator's), proposal, share links, duplicate


def _proposal(itinerary: Itinerary, show_contacts: bool = False):
    return itinerary_proposal(itinerary, language=translation.get_language(),
                              show_contacts=show_contacts)


def _download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _slug(itinerary: Itinerary) -> str:
    from django.utils.text import slugify

    return slugify(itinerary.title) or f"itinerary-{itinerary.pk}"


def _exports(itinerary: Itinerary, kind: str, proposal):
    name = _slug(itinerary)
    if kind == "pdf":
        return _download(proposal_pdf(proposal), "application/pdf", f"{name}.pdf")
    if kind == "ics":
        return _download(itinerary_ical(proposal), "text/calendar; charset=utf-8", f"{name}.ics")
    if kind == "gpx":
        return _download(itinerary_gpx(proposal), "application/gpx+xml", f"{name}.gpx")
    response = JsonResponse(itinerary_geojson(proposal))
    response["Content-Type"] = "application/geo+json"
    return response


@builder_view
@require_GET
def export_pdf(request, itinerary: Itinerary):
    return _exports(itinerary, "pdf", _proposal(itinerary))


@builder_view
@require_GET
def export_ics(request, itinerary: Itinerary):
    return _exports(itinerary, "ics", _proposal(itinerary))


@builder_view
@require_GET
def export_gpx(request, itinerary: Itinerary):
    return _exports(itinerary, "gpx", _proposal(itinerary))


@builder_view
@require_GET
def export_geojson(request, itinerary: Itinerary):
    return _exports(itinerary, "geojson", _proposal(itinerary))


@builder_view
@require_POST
def itinerary_propose(request, itinerary: Itinerary):
    """Lock the prices and make a share link for the client."""
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _builder(request, itinerary, status=400, error=_("Check the link's fields."))
    try:
        proposal_services.itinerary_propose(itinerary=itinerary, by=request.user)
        proposal_services.share_link_create(
            itinerary=itinerary, by=request.user, days=form.cleaned_data["days"],
            show_contacts=form.cleaned_data["show_contacts"])
    except MarketplaceError as exc:
        return _refused(request, itinerary, exc)
    return _shared_now(request, itinerary)


def _shared_now(request, itinerary: Itinerary):
    messages.success(request, _("Proposal sent: share its link (below) with the client."))
    return redirect("itineraries:builder", itinerary.pk)


@builder_view
@require_POST
def share_create(request, itinerary: Itinerary):
    """Another link to the same proposal (e.g. after one was revoked)."""
    form = ShareForm(request.POST)
    if not form.is_valid():
        return _builder(request, itinerary, status=400, error=_("Check the link's fields."))
    try:
        proposal_services.share_link_create(
            itinerary=itinerary, by=request.user, days=form.cleaned_data["days"],
            show_contacts=form.cleaned_data["show_contacts"])
    except MarketplaceError as exc:
        return _refused(request, itinerary, exc)
    return _shared_now(request, itinerary)


@builder_view
@require_POST
def share_revoke(request, itinerary: Itinerary, link_id: int):
    link = get_object_or_404(ShareLink, pk=link_id, itinerary=itinerary)
    proposal_services.share_link_revoke(link=link)
    return _changed(request, itinerary)


@builder_view
@require_POST
def itinerary_duplicate(request, itinerary: Itinerary):
    """A draft copy to start from (a template)."""
    copy = proposal_services.itinerary_duplicate(itinerary=itinerary, by=request.user,
                                                 title=request.POST.get("title", ""))
    messages.success(request, _("This is a copy of “%(title)s”.") % {"title": itinerary.title})
    return redirect("itineraries:builder", copy.pk)


# SECTION: booking the whole itinerary


@builder_view
@require_http_methods(["GET", "POST"])
def itinerary_book(request, itinerary: Itinerary):
    """GET: what will be booked, how to pay. POST ``payment`` (card, account): one order for
    every stop and night; when one cannot be held nothing is, and substitutes are listed."""
    context = {"itinerary": itinerary, "costing": itinerary_costing(itinerary),
               "plan": itinerary_plan(itinerary), "failures": []}
    if itinerary.operator_id is None:
        context["error"] = _("The cluster's sample trips are booked by tourists, not here.")
        return render(request, "itineraries/book.html", context, status=400)
    if request.method == "GET":
        return render(request, "itineraries/book.html", context)
    payment = request.POST.get("payment", "card")
    try:
        result = booking_services.itinerary_book(itinerary=itinerary, user=request.user,
                                                 payment=payment)
    except MarketplaceError as exc:
        context["error"] = exc.message
        return render(request, "itineraries/book.html", context, status=exc.status_code)
    if result.failures:
        context["failures"] = result.failures
        context["error"] = _("Nothing was booked: these stops cannot be held. Replace them "
                             "and book again.")
        return render(request, "itineraries/book.html", context, status=409)
    order = result.order
    if payment == "card":
        url = reverse("marketplace:checkout", args=[order.reference])
        return redirect(f"{url}?{urlencode({'token': order.access_token})}")
    messages.success(request, _("Booked as order %(reference)s, on account.") % {
        "reference": order.reference})
    return redirect("itineraries:builder", itinerary.pk)


# SECTION: the client's proposal page (a share link's token)


def _shared(token: str) -> ShareLink:
    link = proposal_services.share_link_usable(token=token)
    if link is None:
        raise Http404
    return link


@require_http_methods(["GET", "POST"])
def proposal_page(request, token: str):
    """The proposal as the client reads it: route map, days, photos, price per person."""
    link = _shared(token)
    itinerary = link.itinerary
    form = AcceptForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal_services.proposal_accept(link=link, name=form.cleaned_data["name"])
            except MarketplaceError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                return redirect("itineraries:proposal", token)
        else:
            status = 400
        itinerary.refresh_from_db()
    proposal = _proposal(itinerary, show_contacts=link.show_contacts)
    return render(request, "itineraries/proposal.html", {
        "link": link, "itinerary": itinerary, "proposal": proposal, "form": form,
        "route": itinerary_geojson(proposal)}, status=status)


def _shared_export(kind: str):
    @require_GET
    def view(request, token: str):
        link = _shared(token)
        return _exports(link.itinerary, kind,
                        _proposal(link.itinerary, show_contacts=link.show_contacts))

    view.__name__ = f"proposal_{kind}"
    view.__doc__ = f"The proposal as {kind}, for whoever holds the link."
    return view


proposal_pdf_download = _shared_export("pdf")
proposal_ics = _shared_export("ics")
proposal_gpx = _shared_export("gpx")
proposal_geojson = _shared_export("geojson")
