"""Reads for the booking pages: a buyer's orders and bookings, a supplier's manifest, requests,
next bookings and balance, which providers a user may act for, and the signed links that let a
supplier answer a request from an email.

Amounts are integer cents; times are aware (UTC stored) and shown in ``LOCAL_TZ``.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.bookings.models import Booking, Order
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.policies import CancellationPolicy
from marketplace.catalogue.selectors.experiences import supplier_can_see, user_suppliers  # noqa: F401
from marketplace.core.dates import LOCAL_TZ, local_days_bounds
from marketplace.core.errors import BookingLinkInvalid
from marketplace.core.money import ROUND_FLOOR, percent_of_cents

# Bookings a buyer may still cancel (before the start); held bookings are unpaid and simply expire.
CANCELLABLE = (Booking.Status.CONFIRMED, Booking.Status.REQUESTED, Booking.Status.ACCEPTED)
# Bookings that appear on a supplier's manifest: the people who will (or did) turn up.
ON_MANIFEST = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED, Booking.Status.NO_SHOW)
BOOKING_ACTIONS = ("accept", "decline")


# SECTION: a buyer's orders


def order_for_token(*, reference: str, token: str) -> Order | None:
    """The order with ``reference`` if ``token`` is its access token (compared in constant
    time), else None: a guest's key to the order is the link in the email."""
    order = Order.objects.filter(reference=reference).first()
    if order is None or not token or not secrets.compare_digest(order.access_token, token):
        return None
    return order


def order_bookings(*, order: Order) -> list[Booking]:
    """The bookings of an order in start order, with what the pages show (slot, experience,
    supplier, lines) fetched in three queries."""
    return list(order.bookings.select_related("slot", "experience", "provider")
                .prefetch_related("lines").order_by("slot__starts_at", "pk"))


def booking_policy(*, booking: Booking) -> CancellationPolicy:
    """The cancellation policy as it was when the booking was booked (its snapshot)."""
    return CancellationPolicy(kind=booking.policy_kind, hours_before=booking.policy_hours_before,
                              refund_pct=booking.policy_refund_pct)


def booking_is_cancellable(*, booking: Booking, now: datetime) -> bool:
    """Whether the buyer may still cancel the booking: paid or requested, and not yet started."""
    return booking.status in CANCELLABLE and booking.slot.starts_at > now


def experience_in_language(*, experience, language: str):
    """The live translation of an experience in ``language`` (title, meeting point as the
    buyer reads them), else the experience itself."""
    return experiences_in_language(experiences=[experience], language=language)[experience.pk]


def experiences_in_language(*, experiences, language: str) -> dict:
    """``experience_in_language`` for many experiences, by id, in one query: each one's live
    translation in ``language``, else the experience itself."""
    others = {page.translation_key for page in experiences
              if page.locale.language_code != language}
    found = {}
    if others:
        found = {page.translation_key: page for page in ExperiencePage.objects.live().filter(
            translation_key__in=others, locale__language_code=language)
            .select_related("locale")}
    return {page.pk: page if page.locale.language_code == language
            else found.get(page.translation_key, page) for page in experiences}


@dataclass(frozen=True)
class BookingRow:
    """One booking of an order as the buyer's page shows it (amounts formatted for people)."""

    booking: Booking
    title: str
    starts_local: datetime
    ends_local: datetime
    price: str
    policy_text: str
    cancellable: bool
    refund_now_cents: int
    refund_now: str
    refunded: str
    has_voucher: bool


def order_booking_rows(*, order: Order, language: str,
                       now: datetime | None = None) -> list[BookingRow]:
    """The bookings of an order with the experience's title in ``language``, local times, the
    policy in words, whether each can be cancelled and the refund (cents) a cancellation now
    would give, as the booking services compute it."""
    from marketplace.core.money import money_format

    now = now or timezone.now()
    bookings = []
    for booking in order_bookings(order=order):
        cancellable = booking_is_cancellable(booking=booking, now=now)
        refund_now = booking_refund_cents(booking=booking, now=now) if cancellable else 0
        bookings.append(BookingRow(
            booking=booking,
            title=experience_in_language(experience=booking.experience, language=language).title,
            starts_local=booking.slot.starts_at.astimezone(LOCAL_TZ),
            ends_local=booking.slot.ends_at.astimezone(LOCAL_TZ),
            price=money_format(amount_cents=booking.price_cents, currency=booking.currency),
            policy_text=booking_policy(booking=booking).describe(),
            cancellable=cancellable,
            refund_now_cents=refund_now,
            refund_now=money_format(amount_cents=refund_now, currency=booking.currency),
            refunded=money_format(amount_cents=booking.refund_cents, currency=booking.currency),
            has_voucher=booking.status in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED),
        ))
    return bookings


def user_orders(*, user, limit: int = 50) -> list[Order]:
    """A signed-in buyer's orders, newest first (at most ``limit``), with their bookings in two
    more queries."""
    return list(Order.objects.filter(user=user)
                .prefetch_related("bookings__experience", "bookings__slot")
                .order_by("-created_at")[:limit])


