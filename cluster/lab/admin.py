"""The SME's dashboard panel "Close these gaps": its listings' gaps with the lab's modules
that close them, "Mark as done" on each, and its readiness; on the managers' home, the lab's
progress by company. Registered from ``cluster/wagtail_hooks.py``.

An SME sees the panel for its own provider (``user_suppliers``); cluster managers, who act for
every provider, do not get it on their home page but may mark a module done for any member.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.components import Component

from cluster.lab.models import LabModulePage
from cluster.lab.selectors import (
    company_checks,
    company_gaps,
    lab_progress,
    member_completions,
    readiness_of,
)
from cluster.lab.services import module_complete, readiness_gain_record
from cluster.members.models import Member
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.selectors.experiences import user_suppliers
from marketplace.core.roles import user_is_cluster_manager


class LabPanel(Component):
    """On the SME's admin home: its readiness and its gaps, each with the module pages that
    close it and whether the company has done them."""

    name = "cluster_lab"
    order = 55
    template_name = "cluster/lab/lab_panel.html"

    def __init__(self, provider: ProviderPage):
        self.provider = provider

    def get_context_data(self, parent_context):
        member = Member.objects.filter(provider=self.provider).first()
        checks = company_checks(provider=self.provider)
        done = member_completions(member=member)
        gaps = company_gaps(provider=self.provider, checks=checks)
        return {
            "csrf_token": parent_context.get("csrf_token"),
            "provider": self.provider,
            "member": member,
            "readiness": readiness_of(checks),
            "rows": [(gap, [(m, done.get(m.translation_key)) for m in gap.modules])
                     for gap in gaps],
        }


class LabProgressPanel(Component):
    """On the cluster managers' admin home: each company's modules done and readiness gain."""

    name = "cluster_lab_progress"
    order = 160
    template_name = "cluster/lab/progress_panel.html"

    def get_context_data(self, parent_context):
        return {"rows": lab_progress()}


@hooks.register("construct_homepage_panels")
def lab_panel_add(request, panels):
    if user_is_cluster_manager(request.user):
        panels.append(LabProgressPanel())
        return
    provider = user_suppliers(user=request.user).first()
    if provider is not None:
        panels.append(LabPanel(provider))


@require_POST
def module_done_view(request, provider_pk: int):
    """Mark the posted ``module`` as done for the member of the user's own provider
    ``provider_pk`` (its readiness then recorded); marking it again records the readiness
    now as the module's result. Back to the dashboard with the outcome."""
    provider = user_suppliers(user=request.user).filter(pk=provider_pk).first()
    if provider is None:
        raise Http404(_("You do not act for this supplier."))
    member = Member.objects.filter(provider=provider).first()
    module = LabModulePage.objects.live().filter(pk=_int(request.POST.get("module"))).first()
    if member is None:
        messages.error(request, _("Join the cluster to record the modules you have done."))
    elif module is None:
        messages.error(request, _("Choose a module of the digital lab."))
    else:
        completion, created = module_complete(member=member, module=module, by=request.user)
        if created:
            messages.success(request, _("“%(title)s” is done: your readiness was %(pct)d%%.")
                             % {"title": module.title, "pct": completion.readiness_before})
        else:
            readiness_gain_record(member=member, module=module)
            completion.refresh_from_db()
            messages.success(request, _("“%(title)s”: your readiness went from %(before)d%% "
                                        "to %(after)d%%.") % {
                "title": module.title, "before": completion.readiness_before,
                "after": completion.readiness_after})
    return redirect("wagtailadmin_home")


def _int(text) -> int | None:
    return int(text) if str(text or "").isdigit() else None


@hooks.register("register_admin_urls")
def register_lab_admin_urls():
    return [
        path("cluster/lab/<int:provider_pk>/done/", module_done_view,
             name="cluster_lab_module_done"),
    ]
