"""The participants' pages of a B2B event (signed-in users of a registered company): the
other companies with their profiles and a form to ask each for a meeting, the company's own
profile, the requests it received (to accept or decline) and sent, its blocked slots, and
after publication its schedule and PDF. Anyone else gets 404 (a visitor who is not signed
in is asked to sign in); input that cannot be read gives 400 with its messages."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cluster.events.models import Event, Registration
from cluster.matchmaking import services
from cluster.matchmaking.documents import (
    participant_schedule_filename,
    participant_schedule_pdf,
)
from cluster.matchmaking.forms import (
    BlockedSlotsForm,
    MatchProfileForm,
    MeetingAnswerForm,
    MeetingRequestForm,
)
from cluster.matchmaking.models import BlockedSlot, MatchProfile, MeetingRequest
from cluster.matchmaking.selectors import meeting_schedule_get, participant_schedule
from marketplace.core.errors import MarketplaceError, form_error_add


def participant_required(view):
    """Give the view the signed-in user's registration to the B2B event (``event_id``): a
    company of theirs that is registered. Others get 404, visitors the sign-in page."""
    @wraps(view)
    def wrapped(request, event_id: int, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        registration = (Registration.objects.select_related("event", "member")
                        .filter(event_id=event_id, event__kind=Event.Kind.B2B,
                                status=Registration.Status.REGISTERED,
                                member__users=request.user).order_by("pk").first())
        if registration is None:
            raise Http404
        return view(request, registration, *args, **kwargs)

    return wrapped


def _page(request, registration: Registration, *, status: int = 200, **forms):
    """The participant's page, with the bound form that failed (``forms``) when there is one."""
    mine = registration.pk
    others = list(Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.REGISTERED)
        .exclude(pk=mine).select_related("member", "match_profile").order_by("member__name"))
    requests = MeetingRequest.objects.filter(Q(from_registration_id=mine)
                                             | Q(to_registration_id=mine)).select_related(
        "from_registration__member", "to_registration__member").order_by("created_at", "pk")
    asked = {r.to_registration_id if r.from_registration_id == mine else r.from_registration_id
             for r in requests}
    profile = MatchProfile.objects.filter(registration=registration).first()
    schedule = meeting_schedule_get(event=registration.event)
    published = bool(schedule and schedule.is_published)
    blocked = list(BlockedSlot.objects.filter(registration=registration)
                   .values_list("slot_id", flat=True))
    return render(request, "cluster/matchmaking/participant.html", {
        "event": registration.event, "registration": registration,
        "participants": [(other, getattr(other, "match_profile", None), other.pk in asked)
                         for other in others],
        "received": [r for r in requests if r.to_registration_id == mine],
        "sent": [r for r in requests if r.from_registration_id == mine],
        "profile_form": forms.get("profile_form") or MatchProfileForm(initial={
            "offers": profile.offers if profile else "",
            "looks_for": profile.looks_for if profile else ""}),
        "request_form": forms.get("request_form") or MeetingRequestForm(
            registration=registration),
        "answer_form": forms.get("answer_form") or MeetingAnswerForm(),
        "answer_request_id": forms.get("answer_request_id"),
        "blocked_form": forms.get("blocked_form") or BlockedSlotsForm(
            registration=registration, initial={"slots": blocked}),
        "published": published,
        "meetings": participant_schedule(registration=registration) if published else [],
    }, status=status)


@require_GET
@participant_required
def participant_page(request, registration: Registration):
    """The company's page at the B2B event."""
    return _page(request, registration)


def _done(request, registration: Registration, text: str):
    messages.success(request, text)
    return redirect("cluster:b2b_participant", event_id=registration.event_id)


@require_POST
@participant_required
def profile_set(request, registration: Registration):
    form = MatchProfileForm(request.POST)
    if not form.is_valid():
        return _page(request, registration, profile_form=form, status=400)
    try:
        services.match_profile_set(registration=registration, **form.cleaned_data)
    except MarketplaceError as exc:
        return _page(request, registration, profile_form=form,
                     status=form_error_add(form, exc))
    return _done(request, registration, _("Your profile has been saved."))


@require_POST
@participant_required
def meeting_request_create(request, registration: Registration):
    form = MeetingRequestForm(request.POST, registration=registration)
    if not form.is_valid():
        return _page(request, registration, request_form=form, status=400)
    data = form.cleaned_data
    try:
        services.meeting_request_create(
            from_registration=registration, to_registration=data["to"],
            message=data["message"], preferred_slots=data["preferred_slots"])
    except MarketplaceError as exc:
        return _page(request, registration, request_form=form,
                     status=form_error_add(form, exc))
    return _done(request, registration, _("Your request has been sent to %(company)s.")
                 % {"company": data["to"].member.name})


@require_POST
@participant_required
def meeting_request_answer(request, registration: Registration, request_id: int):
    """Accept or decline a request the company received (anyone else's: 404)."""
    meeting_request = get_object_or_404(MeetingRequest, pk=request_id,
                                        to_registration=registration)
    form = MeetingAnswerForm(request.POST)
    context = {"answer_form": form, "answer_request_id": request_id}
    if not form.is_valid():
        return _page(request, registration, status=400, **context)
    answer = (services.meeting_request_accept if form.cleaned_data["decision"] == "accept"
              else services.meeting_request_decline)
    try:
        answer(request=meeting_request, message=form.cleaned_data["message"])
    except MarketplaceError as exc:
        return _page(request, registration, status=form_error_add(form, exc), **context)
    return _done(request, registration, _("Your answer has been sent."))


@require_POST
@participant_required
def blocked_slots_set(request, registration: Registration):
    form = BlockedSlotsForm(request.POST, registration=registration)
    if not form.is_valid():
        return _page(request, registration, blocked_form=form, status=400)
    try:
        services.blocked_slots_set(registration=registration, slots=form.cleaned_data["slots"])
    except MarketplaceError as exc:
        return _page(request, registration, blocked_form=form,
                     status=form_error_add(form, exc))
    return _done(request, registration, _("Your blocked slots have been saved."))


@require_GET
@participant_required
def schedule_pdf(request, registration: Registration):
    """The company's meetings as a PDF, once the organiser has published the schedule."""
    schedule = meeting_schedule_get(event=registration.event)
    if not (schedule and schedule.is_published):
        raise Http404
    response = HttpResponse(participant_schedule_pdf(registration=registration),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{participant_schedule_filename(registration=registration)}"')
    return response
