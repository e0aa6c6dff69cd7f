"""Wagtail admin wiring of the cluster: the managers' "Cluster" menu and the URLs of its
members, agreements and events screens (cluster managers and superusers only)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from cluster.agreements import admin as agreements
from cluster.events import admin as events
from cluster.indicators import admin as indicators  # noqa: F401  (its hooks: the managers' home)
from cluster.lab import admin as lab  # noqa: F401  (its hooks: the SME's gaps and the lab)
from cluster.matchmaking import admin as matchmaking  # noqa: F401  (its hooks: the B2B screens)
from cluster.members import admin as members
from cluster.partners import admin as partners  # noqa: F401  (its hooks: the SME's panel)
from marketplace.core.roles import user_is_cluster_manager


class ClusterManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return user_is_cluster_manager(request.user)


class ClusterMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return user_is_cluster_manager(request.user)


@hooks.register("register_admin_urls")
def register_cluster_admin_urls():
    return [
        path("cluster/members/", members.member_index, name="cluster_member_index"),
        path("cluster/members/sync/", members.member_sync, name="cluster_member_sync"),
        path("cluster/members/<int:pk>/<str:action>/", members.member_step,
             name="cluster_member_step"),
        path("cluster/agreements/", agreements.agreement_index, name="cluster_agreement_index"),
        path("cluster/agreements/add/", agreements.agreement_add, name="cluster_agreement_add"),
        path("cluster/agreements/<int:pk>/", agreements.agreement_edit,
             name="cluster_agreement_edit"),
        path("cluster/agreements/<int:pk>/sign/", agreements.agreement_sign,
             name="cluster_agreement_sign"),
        path("cluster/agreements/<int:pk>/end/", agreements.agreement_end,
             name="cluster_agreement_end"),
        path("cluster/agreements/<int:pk>/withdraw/", agreements.agreement_withdraw,
             name="cluster_agreement_withdraw"),
        path("cluster/agreements/<int:pk>/document/", agreements.agreement_document,
             name="cluster_agreement_document"),
        path("cluster/events/", events.event_index, name="cluster_event_index"),
        path("cluster/events/add/", events.event_add, name="cluster_event_add"),
        path("cluster/events/<int:pk>/", events.event_detail, name="cluster_event_detail"),
        path("cluster/events/<int:pk>/edit/", events.event_edit, name="cluster_event_edit"),
        path("cluster/events/<int:pk>/cancel/", events.event_cancel,
             name="cluster_event_cancel"),
        path("cluster/events/<int:pk>/held/", events.event_mark_held, name="cluster_event_held"),
        path("cluster/events/<int:pk>/register/", events.event_register,
             name="cluster_event_register"),
        path("cluster/events/<int:pk>/materials/", events.event_material_add,
             name="cluster_event_material_add"),
        path("cluster/registrations/<int:pk>/cancel/", events.registration_cancel,
             name="cluster_registration_cancel"),
        path("cluster/registrations/<int:pk>/qr.png", events.registration_qr,
             name="cluster_registration_qr"),
        path("cluster/registrations/<int:pk>/badge.pdf", events.registration_badge,
             name="cluster_registration_badge"),
        path("cluster/check-in/", events.checkin, name="cluster_event_checkin"),
    ]


@hooks.register("register_admin_menu_item")
def register_cluster_menu():
    return ClusterMenu(_("Cluster"), Menu(items=[
        ClusterManagerMenuItem(_("Members"), reverse("cluster_member_index"),
                               icon_name="group", order=50),
        ClusterManagerMenuItem(_("Agreements"), reverse("cluster_agreement_index"),
                               icon_name="doc-full", order=100),
        ClusterManagerMenuItem(_("Events"), reverse("cluster_event_index"),
                               icon_name="date", order=200),
        ClusterManagerMenuItem(_("Event check-in"), reverse("cluster_event_checkin"),
                               icon_name="tick", order=300),
        ClusterManagerMenuItem(_("B2B matchmaking"), reverse("cluster_b2b_index"),
                               icon_name="group", order=400),
    ]), name="cluster", icon_name="group", order=230)
