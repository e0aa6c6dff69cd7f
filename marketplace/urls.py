from django.urls import path

from . import views

app_name = "marketplace"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_thanks, name="join_thanks"),
    path("experiences/map.geojson", views.experiences_geojson, name="experiences_geojson"),
]
