"""The events' public pages: the upcoming events, and an event where the users of an active
member register their company, see its QR code and badge, cancel, and give feedback after
attending. Views parse, call one service or selector, and shape the output; a service's error
becomes the form's error with its status."""

import base64

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cluster.events.documents import (
    registration_badge_filename,
    registration_badge_pdf,
    registration_qr_png,
)
from cluster.events.forms import CancelForm, FeedbackForm, RegistrationForm
from cluster.events.models import Event, Registration
from cluster.events.selectors import (
    event_public_get,
    event_upcoming,
    user_event_members,
    user_event_registrations,
)
from cluster.events.services import feedback_give, registration_cancel, registration_create
from marketplace.core.errors import MarketplaceError, form_error_add


@require_GET
def event_list(request):
    """The upcoming events (not cancelled), soonest first, with the places left."""
    return render(request, "cluster/events/event_list.html", {"events": event_upcoming()})


def _event_or_404(pk: int) -> Event:
    try:
        return event_public_get(pk=pk)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def _registration_rows(registrations: list[Registration], feedback_form=None) -> list[dict]:
    """Each of the user's registrations with its QR code (a data URI) and, once it attended
    and gave none yet, a feedback form."""
    rows = []
    for registration in registrations:
        qr = base64.b64encode(registration_qr_png(registration=registration)).decode()
        may_rate = (registration.attended_at is not None
                    and not hasattr(registration, "feedback"))
        form = None
        if may_rate:
            form = feedback_form or FeedbackForm(members=[registration.member],
                                                 initial={"member": registration.member_id})
        rows.append({"registration": registration, "qr": f"data:image/png;base64,{qr}",
                     "feedback_form": form})
    return rows


def _detail(request, event: Event, *, form=None, feedback_form=None, error: str = "",
            status: int = 200):
    members = user_event_members(user=request.user)
    registrations = user_event_registrations(event=event, user=request.user)
    registered = {r.member_id for r in registrations}
    unregistered = [m for m in members if m.pk not in registered]
    if form is None and unregistered and event.status == Event.Status.SCHEDULED:
        form = RegistrationForm(members=unregistered)
    return render(request, "cluster/events/event_detail.html", {
        "event": event, "form": form, "has_members": bool(members), "error": error,
        "rows": _registration_rows(registrations, feedback_form),
    }, status=status)


@require_http_methods(["GET", "POST"])
def event_detail(request, pk: int):
    """An event for anyone; the users of an active member register their company (POST) and
    see their own registrations only."""
    event = _event_or_404(pk)
    if request.method == "GET":
        return _detail(request, event)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    members = user_event_members(user=request.user)
    if not members:
        return render(request, "cluster/events/event_detail.html", {
            "event": event, "error": _("Only the users of an active member of the cluster can "
                                       "register a company.")}, status=403)
    form = RegistrationForm(request.POST, members=members)
    if not form.is_valid():
        return _detail(request, event, form=form, status=400)
    member = next(m for m in members if m.pk == form.cleaned_data["member"])
    try:
        registration_create(event=event, member=member, by=request.user,
                            attendees=form.cleaned_data["attendees"])
    except MarketplaceError as exc:
        return _detail(request, event, form=form, status=form_error_add(form, exc))
    messages.success(request, _("%(name)s is registered.") % {"name": member.name})
    return redirect("cluster:event_detail", pk=event.pk)


def _own_registration(request, event: Event, form_class, **kwargs):
    """The form bound to the POST and the user's registration it names, or None."""
    registrations = user_event_registrations(event=event, user=request.user)
    form = form_class(request.POST, members=[r.member for r in registrations], **kwargs)
    if not registrations:
        raise Http404
    if not form.is_valid():
        return form, None
    return form, next(r for r in registrations if r.member_id == form.cleaned_data["member"])


@require_POST
def event_cancel_registration(request, pk: int):
    """The users of a registered member cancel its registration; others get 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _event_or_404(pk)
    form, registration = _own_registration(request, event, CancelForm)
    if registration is None:
        return _detail(request, event, error=_("Choose the registration to cancel."),
                       status=400)
    try:
        registration_cancel(registration=registration)
    except MarketplaceError as exc:
        return _detail(request, event, error=exc.message, status=exc.status_code)
    messages.success(request, _("The registration of %(name)s is cancelled.")
                     % {"name": registration.member.name})
    return redirect("cluster:event_detail", pk=event.pk)


@require_POST
def event_feedback(request, pk: int):
    """The users of a member that came to the event rate it (1 to 5) and comment, once."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = _event_or_404(pk)
    form, registration = _own_registration(request, event, FeedbackForm)
    if registration is None:
        return _detail(request, event, feedback_form=form, status=400)
    try:
        feedback_give(registration=registration, rating=form.cleaned_data["rating"],
                      comment=form.cleaned_data["comment"])
    except MarketplaceError as exc:
        # the form is not shown again once feedback is given, or before attending
        return _detail(request, event, feedback_form=form, error=exc.message,
                       status=exc.status_code)
    messages.success(request, _("Thank you for your feedback."))
    return redirect("cluster:event_detail", pk=event.pk)


@require_GET
def event_badge(request, pk: int):
    """The badge (PDF) of the user's own registration to the event (``?member=`` when the
    user acts for several registered companies); 404 for anyone else."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registrations = user_event_registrations(event=_event_or_404(pk), user=request.user)
    wanted = request.GET.get("member", "")
    registration = next((r for r in registrations
                         if not wanted or str(r.member_id) == wanted), None)
    if registration is None:
        raise Http404
    response = HttpResponse(registration_badge_pdf(registration=registration),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{registration_badge_filename(registration=registration)}"')
    return response
