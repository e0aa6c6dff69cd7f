"""The marketplace's domain errors. Each carries a message that can be shown to the user."""


class MarketplaceError(Exception):
    """Base class: a user-caused problem, shown as a 4xx with its message."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class OutsideClusterAreas(MarketplaceError):
    """A point is not in Puglia, Molise, Albania or Montenegro."""


class InvalidPrices(MarketplaceError):
    """Price options overlap, miss a size, or have a price that is not allowed."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors), field="price_options")
        self.errors = errors


class InvalidSchedule(MarketplaceError):
    """A weekly pattern or an exception cannot be read."""


class ApplicationNotPending(MarketplaceError):
    """The application has already been approved or rejected."""

    status_code = 409


class DuplicateProvider(MarketplaceError):
    """A provider with this VAT or registration number already exists."""

    status_code = 409


class SoldOut(MarketplaceError):
    """Not enough places left on a slot (or on the resource it shares)."""

    status_code = 409


class BookingNotAllowed(MarketplaceError):
    """The slot cannot be booked: past the cut-off, not live, no contract for an operator…"""

    status_code = 409


class InvalidQuantities(MarketplaceError):
    """The places asked for do not fit the experience's prices or group size."""


class BookingStateError(MarketplaceError):
    """The booking is not in a state that allows this (already answered, cancelled…)."""

    status_code = 409
