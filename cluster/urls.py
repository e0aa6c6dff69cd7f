"""The cluster's public pages (under the language prefix)."""

from django.urls import path

from cluster.cooperation import views as cooperation_views
from cluster.events import views as event_views
from cluster.matchmaking import views as matchmaking_views
from cluster.members import views as member_views

app_name = "cluster"

urlpatterns = [
    path("cluster/members/", member_views.member_list, name="member_list"),
    path("cluster/members/map.geojson", member_views.members_geojson, name="members_geojson"),
    path("cluster/members/<int:pk>/", member_views.member_detail, name="member_detail"),
    path("cluster/members/<int:pk>/edit/", member_views.member_edit, name="member_edit"),
    path("cluster/join/", member_views.join, name="join"),
    path("cluster/join/thanks/", member_views.join_thanks, name="join_thanks"),
    path("cluster/b2b/<int:event_id>/", matchmaking_views.participant_page,
         name="b2b_participant"),
    path("cluster/b2b/<int:event_id>/profile/", matchmaking_views.profile_set,
         name="b2b_profile"),
    path("cluster/b2b/<int:event_id>/requests/", matchmaking_views.meeting_request_create,
         name="b2b_request_create"),
    path("cluster/b2b/<int:event_id>/requests/<int:request_id>/answer/",
         matchmaking_views.meeting_request_answer, name="b2b_request_answer"),
    path("cluster/b2b/<int:event_id>/blocked/", matchmaking_views.blocked_slots_set,
         name="b2b_blocked"),
    path("cluster/b2b/<int:event_id>/schedule.pdf", matchmaking_views.schedule_pdf,
         name="b2b_schedule_pdf"),
    path("cluster/cooperation/", cooperation_views.post_list, name="post_list"),
    path("cluster/cooperation/new/", cooperation_views.post_new, name="post_new"),
    path("cluster/cooperation/<int:pk>/", cooperation_views.post_detail, name="post_detail"),
    path("cluster/cooperation/<int:pk>/close/", cooperation_views.post_close_view,
         name="post_close"),
    path("cluster/events/", event_views.event_list, name="event_list"),
    path("cluster/events/<int:pk>/", event_views.event_detail, name="event_detail"),
    path("cluster/events/<int:pk>/cancel/", event_views.event_cancel_registration,
         name="event_cancel"),
    path("cluster/events/<int:pk>/feedback/", event_views.event_feedback,
         name="event_feedback"),
    path("cluster/events/<int:pk>/badge.pdf", event_views.event_badge, name="event_badge"),
]
