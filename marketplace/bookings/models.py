"""Orders and their bookings (one booking each: one slot of one supplier).

States (DESIGN.md): ``held`` (expires) → ``confirmed`` when paid; on request: ``requested`` →
``accepted`` / ``declined`` (deadline) → ``confirmed`` when paid; ``cancelled`` (refund per the
policy snapshot), ``completed``, ``no_show``; ``expired`` for holds never paid. Amounts are
integer cents of ``currency``; times are aware.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.choices import BookingStatus, CancellationKind, Currency

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_reference(length: int = 8) -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


def new_order_reference() -> str:
    return "IT-" + new_reference()


def new_voucher_code() -> str:
    return new_reference(10)


class Order(models.Model):
    """What one buyer (a tourist, signed in or a guest with an email, or an operator's agent)
    books and pays at once: one PaymentIntent per order."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being filled")
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    reference = models.CharField(_("reference"), max_length=16, unique=True,
                                 default=new_order_reference)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="orders")
    operator = models.ForeignKey("marketplace.Operator", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="orders")
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=8, default="it")
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.EUR)
    total_cents = models.PositiveIntegerField(_("total (cents)"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.OPEN)
    access_token = models.CharField(max_length=43, unique=True,
                                    default=secrets.token_urlsafe, editable=False,
                                    help_text=_("Lets a guest open the order from the email."))
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="order_status_idx")]

    def __str__(self) -> str:
        return self.reference


class Booking(models.Model):
    """One booking of an order: places on one slot of one supplier's experience."""

    Status = BookingStatus

    # Places a booking in these states takes on its slot.
    HOLDING = (Status.HELD, Status.REQUESTED, Status.ACCEPTED)
    TAKING = (Status.CONFIRMED, Status.COMPLETED, Status.NO_SHOW)

    class CancelledBy(models.TextChoices):
        BUYER = "buyer", _("The buyer")
        SUPPLIER = "supplier", _("The supplier")
        SYSTEM = "system", _("The platform")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey("marketplace.Slot", on_delete=models.PROTECT,
                             related_name="bookings")
    experience = models.ForeignKey("marketplace.ExperiencePage", on_delete=models.PROTECT,
                                   related_name="bookings")
    provider = models.ForeignKey("marketplace.ProviderPage", on_delete=models.PROTECT,
                                 related_name="bookings", verbose_name=_("supplier"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    places = models.PositiveSmallIntegerField(_("places"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    price_cents = models.PositiveIntegerField(_("price (cents)"),
                                              help_text=_("What the buyer pays for this leg."))
    retail_cents = models.PositiveIntegerField(_("retail price (cents)"))
    contract = models.ForeignKey("marketplace.Contract", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="bookings")
    # The policy as it was when booked (the page may change later).
    policy_kind = models.CharField(max_length=16, choices=CancellationKind.choices)
    policy_hours_before = models.PositiveSmallIntegerField(default=24)
    policy_refund_pct = models.PositiveSmallIntegerField(default=100)
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True)
    respond_by = models.DateTimeField(_("supplier answers by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=8, choices=CancelledBy.choices, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)
    refund_cents = models.PositiveIntegerField(_("refunded (cents)"), default=0)
    voucher_code = models.CharField(_("voucher code"), max_length=12, unique=True,
                                    default=new_voucher_code)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    note = models.TextField(_("note to the supplier"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking")
        ordering = ["slot__starts_at"]
        indexes = [
            models.Index(fields=["status", "hold_expires_at"], name="booking_hold_idx"),
            models.Index(fields=["status", "respond_by"], name="booking_request_idx"),
            models.Index(fields=["provider", "status"], name="booking_provider_idx"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(places__gte=1),
                                              name="booking_places_positive")]

    def __str__(self) -> str:
        return f"{self.order.reference}/{self.pk}"


class BookingLine(models.Model):
    """A priced line of a booking: so many adults, children, a boat, two nights…"""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="lines")
    label = models.CharField(_("label"), max_length=60)
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    unit_price_cents = models.PositiveIntegerField(_("unit price (cents)"))
    total_cents = models.PositiveIntegerField(_("total (cents)"))

    class Meta:
        verbose_name = _("booking line")
