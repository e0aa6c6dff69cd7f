"""API v1 routes, mounted at ``/api/v1/`` outside the language prefixes."""

from django.urls import re_path
from rest_framework.routers import SimpleRouter

from marketplace.catalogue.api import views

app_name = "api-v1"

router = SimpleRouter()
router.register("experiences", views.ExperienceViewSet, basename="experience")
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("sectors", views.SectorViewSet, basename="sector")

urlpatterns = [
    *router.urls,
    # Anything else under /api/v1/ (an id with a dot, a path that names nothing) is the API's
    # JSON 404, not the site's page.
    re_path(r"^.*$", views.not_found),
]
