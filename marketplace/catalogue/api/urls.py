"""API v1 routes, mounted at ``/api/v1/`` outside the language prefixes."""

from rest_framework.routers import SimpleRouter

from marketplace.catalogue.api import views

app_name = "api-v1"

router = SimpleRouter()
router.register("experiences", views.ExperienceViewSet, basename="experience")
router.register("providers", views.ProviderViewSet, basename="provider")
router.register("sectors", views.SectorViewSet, basename="sector")

urlpatterns = router.urls
