"""Wagtail admin screens of B2B matchmaking, for cluster managers only: the B2B events, and
for one event its setup (meeting slots and tables), the scheduler's run (time limit; meetings
scheduled, the bound, the solver's status), publication, moving or cancelling a meeting, the
statistics and each table's PDF. The URLs are registered by this module's hook (imported by
``cluster.wagtail_hooks``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks

from cluster.events.models import Event
from cluster.matchmaking import services
from cluster.matchmaking.documents import table_schedule_filename, table_schedule_pdf
from cluster.matchmaking.models import Meeting, MeetingSlot, MeetingTable
from cluster.matchmaking.selectors import matchmaking_statistics, meeting_schedule_get
from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.core.roles import cluster_manager_required

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SlotsForm(forms.Form):
    starts_at = forms.DateTimeField(label=gettext_lazy("First slot starts"), widget=WHEN)
    minutes = forms.IntegerField(label=gettext_lazy("Minutes each"), min_value=5,
                                 max_value=240, initial=20)
    count = forms.IntegerField(label=gettext_lazy("Number of slots"), min_value=1,
                               max_value=60, initial=8)


class TablesForm(forms.Form):
    count = forms.IntegerField(label=gettext_lazy("Number of tables"), min_value=1,
                               max_value=100, initial=10)


class RunForm(forms.Form):
    time_limit_s = forms.FloatField(label=gettext_lazy("Time limit (seconds)"), min_value=1,
                                    max_value=120, initial=10)


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=gettext_lazy("Slot"),
                                  queryset=MeetingSlot.objects.none())
    table = forms.ModelChoiceField(label=gettext_lazy("Table"), required=False,
                                   queryset=MeetingTable.objects.none(),
                                   help_text=gettext_lazy("Empty: the first free table."))

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = MeetingSlot.objects.filter(event=event)
        self.fields["table"].queryset = MeetingTable.objects.filter(event=event)


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason (told to both companies)"),
                             max_length=500, required=False)


def _b2b_event(event_id: int) -> Event:
    return get_object_or_404(Event, pk=event_id, kind=Event.Kind.B2B)


@cluster_manager_required
@require_GET
def b2b_index(request):
    """The B2B events, each with a link to its matchmaking screen."""
    return TemplateResponse(request, "cluster/matchmaking/admin_index.html", {
        "events": Event.objects.filter(kind=Event.Kind.B2B).order_by("-starts_at")[:200]})


def _detail(request, event: Event, *, status: int = 200, **forms_):
    meetings = (Meeting.objects.filter(event=event).select_related(
        "slot", "table", "request__from_registration__member",
        "request__to_registration__member").order_by("slot__starts_at", "table_id"))
    return TemplateResponse(request, "cluster/matchmaking/admin_event.html", {
        "event": event,
        "slots": MeetingSlot.objects.filter(event=event).order_by("starts_at"),
        "tables": MeetingTable.objects.filter(event=event).order_by("pk"),
        "schedule": meeting_schedule_get(event=event),
        "statistics": matchmaking_statistics(event=event),
        "meetings": meetings,
        "slots_form": forms_.get("slots_form") or SlotsForm(),
        "tables_form": forms_.get("tables_form") or TablesForm(),
        "run_form": forms_.get("run_form") or RunForm(),
        "move_form": forms_.get("move_form") or MoveForm(event=event),
        "cancel_form": forms_.get("cancel_form") or CancelForm(),
        "failed_meeting_id": forms_.get("meeting_id"),
    }, status=status)


@cluster_manager_required
@require_GET
def b2b_event(request, event_id: int):
    """A B2B event's matchmaking: setup, run, publication, meetings, statistics."""
    return _detail(request, _b2b_event(event_id))


def _form_action(request, event: Event, form, name: str, action, done):
    """Validate ``form``, call ``action(cleaned_data)``; on failure show the screen with the
    form's messages (400, or the domain error's status)."""
    if not form.is_valid():
        return _detail(request, event, status=400, **{name: form})
    try:
        result = action(form.cleaned_data)
    except MarketplaceError as exc:
        return _detail(request, event, status=form_error_add(form, exc), **{name: form})
    messages.success(request, done(result))
    return redirect("cluster_b2b_event", event_id=event.pk)


