"""The builder in the operators' area, and the client's proposal pages (a share link's token)."""

from django.urls import path

from itineraries import views

app_name = "itineraries"

BUILDER = "operators/itineraries/"
PROPOSAL = "proposals/<str:token>/"

urlpatterns = [
    path(BUILDER, views.itinerary_list, name="list"),
    path(f"{BUILDER}new/", views.itinerary_new, name="new"),
    path(f"{BUILDER}<int:itinerary_id>/", views.builder, name="builder"),
    path(f"{BUILDER}<int:itinerary_id>/settings/", views.itinerary_settings, name="settings"),
    path(f"{BUILDER}<int:itinerary_id>/days/<int:number>/add/", views.stop_add,
         name="stop_add"),
    path(f"{BUILDER}<int:itinerary_id>/days/<int:number>/items/", views.item_add,
         name="item_add"),
    path(f"{BUILDER}<int:itinerary_id>/stops/<int:stop_id>/move/", views.stop_move,
         name="stop_move"),
    path(f"{BUILDER}<int:itinerary_id>/stops/<int:stop_id>/remove/", views.stop_remove,
         name="stop_remove"),
    path(f"{BUILDER}<int:itinerary_id>/stops/<int:stop_id>/replace/", views.stop_replace,
         name="stop_replace"),
    path(f"{BUILDER}<int:itinerary_id>/proposal.pdf", views.export_pdf, name="export_pdf"),
    path(f"{BUILDER}<int:itinerary_id>/itinerary.ics", views.export_ics, name="export_ics"),
    path(f"{BUILDER}<int:itinerary_id>/route.gpx", views.export_gpx, name="export_gpx"),
    path(f"{BUILDER}<int:itinerary_id>/route.geojson", views.export_geojson,
         name="export_geojson"),
    path(f"{BUILDER}<int:itinerary_id>/propose/", views.itinerary_propose, name="propose"),
    path(f"{BUILDER}<int:itinerary_id>/share/", views.share_create, name="share_create"),
    path(f"{BUILDER}<int:itinerary_id>/share/<int:link_id>/revoke/", views.share_revoke,
         name="share_revoke"),
    path(f"{BUILDER}<int:itinerary_id>/duplicate/", views.itinerary_duplicate,
         name="duplicate"),
    path(f"{BUILDER}<int:itinerary_id>/book/", views.itinerary_book, name="book"),
    path(PROPOSAL, views.proposal_page, name="proposal"),
    path(f"{PROPOSAL}proposal.pdf", views.proposal_pdf_download, name="proposal_pdf"),
    path(f"{PROPOSAL}itinerary.ics", views.proposal_ics, name="proposal_ics"),
    path(f"{PROPOSAL}route.gpx", views.proposal_gpx, name="proposal_gpx"),
    path(f"{PROPOSAL}route.geojson", views.proposal_geojson, name="proposal_geojson"),
]
