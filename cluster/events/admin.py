"""Wagtail admin screens of the events, for cluster managers only: the list with filters, new
and changed events, an event's page (registrations with attendance and feedback, registering
a company, materials, cancelling, marking it held), a registration's QR code and badge, and
the door check-in screen (type the token or scan the QR code). ``cluster.wagtail_hooks``
registers the URLs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cluster.events import services
from cluster.events.documents import (
    registration_badge_filename,
    registration_badge_pdf,
    registration_qr_png,
)
from cluster.events.models import Event, Registration
from cluster.events.selectors import (
    WHEN_FILTERS,
    event_list,
    event_registrations,
    registration_for_token,
)
from cluster.members.models import Member
from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.core.roles import cluster_manager_required

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Event.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts"), widget=WHEN)
    ends_at = forms.DateTimeField(label=gettext_lazy("Ends"), widget=WHEN)
    place_name = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    lat = forms.FloatField(label=gettext_lazy("Latitude"), required=False)
    lon = forms.FloatField(label=gettext_lazy("Longitude"), required=False)
    capacity = forms.IntegerField(label=gettext_lazy("Companies at most"), required=False,
                                  min_value=1, help_text=gettext_lazy("Empty: no limit."))


class RegisterForm(forms.Form):
    member = forms.ModelChoiceField(label=gettext_lazy("Company"),
                                    queryset=Member.objects.order_by("name"))
    attendees = forms.CharField(label=gettext_lazy("Who comes"), max_length=300,
                                required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    file = forms.FileField(label=gettext_lazy("File"))


def _event_form_initial(event: Event) -> dict:
    return {name: getattr(event, name) for name in EventForm.base_fields}


@cluster_manager_required
@require_GET
def event_index(request):
    """The events, filtered by ``?kind=``, ``?status=`` and ``?when=upcoming|past``."""
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    when = request.GET.get("when", "")
    return TemplateResponse(request, "cluster/admin/event_index.html", {
        "events": event_list(kind=kind, status=status, when=when),
        "kinds": Event.Kind.choices, "statuses": Event.Status.choices,
        "whens": [("upcoming", _("Upcoming")), ("past", _("Past"))],
        "kind": kind, "status": status, "when": when if when in WHEN_FILTERS else "",
    })


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def event_add(request):
    form = EventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                event = services.event_create(**form.cleaned_data)
            except MarketplaceError as exc:
                status = form_error_add(form, exc)
            else:
                messages.success(request, _("Event “%(title)s” scheduled.")
                                 % {"title": event.title})
                return redirect("cluster_event_detail", pk=event.pk)
    return TemplateResponse(request, "cluster/admin/event_form.html",
                            {"form": form, "event": None}, status=status)


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    form = EventForm(request.POST or None, initial=_event_form_initial(event))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.event_update(event=event, **form.cleaned_data)
            except MarketplaceError as exc:
                status = form_error_add(form, exc)
            else:
                messages.success(request, _("Event saved."))
                return redirect("cluster_event_detail", pk=pk)
    return TemplateResponse(request, "cluster/admin/event_form.html",
                            {"form": form, "event": event}, status=status)


def _detail(request, event: Event, *, status: int = 200, register_form=None,
            material_form=None):
    registrations = event_registrations(event=event)
    return TemplateResponse(request, "cluster/admin/event_detail.html", {
        "event": event, "registrations": registrations,
        "registered": sum(r.status == Registration.Status.REGISTERED for r in registrations),
        "attended": sum(r.attended_at is not None for r in registrations),
        "materials": event.materials.select_related("document").order_by("title"),
        "register_form": register_form or RegisterForm(),
        "material_form": material_form or MaterialForm(),
    }, status=status)


@cluster_manager_required
@require_GET
def event_detail(request, pk: int):
    """An event with its registrations (attendance, feedback), materials and actions."""
    return _detail(request, get_object_or_404(Event, pk=pk))


def _action(request, pk: int, action, done: str):
    event = get_object_or_404(Event, pk=pk)
    try:
        action(event=event)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return _detail(request, event, status=exc.status_code)
    messages.success(request, done)
    return redirect("cluster_event_detail", pk=pk)


@cluster_manager_required
@require_POST
def event_cancel(request, pk: int):
    return _action(request, pk, services.event_cancel, _("Event cancelled."))


@cluster_manager_required
@require_POST
def event_mark_held(request, pk: int):
    return _action(request, pk, services.event_mark_held, _("Event marked as held."))


@cluster_manager_required
@require_POST
def event_register(request, pk: int):
    """Register a company (``registration_create``), by the manager."""
    event = get_object_or_404(Event, pk=pk)
    form = RegisterForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, register_form=form, status=400)
    try:
        registration = services.registration_create(
            event=event, member=form.cleaned_data["member"], by=request.user,
            attendees=form.cleaned_data["attendees"])
    except MarketplaceError as exc:
        return _detail(request, event, register_form=form, status=form_error_add(form, exc))
    messages.success(request, _("%(name)s registered.") % {"name": registration.member.name})
    return redirect("cluster_event_detail", pk=pk)


@cluster_manager_required
@require_POST
def event_material_add(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, event, material_form=form, status=400)
    try:
        services.material_add(event=event, title=form.cleaned_data["title"],
                              file=form.cleaned_data["file"], by=request.user)
    except MarketplaceError as exc:
        return _detail(request, event, material_form=form, status=form_error_add(form, exc))
    messages.success(request, _("Material added."))
    return redirect("cluster_event_detail", pk=pk)


@cluster_manager_required
@require_POST
def registration_cancel(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    try:
        services.registration_cancel(registration=registration)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return _detail(request, registration.event, status=exc.status_code)
    messages.success(request, _("Registration cancelled."))
    return redirect("cluster_event_detail", pk=registration.event_id)


@cluster_manager_required
@require_GET
def registration_qr(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    return HttpResponse(registration_qr_png(registration=registration), content_type="image/png")


@cluster_manager_required
@require_GET
def registration_badge(request, pk: int):
    registration = get_object_or_404(Registration.objects.select_related("event", "member"),
                                     pk=pk)
    response = HttpResponse(registration_badge_pdf(registration=registration),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{registration_badge_filename(registration=registration)}"')
    return response


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    """The door: type the token or scan the QR code (which opens this page with the token
    filled in); POST marks the company present, a second time changes nothing."""
    token = (request.POST.get("token") or request.GET.get("token") or "").strip()
    context = {"token": token, "registration": None, "error": "", "already": False}
    status = 200
    if request.method == "POST":
        try:
            result = services.attendance_check_in(token=token)
        except MarketplaceError as exc:
            context["error"], status = exc.message, exc.status_code
        else:
            registration = result.registration
            if result.already:
                messages.warning(request, _("%(name)s was checked in already.")
                                 % {"name": registration.member.name})
            else:
                messages.success(request, _("%(name)s checked in.")
                                 % {"name": registration.member.name})
            return redirect(f"{reverse('cluster_event_checkin')}?token={registration.token}")
    elif token:
        context["registration"] = registration_for_token(
            token=services.token_from_scan(token))
        if context["registration"] is None:
            context["error"] = _("No registration has this code. Check it, or scan the QR "
                                 "code again.")
            status = 404
    return TemplateResponse(request, "cluster/admin/event_checkin.html", context,
                            status=status)
