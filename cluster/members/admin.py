"""Wagtail admin screens of the members, for cluster managers only: the list with filters
(status, kind, country, name or number), each member's lifecycle steps (activate, suspend,
mark as left, reinstate) and the sync with the marketplace's supplier pages and operators.
``cluster.wagtail_hooks`` registers the URLs."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cluster.members import services
from cluster.members.models import Member
from marketplace.core.errors import MarketplaceError
from marketplace.core.roles import cluster_manager_required

# Each lifecycle step: its service, its button and its message. Which statuses a step starts
# from is the services' own table, so that a button is shown only where the step is allowed.
ACTIONS = {
    "activate": (services.member_activate, gettext_lazy("Activate"),
                 gettext_lazy("%(name)s is active.")),
    "suspend": (services.member_suspend, gettext_lazy("Suspend"),
                gettext_lazy("%(name)s is suspended.")),
    "leave": (services.member_leave, gettext_lazy("Mark as left"),
              gettext_lazy("%(name)s has left the cluster.")),
    "reinstate": (services.member_reinstate, gettext_lazy("Reinstate"),
                  gettext_lazy("%(name)s is active again.")),
}


def _steps_allowed(member: Member) -> list[tuple[str, str]]:
    """``(action, button label)`` of each step the member's status allows."""
    return [(name, label) for name, (_service, label, _done) in ACTIONS.items()
            if member.status in services._STEPS[name][0]]


def _members(*, status: str, kind: str, country: str, query: str) -> QuerySet:
    """The members matching the filters (unknown values filter nothing), by name."""
    members = Member.objects.order_by("name", "pk")
    if status in Member.Status.values:
        members = members.filter(status=status)
    if kind in Member.Kind.values:
        members = members.filter(kind=kind)
    if country:
        members = members.filter(country=country.upper())
    if query:
        members = members.filter(Q(name__icontains=query) | Q(vat_number__icontains=query)
                                 | Q(town__icontains=query))
    return members


def _index(request, *, status_code: int = 200):
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    country = request.GET.get("country", "").strip().upper()
    query = request.GET.get("q", "").strip()
    members = _members(status=status, kind=kind, country=country, query=query)
    rows = [(member, _steps_allowed(member)) for member in members]
    return TemplateResponse(request, "cluster/admin/member_index.html", {
        "rows": rows, "statuses": Member.Status.choices, "kinds": Member.Kind.choices,
        "countries": Member.objects.order_by("country").values_list("country", flat=True)
        .distinct(),
        "status": status, "kind": kind, "country": country, "q": query,
    }, status=status_code)


@cluster_manager_required
@require_GET
def member_index(request):
    """The members, filtered by ``?status=``, ``?kind=``, ``?country=`` and ``?q=`` (name,
    VAT or registration number, town), with the steps each one's status allows."""
    return _index(request)


@cluster_manager_required
@require_POST
def member_step(request, pk: int, action: str):
    """One lifecycle step (``activate``, ``suspend``, ``leave``, ``reinstate``) through its
    service; a step the member's status does not allow is shown with its 409."""
    if action not in ACTIONS:
        raise Http404(_("No such step."))
    member = get_object_or_404(Member, pk=pk)
    service, _label, done = ACTIONS[action]
    try:
        member = service(member=member)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return _index(request, status_code=exc.status_code)
    messages.success(request, done % {"name": member.name})
    return _back(request)


@cluster_manager_required
@require_POST
def member_sync(request):
    """Run ``members_sync``: a member for every live supplier page and approved operator."""
    changed = services.members_sync()
    messages.success(request, _("Sync done: %(count)d member(s) created or changed.")
                     % {"count": changed})
    return _back(request)


def _back(request):
    """The list, with the filters it was shown with (the forms carry them in the URL)."""
    filters = request.GET.urlencode()
    return redirect(reverse("cluster_member_index") + (f"?{filters}" if filters else ""))
