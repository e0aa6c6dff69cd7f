"""The partners domain's errors: each carries a message that can be shown to the supplier."""

from marketplace.core.errors import MarketplaceError


class BundleNotSaved(MarketplaceError):
    """The bundle cannot be saved as a draft trip: wrong parts, or no room on the date."""
