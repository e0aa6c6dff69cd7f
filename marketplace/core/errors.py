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


class VoucherNotValid(MarketplaceError):
    """The booking exists but cannot be checked in (cancelled, already checked in…)."""

    status_code = 409


class VoucherUnknown(MarketplaceError):
    """No booking of this supplier has this voucher code."""

    status_code = 404


class PayoutRunError(MarketplaceError):
    """A payout run that cannot be created or executed as asked."""

    status_code = 409


class LedgerError(MarketplaceError):
    """A ledger write that would not add up: a refund above the sale, a booking not in euros,
    entries already paid."""

    status_code = 409


class OverlappingContract(MarketplaceError):
    """Another contract between the same supplier and operator covers some of the dates."""

    status_code = 409


class InvalidContract(MarketplaceError):
    """A contract's or an override's dates, percentages or experience are not acceptable."""


class OperatorPermissionDenied(MarketplaceError):
    """The user may not do this for the operator (not its owner, or it is not approved)."""

    status_code = 403


class OperatorNotPending(MarketplaceError):
    """The operator has already been approved or rejected."""

    status_code = 409


class InvalidInvitation(MarketplaceError):
    """An invitation link that is forged, expired, or whose operator is not approved."""

    status_code = 400


class DuplicateAccount(MarketplaceError):
    """A user with this email exists already."""

    status_code = 409


class DuplicateOperator(MarketplaceError):
    """An operator with this country and VAT number has already signed up."""

    status_code = 409


class WebhookSignatureInvalid(MarketplaceError):
    """A webhook whose signature does not match our secret, or whose body is not an event."""

    status_code = 400


class InvalidPaymentMethod(MarketplaceError):
    """The browser sent something that is not a payment method id."""


class PaymentServiceUnavailable(MarketplaceError):
    """The payment service could not be reached or failed: nothing was changed, try later."""

    status_code = 503


class PaymentFailed(MarketplaceError):
    """The payment service refused the operation: a declined card, a refund it will not make."""

    status_code = 402


class BookingLinkInvalid(MarketplaceError):
    """A signed accept/decline link that was tampered with, or whose deadline has passed."""


class ConnectError(MarketplaceError):
    """Stripe refused a Connect call, or could not be reached."""

    status_code = 502


class SepaFileError(MarketplaceError):
    """The payment file could not be built or does not validate against its schema."""

    status_code = 409


class BankAccountError(MarketplaceError):
    """An IBAN or BIC that cannot be used for a SEPA credit transfer."""


def form_error_add(form, exc: MarketplaceError) -> int:
    """Show a service's error on ``form``: on the field it names when the form has that field,
    else as a non-field error. Returns the status code the response should carry. The one way
    views and admin forms turn a domain error into form errors (the API's is its exception
    handler)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return exc.status_code
