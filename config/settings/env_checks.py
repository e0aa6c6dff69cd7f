"""Checks of the values production reads from the environment.

Each check returns the value, or raises ``ImproperlyConfigured`` with a message naming the
variable: unset, empty, one of the sample values of ``.env.example`` or a development default
of ``base.py``, or not shaped as it must be (an IBAN or a BIC checked with schwifty).
"""

import os

from django.core.exceptions import ImproperlyConfigured
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

# The values of .env.example and the development defaults of base.py: never production's.
SAMPLE_VALUES = {
    "DJANGO_SECRET_KEY": {
        "change-me-to-a-long-random-string-of-at-least-fifty-characters-please"},
    "STRIPE_SECRET_KEY": {"sk_test_change-me", "sk_test_localstripe"},
    "STRIPE_PUBLISHABLE_KEY": {"pk_test_change-me", "pk_test_localstripe"},
    "STRIPE_WEBHOOK_SECRET": {"whsec_change-me", "whsec_localstripe"},
    "SEPA_DEBTOR_NAME": {"change-me", "Innotourclust"},
    "SEPA_DEBTOR_IBAN": {"IT60X0542811101000000123456"},
    "SEPA_DEBTOR_BIC": {"BPMOIT22XXX", "BPMOIT22"},
}


def env_required(name: str, *, prefixes: tuple[str, ...] = ()) -> str:
    """The variable's value, stripped; refused when unset, a sample value, or not starting
    with one of ``prefixes`` (when given)."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name}: production refuses to start without it.")
    if value in SAMPLE_VALUES.get(name, ()) or value.replace(" ", "") in SAMPLE_VALUES.get(
            name, ()):
        raise ImproperlyConfigured(
            f"{name} is the sample value of .env.example or a development default: set the "
            "real one.")
    if prefixes and not value.startswith(prefixes):
        raise ImproperlyConfigured(f"{name} must start with {' or '.join(prefixes)}.")
    return value


def env_iban(name: str) -> str:
    """The variable as a valid IBAN (compact form), or ImproperlyConfigured naming it."""
    value = env_required(name)
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise ImproperlyConfigured(f"{name} is not a valid IBAN: {exc}.") from exc


def env_bic(name: str) -> str:
    """The variable as a valid BIC (compact form), or ImproperlyConfigured naming it."""
    value = env_required(name)
    try:
        return BIC(value).compact
    except SchwiftyException as exc:
        raise ImproperlyConfigured(f"{name} is not a valid BIC: {exc}.") from exc