# SECTION: who may act for which supplier


def supplier_manifest(*, provider: ProviderPage, day: date) -> list[Booking]:
    """The confirmed (or completed, or no-show) bookings of a provider starting on a local day,
    by start time then experience, with order, slot, experience and lines fetched at once."""
    start, end = local_days_bounds(day)
    return list(Booking.objects.filter(
        provider=provider, status__in=ON_MANIFEST,
        slot__starts_at__gte=start, slot__starts_at__lt=end)
        .select_related("order", "slot", "experience").prefetch_related("lines")
        .order_by("slot__starts_at", "experience__title", "pk"))


def supplier_pending_requests(*, provider: ProviderPage, limit: int = 20) -> list[Booking]:
    """On-request bookings waiting for the provider's answer, nearest deadline first."""
    return list(Booking.objects.filter(provider=provider, status=Booking.Status.REQUESTED)
                .select_related("order", "slot", "experience").prefetch_related("lines")
                .order_by("respond_by", "pk")[:limit])


def supplier_upcoming_bookings(*, provider: ProviderPage, now: datetime | None = None,
                               limit: int = 10) -> list[Booking]:
    """The provider's next confirmed bookings (not yet started), soonest first."""
    now = now or timezone.now()
    return list(Booking.objects.filter(provider=provider, status=Booking.Status.CONFIRMED,
                                       slot__starts_at__gte=now)
                .select_related("order", "slot", "experience")
                .order_by("slot__starts_at", "pk")[:limit])


def supplier_booking(*, provider_ids, booking_id: int) -> Booking | None:
    """A booking of one of ``provider_ids``, or None (another supplier's is never returned)."""
    return (Booking.objects.filter(pk=booking_id, provider_id__in=provider_ids)
            .select_related("order", "slot", "experience", "provider").first())


def booking_for_voucher(*, code: str, provider_ids) -> Booking | None:
    """The booking with this voucher code among ``provider_ids``' (case and spaces ignored),
    or None."""
    code = "".join(code.split()).upper()
    if not code:
        return None
    return (Booking.objects.filter(voucher_code=code, provider_id__in=provider_ids)
            .select_related("order", "slot", "experience", "provider")
            .prefetch_related("lines").first())


# SECTION: signed links for answering a request


def _signer(action: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"marketplace.booking.{action}")


def booking_action_token(*, booking: Booking, action: str) -> str:
    """A token for ``action`` ("accept" or "decline") on this booking, valid until its
    ``respond_by`` (which the token carries, so a later change cannot extend it)."""
    if action not in BOOKING_ACTIONS:
        raise ValueError(f"Unknown booking action {action!r}")
    # Whole seconds, rounded up: the link is good until the deadline itself.
    deadline = math.ceil(booking.respond_by.timestamp()) if booking.respond_by else 0
    return _signer(action).sign(f"{booking.pk}.{deadline}")


def booking_for_action_token(*, token: str, action: str,
                             now: datetime | None = None) -> Booking:
    """The booking a signed link is for. Raises BookingLinkInvalid when the token was not made
    for this action, was altered, or its deadline has passed."""
    now = now or timezone.now()
    if action not in BOOKING_ACTIONS:
        raise BookingLinkInvalid(_("This link is not valid."))
    try:
        value = _signer(action).unsign(token or "")
        booking_id, deadline = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError) as exc:
        raise BookingLinkInvalid(_("This link is not valid: it may have been cut or "
                                   "changed. Open the request from your dashboard.")) from exc
    if not deadline or now.timestamp() > deadline:
        raise BookingLinkInvalid(_("This link has expired: the time to answer the request "
                                   "has passed."))
    booking = (Booking.objects.filter(pk=booking_id)
               .select_related("order", "slot", "experience", "provider")
               .prefetch_related("lines").first())
    if booking is None:
        raise BookingLinkInvalid(_("This booking no longer exists."))
    return booking


def booking_refund_cents(*, booking: Booking, now: datetime | None = None) -> int:
    """What the buyer gets back if they cancel ``booking`` at ``now``: the policy it was sold
    under, as a whole number of cents rounded down (never more than the price)."""
    now = now or timezone.now()
    if booking.status in (Booking.Status.REQUESTED, Booking.Status.ACCEPTED):
        return booking.price_cents  # not confirmed yet: everything back
    if booking.status != Booking.Status.CONFIRMED:
        return 0
    policy = CancellationPolicy(kind=booking.policy_kind,
                                hours_before=booking.policy_hours_before,
                                refund_pct=booking.policy_refund_pct)
    hours = (booking.slot.starts_at - now).total_seconds() / 3600
    return percent_of_cents(amount_cents=booking.price_cents, rounding=ROUND_FLOOR,
                            pct=policy.refund_pct_at(hours_before_start=hours))


def requests_late(*, now: datetime) -> list[Booking]:
    """Requests still waiting for their supplier after their deadline (``respond_by``)."""
    return list(Booking.objects.filter(status=Booking.Status.REQUESTED, respond_by__lte=now))