@cluster_manager_required
@require_POST
def b2b_slots_create(request, event_id: int):
    event = _b2b_event(event_id)
    return _form_action(
        request, event, SlotsForm(request.POST), "slots_form",
        lambda data: services.meeting_slots_create(event=event, **data),
        lambda slots: _("%(count)d slots added.") % {"count": len(slots)})


@cluster_manager_required
@require_POST
def b2b_tables_add(request, event_id: int):
    event = _b2b_event(event_id)
    return _form_action(
        request, event, TablesForm(request.POST), "tables_form",
        lambda data: services.meeting_tables_add(event=event, **data),
        lambda tables: _("%(count)d tables added.") % {"count": len(tables)})


@cluster_manager_required
@require_POST
def b2b_run(request, event_id: int):
    """Run the scheduler (within the time limit asked) and say how it went."""
    event = _b2b_event(event_id)
    return _form_action(
        request, event, RunForm(request.POST), "run_form",
        lambda data: services.schedule_run(event=event, time_limit_s=data["time_limit_s"]),
        lambda result: _("%(scheduled)d of %(requests)d accepted requests scheduled (at most "
                         "%(bound)d possible; %(status)s, %(seconds).1f s).") % {
            "scheduled": result.scheduled, "requests": result.requests,
            "bound": result.upper_bound, "status": result.status,
            "seconds": result.seconds})


@cluster_manager_required
@require_POST
def b2b_publish(request, event_id: int):
    event = _b2b_event(event_id)
    try:
        services.schedule_publish(event=event)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return _detail(request, event, status=exc.status_code)
    messages.success(request, _("Schedule published: the companies have been emailed."))
    return redirect("cluster_b2b_event", event_id=event.pk)


@cluster_manager_required
@require_POST
def b2b_meeting_move(request, meeting_id: int):
    meeting = get_object_or_404(Meeting.objects.select_related("event"), pk=meeting_id)
    event = meeting.event
    form = MoveForm(request.POST, event=event)
    if not form.is_valid():
        return _detail(request, event, status=400, move_form=form, meeting_id=meeting_id)
    try:
        services.meeting_move(meeting=meeting, **form.cleaned_data)
    except MarketplaceError as exc:
        return _detail(request, event, status=form_error_add(form, exc), move_form=form,
                       meeting_id=meeting_id)
    messages.success(request, _("Meeting moved."))
    return redirect("cluster_b2b_event", event_id=event.pk)


@cluster_manager_required
@require_POST
def b2b_meeting_cancel(request, meeting_id: int):
    meeting = get_object_or_404(Meeting.objects.select_related("event"), pk=meeting_id)
    event = meeting.event
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, status=400, cancel_form=form, meeting_id=meeting_id)
    services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"])
    messages.success(request, _("Meeting cancelled."))
    return redirect("cluster_b2b_event", event_id=event.pk)


@cluster_manager_required
@require_GET
def b2b_table_pdf(request, table_id: int):
    """The meetings at one table, as a PDF to leave on it."""
    table = get_object_or_404(MeetingTable.objects.select_related("event"), pk=table_id)
    response = HttpResponse(table_schedule_pdf(table=table), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{table_schedule_filename(table=table)}"')
    return response


@hooks.register("register_admin_urls")
def register_matchmaking_admin_urls():
    return [
        path("cluster/b2b/", b2b_index, name="cluster_b2b_index"),
        path("cluster/b2b/<int:event_id>/", b2b_event, name="cluster_b2b_event"),
        path("cluster/b2b/<int:event_id>/slots/", b2b_slots_create,
             name="cluster_b2b_slots_create"),
        path("cluster/b2b/<int:event_id>/tables/", b2b_tables_add,
             name="cluster_b2b_tables_add"),
        path("cluster/b2b/<int:event_id>/run/", b2b_run, name="cluster_b2b_run"),
        path("cluster/b2b/<int:event_id>/publish/", b2b_publish, name="cluster_b2b_publish"),
        path("cluster/b2b/meetings/<int:meeting_id>/move/", b2b_meeting_move,
             name="cluster_b2b_meeting_move"),
        path("cluster/b2b/meetings/<int:meeting_id>/cancel/", b2b_meeting_cancel,
             name="cluster_b2b_meeting_cancel"),
        path("cluster/b2b/tables/<int:table_id>/schedule.pdf", b2b_table_pdf,
             name="cluster_b2b_table_pdf"),
    ]
