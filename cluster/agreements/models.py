"""An agreement between two or more members: a memorandum of understanding, a commercial
contract (between a supplier and an operator it opens resale: their contract terms), or a
joint product; with its dates, signed document and status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agreement(models.Model):
    class Kind(models.TextChoices):
        MEMORANDUM = "memorandum", _("Memorandum of understanding")
        COMMERCIAL = "commercial", _("Commercial contract")
        JOINT_PRODUCT = "joint_product", _("Joint product")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        ENDED = "ended", _("Ended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    document = models.FileField(_("signed document"), upload_to="agreements/%Y/", blank=True)
    members = models.ManyToManyField("cluster.Member", through="AgreementParty",
                                     related_name="agreements")
    # A commercial agreement between a supplier and an operator: the contract it created.
    contract = models.OneToOneField("marketplace.Contract", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="agreement")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        ordering = ["-starts_on", "-pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
            name="agreement_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    member = models.ForeignKey("cluster.Member", on_delete=models.PROTECT,
                               related_name="agreement_parties")
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agreement", "member"],
                                               name="agreement_party_once")]
