"""The supplier's dashboard: its best partners with their bundle and next bookable dates, and
saving a bundle as a draft trip. Registered from ``cluster/wagtail_hooks.py``.

An SME sees the panel for its own provider (``user_suppliers``); cluster managers, who act for
every provider, do not get it on their home page but may save a bundle for any provider.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.components import Component

from cluster.partners.selectors import partner_suggestions
from cluster.partners.services import bundle_draft_save
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.selectors.experiences import user_suppliers
from marketplace.core.errors import MarketplaceError
from marketplace.core.roles import user_is_cluster_manager

DATES_SHOWN = 5


class PartnersPanel(Component):
    """On the SME's admin home: the top partners, each with its reasons in words, its bundle,
    the bundle's next bookable dates and a button to save it as a draft trip."""

    name = "cluster_partners"
    order = 60
    template_name = "cluster/partners/partners_panel.html"

    def __init__(self, provider: ProviderPage):
        self.provider = provider

    def get_context_data(self, parent_context):
        suggestions = partner_suggestions(provider=self.provider)
        return {
            "csrf_token": parent_context.get("csrf_token"),
            "provider": self.provider,
            "rows": [(s, s.bundle.dates[:DATES_SHOWN] if s.bundle else ()) for s in suggestions],
        }


@hooks.register("construct_homepage_panels")
def partners_panel_add(request, panels):
    if user_is_cluster_manager(request.user):
        return
    provider = user_suppliers(user=request.user).first()
    if provider is not None:
        panels.append(PartnersPanel(provider))


@require_POST
def bundle_draft_save_view(request, provider_pk: int):
    """Save the posted bundle (``partner``, ``experience`` ids, ``day``) of the user's own
    provider ``provider_pk`` as a draft trip; back to the dashboard with the outcome."""
    provider = user_suppliers(user=request.user).filter(pk=provider_pk).first()
    if provider is None:
        raise Http404(_("You do not act for this supplier."))
    partner = ProviderPage.objects.live().filter(pk=_int(request.POST.get("partner"))).first()
    try:
        day = parse_date(request.POST.get("day", ""))
    except ValueError:
        day = None
    experiences = [pk for pk in map(_int, request.POST.getlist("experience")) if pk]
    try:
        if partner is None or day is None:
            raise MarketplaceError(_("Choose a partner and a date."))
        itinerary = bundle_draft_save(provider=provider, partner=partner,
                                      experiences=experiences, day=day, by=request.user)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(title)s” on %(day)s is saved as a draft trip.") % {
            "title": itinerary.title, "day": day.isoformat()})
    return redirect("wagtailadmin_home")


def _int(text) -> int | None:
    return int(text) if str(text or "").isdigit() else None


@hooks.register("register_admin_urls")
def register_partners_admin_urls():
    return [
        path("cluster/partners/<int:provider_pk>/drafts/", bundle_draft_save_view,
             name="cluster_partners_draft_save"),
    ]
