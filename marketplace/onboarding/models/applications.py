"""Applications to join the cluster, made through the public form and reviewed by managers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.core.choices import Country


class ProviderApplication(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    company_name = models.CharField(_("company name"), max_length=200)
    vat_number = models.CharField(_("VAT or registration number"), max_length=32, db_index=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    sectors = models.ManyToManyField("marketplace.Sector", verbose_name=_("sectors"))
    contact_name = models.CharField(_("contact person"), max_length=120)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    town = models.CharField(_("town"), max_length=120)
    message = models.TextField(_("about the business"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="it")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField(_("review comment"), blank=True)
    provider_page = models.OneToOneField("marketplace.ProviderPage", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="application")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="provider_applications")

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.get_status_display()})"
