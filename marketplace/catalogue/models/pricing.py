"""Price options of an experience: per person by age band, per group by size tier, per night."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from marketplace.core.choices import PricingKind


class PriceOption(Orderable):
    """One price line. Amounts are integer minor units of the experience's currency."""

    page = ParentalKey("marketplace.ExperiencePage", related_name="price_options",
                       on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=12, choices=PricingKind.choices,
                            default=PricingKind.PER_PERSON)
    label = models.CharField(_("label"), max_length=60, help_text=_("e.g. Adult, Child, Boat"))
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True,
                                               validators=[MaxValueValidator(120)])
    age_max = models.PositiveSmallIntegerField(_("to age"), null=True, blank=True,
                                               validators=[MaxValueValidator(120)])
    group_size_min = models.PositiveSmallIntegerField(_("from group size"), null=True,
                                                      blank=True)
    group_size_max = models.PositiveSmallIntegerField(_("to group size"), null=True, blank=True)
    price_cents = models.PositiveIntegerField(
        _("retail price (cents)"),
        help_text=_("In minor units: 4500 is €45.00. 0 only for a free age band."))
    net_price_cents = models.PositiveIntegerField(
        _("net rate for operators (cents)"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("label")]),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
        FieldRowPanel([FieldPanel("group_size_min"), FieldPanel("group_size_max")]),
        FieldRowPanel([FieldPanel("price_cents"), FieldPanel("net_price_cents")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("price option")
