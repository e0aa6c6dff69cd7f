"""Wiring: Django imports an app's models from here, so every domain's models are loaded.

Code of the project imports models from their domain (``marketplace.catalogue.models``,
``marketplace.bookings.models``...), never from this module.
"""

from marketplace.bookings import models as bookings  # noqa: F401
from marketplace.catalogue import models as catalogue  # noqa: F401
from marketplace.onboarding import models as onboarding  # noqa: F401
from marketplace.operators import models as operators  # noqa: F401
from marketplace.payments import models as payments  # noqa: F401
