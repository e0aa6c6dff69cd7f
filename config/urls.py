"""URL wiring: admin, health check, then the locale-prefixed site served by Wagtail."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from marketplace.catalogue.admin.tenancy import narrowed_admin_urls
from marketplace.payments import views as payment_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(narrowed_admin_urls())),  # before Wagtail's own: they shadow them
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # REST API v1, its OpenAPI schema and docs page (no language prefix).
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("marketplace.catalogue.api.urls")),
    # Stripe's webhooks (no language prefix, no CSRF: the signature is checked).
    path("payments/stripe/webhook/", payment_views.stripe_webhook, name="stripe_webhook"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("marketplace.urls")),
    path("", include("itineraries.urls")),
    path("", include("cluster.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
