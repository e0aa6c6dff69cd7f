"""Local development: debug on, the public development key, emails printed to the console."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# No Stripe account: localstripe has no Connect, so payout runs use the labelled simulator.
CONNECT_SIMULATOR = env_bool("CONNECT_SIMULATOR", not os.environ.get("STRIPE_SECRET_KEY"))
