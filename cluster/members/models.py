"""A member is one company of the cluster (a supplier, a tour operator, an institution such as
a chamber of commerce), identified by its country and VAT or registration number whatever
pages or accounts it has; its lifecycle is applied → active → suspended → left, with dates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.choices import Area


class Member(models.Model):
    class Kind(models.TextChoices):
        SUPPLIER = "supplier", _("Supplier (SME)")
        OPERATOR = "operator", _("Tour operator")
        INSTITUTION = "institution", _("Institution")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")

    name = models.CharField(_("company name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = models.CharField(_("country (ISO code)"), max_length=2)  # operators: any country
    vat_number = models.CharField(_("VAT or registration number"), max_length=32)
    area = models.CharField(_("area"), max_length=16, choices=Area.choices, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)  # sector slugs
    languages = models.JSONField(_("languages"), default=list, blank=True)  # ISO 639 codes
    about = models.TextField(_("about"), blank=True)
    offers = models.TextField(_("what we offer"), blank=True)
    needs = models.TextField(_("what we look for"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.APPLIED)
    applied_on = models.DateField(_("applied on"))
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # What the company is elsewhere on the platform (none, one or both).
    provider = models.OneToOneField("marketplace.ProviderPage", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="member")
    operator = models.OneToOneField("marketplace.Operator", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="member")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                   related_name="cluster_members",
                                   help_text=_("Who may edit the profile and act for it."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["country", "vat_number"],
                                               name="member_one_per_company")]
        indexes = [models.Index(fields=["status", "country"], name="member_status_idx")]

    def __str__(self) -> str:
        return self.name
