"""Sectors: the cluster's taxonomy of businesses and experiences (a translatable snippet)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin

SECTOR_SLUGS = (
    "hospitality",
    "agritourism",
    "food-wine",
    "fishing-sea",
    "crafts",
    "culture-heritage",
    "nature-outdoor",
    "wellness",
)


class Sector(TranslatableMixin, models.Model):
    slug = models.SlugField(_("slug"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="sector_unique_slug_locale")
        ]

    def __str__(self) -> str:
        return self.name
