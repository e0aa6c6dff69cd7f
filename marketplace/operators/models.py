"""Tour operators (B2B resellers) and their contracts with suppliers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.choices import Currency, OperatorTerms


class Operator(models.Model):
    """An organisation that resells the cluster's experiences. It signs up, a cluster manager
    approves it, and its members then see net prices and book for their clients."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("company name"), max_length=200)
    country = models.CharField(_("country (ISO code)"), max_length=2,
                               help_text=_("Two letters, e.g. DE, GB, IT."))
    vat_number = models.CharField(_("VAT number"), max_length=32)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default="en", help_text=_("The language of our emails."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("tour operator")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["country", "vat_number"],
                                               name="operator_unique_vat")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class OperatorMember(models.Model):
    """A user who acts for an operator."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner (manages members)")
        AGENT = "agent", _("Agent (books)")

    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="operator_memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.AGENT)

    class Meta:
        verbose_name = _("operator member")
        constraints = [models.UniqueConstraint(fields=["operator", "user"],
                                               name="operator_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.operator}"


class Contract(models.Model):
    """A supplier's commercial agreement with an operator: the operator buys at a net rate
    (the experience's net price options) or at retail less a commission, within the validity
    dates. ``cluster_commission_pct`` (optional) replaces the sector's rate for its sales;
    ``on_account`` lets the operator pay this supplier's bookings on its monthly statement
    instead of by card."""

    provider = models.ForeignKey("marketplace.ProviderPage", on_delete=models.CASCADE,
                                 related_name="contracts", verbose_name=_("supplier"))
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="contracts")
    terms = models.CharField(_("terms"), max_length=12, choices=OperatorTerms.choices,
                             default=OperatorTerms.COMMISSION)
    commission_pct = models.DecimalField(
        _("operator commission (%)"), max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("With commission terms: the operator pays retail less this percentage."))
    cluster_commission_pct = models.DecimalField(
        _("cluster commission (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Empty: the sector's rate applies."))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.EUR)
    on_account = models.BooleanField(
        _("may pay on account"), default=False,
        help_text=_("The operator may book without a card and pay on its monthly statement."))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    signed_at = models.DateField(_("signed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract")
        ordering = ["-valid_from"]
        constraints = [models.CheckConstraint(
            condition=models.Q(valid_until__isnull=True)
            | models.Q(valid_until__gte=models.F("valid_from")),
            name="contract_valid_dates")]

    def __str__(self) -> str:
        return f"{self.provider.title} ↔ {self.operator.name} ({self.valid_from})"


class ContractOverride(models.Model):
    """Different terms for one experience under a contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="overrides")
    experience = models.ForeignKey("marketplace.ExperiencePage", on_delete=models.CASCADE,
                                   related_name="+")
    terms = models.CharField(_("terms"), max_length=12, choices=OperatorTerms.choices)
    commission_pct = models.DecimalField(
        _("operator commission (%)"), max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("contract override")
        constraints = [models.UniqueConstraint(fields=["contract", "experience"],
                                               name="contract_override_unique")]

    def __str__(self) -> str:
        return f"{self.experience.title}: {self.get_terms_display()}"


class CommissionRate(models.Model):
    """The cluster's commission on sales, per sector (a row with no sector is the default)."""

    sector_slug = models.CharField(_("sector"), max_length=40, blank=True, unique=True,
                                   help_text=_("A sector's slug; empty for the default rate."))
    pct = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2,
                              validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("commission rate")

    def __str__(self) -> str:
        return f"{self.sector_slug or _('default')}: {self.pct}%"
