"""Production: secrets from the environment, refuses to start when left insecure."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEVELOPMENT_SECRET_KEY, SECRET_KEY, env_bool, env_list
from .env_checks import env_bic, env_iban, env_required

DEBUG = env_bool("DJANGO_DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
# The same bar as Django's check --deploy (security.W009).
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY to a random value of at least 50 characters: "
        "production refuses the development key."
    )

env_required("DJANGO_SECRET_KEY")  # refuses .env.example's sample

# SECTION: payments
# A Stripe account's test or live keys: production never talks to the development fake
# Stripe, nor to the local Connect simulator. The SEPA debtor is the cluster's own account.
STRIPE_SECRET_KEY = env_required("STRIPE_SECRET_KEY", prefixes=("sk_", "rk_"))
STRIPE_PUBLISHABLE_KEY = env_required("STRIPE_PUBLISHABLE_KEY", prefixes=("pk_",))
STRIPE_WEBHOOK_SECRET = env_required("STRIPE_WEBHOOK_SECRET", prefixes=("whsec_",))
if env_bool("CONNECT_SIMULATOR", False):
    raise ImproperlyConfigured("CONNECT_SIMULATOR must be off in production: suppliers are "
                               "paid through Stripe Connect.")
CONNECT_SIMULATOR = False
SEPA_DEBTOR = {
    "name": env_required("SEPA_DEBTOR_NAME"),
    "iban": env_iban("SEPA_DEBTOR_IBAN"),
    "bic": env_bic("SEPA_DEBTOR_BIC"),
}

# SECTION: security

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated) in production.")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
# The site's domain and its subdomains are served over HTTPS only (check --deploy W005, W021).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# The container health check talks plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
