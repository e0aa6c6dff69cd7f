"""Payments (Stripe), the ledger and payouts. Amounts are integer cents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.choices import Currency


class Payment(models.Model):
    """The Stripe PaymentIntent of an order (one per order)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Cancelled")

    order = models.OneToOneField("marketplace.Order", on_delete=models.PROTECT,
                                 related_name="payment")
    intent_id = models.CharField(max_length=64, unique=True)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.EUR)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    charge_id = models.CharField(max_length=64, blank=True)
    refunded_cents = models.PositiveIntegerField(default=0)
    # One attempt per payment method the buyer submits (a new card after a decline is a new
    # attempt; the same one sent again is the same attempt): its number is in the
    # idempotency keys of that attempt's update and confirm.
    attempt = models.PositiveIntegerField(default=0)
    attempt_payment_method = models.CharField(max_length=110, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment")
        constraints = [models.CheckConstraint(
            condition=models.Q(refunded_cents__lte=models.F("amount_cents")),
            name="payment_refund_not_above_amount")]


class Refund(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    booking = models.ForeignKey("marketplace.Booking", on_delete=models.PROTECT,
                                related_name="refunds")
    stripe_id = models.CharField(max_length=64, unique=True)
    amount_cents = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)


class StripeEvent(models.Model):
    """Every webhook event, stored once by its id; ``processed_at`` once it has been applied."""

    event_id = models.CharField(max_length=64, unique=True)
    type = models.CharField(max_length=80)
    created = models.DateTimeField(help_text=_("When Stripe created the event."))
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        ordering = ["created"]


class PayoutAccount(models.Model):
    """Where a supplier is paid: a Stripe Connect account (Italy) or a SEPA bank account
    (Albania, Montenegro: Connect cannot pay out there)."""

    class Method(models.TextChoices):
        CONNECT = "connect", _("Stripe Connect transfer")
        SEPA = "sepa", _("SEPA credit transfer")

    provider = models.OneToOneField("marketplace.ProviderPage", on_delete=models.CASCADE,
                                    related_name="payout_account")
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    stripe_account_id = models.CharField(_("Stripe account"), max_length=64, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("payout account")


class PayoutRun(models.Model):
    """Paying suppliers what they are owed for bookings that ended within a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PAID = "paid", _("Paid")

    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    sepa_message_id = models.CharField(max_length=35, blank=True)
    sepa_xml = models.TextField(_("SEPA pain.001 file"), blank=True)

    class Meta:
        verbose_name = _("payout run")
        ordering = ["-period_end"]


class Payout(models.Model):
    """What one supplier gets in a run."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="payouts")
    provider = models.ForeignKey("marketplace.ProviderPage", on_delete=models.PROTECT,
                                 related_name="payouts")
    method = models.CharField(max_length=8, choices=PayoutAccount.Method.choices)
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default=Currency.EUR)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    reference = models.CharField(max_length=140, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("payout")
        constraints = [models.UniqueConstraint(fields=["run", "provider"],
                                               name="payout_one_per_provider")]


class Transfer(models.Model):
    """A Stripe Connect transfer of a payout, one per order (Stripe's transfer_group)."""

    payout = models.ForeignKey(Payout, on_delete=models.CASCADE, related_name="transfers")
    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    stripe_id = models.CharField(max_length=64, unique=True)
    amount_cents = models.PositiveIntegerField()

    # The ids the local Connect simulator gives (development without Stripe Connect).
    SIMULATED_ID_PREFIX = "tr_sim_"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["payout", "order"],
                                               name="transfer_one_per_order")]

    @property
    def is_simulated(self) -> bool:
        """Made by the local Connect simulator (development, no Stripe Connect), not by
        Stripe: its id starts with ``tr_sim_``."""
        return self.stripe_id.startswith(self.SIMULATED_ID_PREFIX)


class LedgerEntry(models.Model):
    """One movement of money for a booking booking, seen from what the platform owes its supplier:
    a sale (+), the cluster's commission (−), a refund (−), a commission given back on a
    refund (+), a payout (−). The sum of a booking's entries is what is still payable; after the
    payout of a settled booking it is zero. Entries are only added, never changed (``payout`` is
    set on the entries a payout covered)."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        COMMISSION = "commission", _("Cluster commission")
        REFUND = "refund", _("Refund")
        COMMISSION_REFUND = "commission_refund", _("Commission returned")
        PAYOUT = "payout", _("Payout")

    booking = models.ForeignKey("marketplace.Booking", on_delete=models.PROTECT,
                                related_name="entries")
    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("marketplace.ProviderPage", on_delete=models.PROTECT,
                                 related_name="ledger_entries")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount_cents = models.BigIntegerField(help_text=_("Signed: + owed to the supplier."))
    currency = models.CharField(max_length=3, default=Currency.EUR)
    created_at = models.DateTimeField()
    payout = models.ForeignKey(Payout, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="entries")
    memo = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["provider", "created_at"], name="ledger_provider_idx"),
                   models.Index(fields=["payout"], name="ledger_payout_idx")]


class AccountEntry(models.Model):
    """One movement of a tour operator's account, for orders it pays on account (its contracts
    allow it) and settles on its monthly statement: a charge (+) when a booking is sold, a
    credit (−) when money is given back on it. Signed integer EUR cents seen from what the
    operator owes the platform: the sum of an operator's entries is its debt. Only added,
    never changed. The suppliers' side of the same sales is in ``LedgerEntry``, as for a card
    sale."""

    class Kind(models.TextChoices):
        CHARGE = "charge", _("Booking on account")
        CREDIT = "credit", _("Credit (refund)")

    operator = models.ForeignKey("marketplace.Operator", on_delete=models.PROTECT,
                                 related_name="account_entries")
    order = models.ForeignKey("marketplace.Order", on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey("marketplace.Booking", on_delete=models.PROTECT,
                                related_name="account_entries")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    amount_cents = models.BigIntegerField(help_text=_("Signed: + owed by the operator."))
    currency = models.CharField(max_length=3, default=Currency.EUR)
    created_at = models.DateTimeField()
    memo = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("operator account entry")
        verbose_name_plural = _("operator account entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["operator", "created_at"], name="account_operator_idx")]
        constraints = [
            models.UniqueConstraint(fields=["booking"], condition=models.Q(kind="charge"),
                                    name="account_one_charge_per_booking"),
            models.CheckConstraint(
                condition=(models.Q(kind="charge", amount_cents__gte=0)
                           | models.Q(kind="credit", amount_cents__lte=0)),
                name="account_entry_sign"),
        ]
