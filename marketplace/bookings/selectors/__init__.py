"""The bookings' reads: orders and their bookings, suppliers' manifests and requests, signed
links, refunds due now; quotes (what a booking costs now) and the cart priced."""

from marketplace.bookings.selectors.bookings import (
    BOOKING_ACTIONS,
    CANCELLABLE,
    ON_MANIFEST,
    BookingLinkInvalid,
    BookingRow,
    booking_action_token,
    booking_for_action_token,
    booking_for_voucher,
    booking_is_cancellable,
    booking_policy,
    booking_refund_cents,
    experience_in_language,
    experiences_in_language,
    order_booking_rows,
    order_bookings,
    order_for_token,
    requests_late,
    supplier_booking,
    supplier_can_see,
    supplier_manifest,
    supplier_pending_requests,
    supplier_upcoming_bookings,
    user_orders,
    user_suppliers,
)
from marketplace.bookings.selectors.quotes import (
    BookingQuote,
    BookingRequest,
    CartLine,
    booking_priced,
    booking_quote,
    booking_quotes,
    cart_lines,
    slot_bookable_check,
)

__all__ = [
    "BOOKING_ACTIONS", "CANCELLABLE", "ON_MANIFEST", "BookingLinkInvalid", "BookingQuote",
    "BookingRequest", "BookingRow", "CartLine", "booking_action_token",
    "booking_for_action_token", "booking_for_voucher", "booking_is_cancellable",
    "booking_policy", "booking_priced", "booking_quote", "booking_quotes",
    "booking_refund_cents", "cart_lines", "experience_in_language", "experiences_in_language",
    "order_booking_rows", "order_bookings", "order_for_token", "supplier_booking",
    "supplier_manifest", "supplier_pending_requests", "supplier_upcoming_bookings",
    "requests_late", "slot_bookable_check", "supplier_can_see", "user_suppliers", "user_orders",
]
