"""The trip being put together: bookings a buyer adds one by one and then books in one order.

It lives in the buyer's session (guests too) as plain values — slot id, places per price
option, note — and holds nothing: places are taken when the order is placed.
"""

from __future__ import annotations

from dataclasses import dataclass

SESSION_KEY = "marketplace_trip"
MAX_LEGS = 30  # services.bookings.MAX_BOOKINGS_PER_ORDER


@dataclass(frozen=True)
class CartItem:
    slot_id: int
    quantities: dict[int, int]
    note: str = ""


def cart_items(session) -> list[CartItem]:
    """The bookings in the session's trip, oldest first (unreadable entries are dropped)."""
    items = []
    for raw in session.get(SESSION_KEY, []):
        try:
            items.append(CartItem(slot_id=int(raw["slot_id"]),
                                  quantities={int(k): int(v)
                                              for k, v in raw["quantities"].items()},
                                  note=str(raw.get("note", ""))))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
    return items


def _save(session, items: list[CartItem]) -> None:
    session[SESSION_KEY] = [{"slot_id": item.slot_id,
                             "quantities": {str(k): v for k, v in item.quantities.items()},
                             "note": item.note} for item in items]


def cart_add(session, *, item: CartItem) -> bool:
    """Add a booking (the same slot again replaces it); False when the trip is full."""
    items = [i for i in cart_items(session) if i.slot_id != item.slot_id]
    if len(items) >= MAX_LEGS:
        return False
    _save(session, [*items, item])
    return True


def cart_remove(session, *, slot_id: int) -> None:
    _save(session, [i for i in cart_items(session) if i.slot_id != slot_id])


def cart_clear(session) -> None:
    session.pop(SESSION_KEY, None)
