"""Middleware of the site."""

from django.middleware.locale import LocaleMiddleware


class SiteLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except that paths outside the language prefixes (the API,
    the admin, the health check, files) answer their own 404 instead of a redirect to
    ``/it/…``: Wagtail's catch-all page route makes every prefixed path look valid."""

    UNPREFIXED = ("/api/", "/admin/", "/django-admin/", "/documents/", "/healthz", "/static/",
                  "/media/", "/i18n/")

    def process_response(self, request, response):
        if request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)
