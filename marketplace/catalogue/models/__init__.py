"""The catalogue's models: pages, sectors, price options, schedules, shared resources, slots."""

from marketplace.catalogue.models.pages import (
    AreaPage,
    ExperienceIndexPage,
    ExperiencePage,
    ExperiencePhoto,
    ExperienceTag,
    ProviderIndexPage,
    ProviderPage,
)
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import (
    WEEKDAY_FIELDS,
    DateException,
    Resource,
    Slot,
    WeeklyRule,
)
from marketplace.catalogue.models.sectors import SECTOR_SLUGS, Sector

__all__ = [
    "SECTOR_SLUGS", "WEEKDAY_FIELDS", "AreaPage", "DateException", "ExperienceIndexPage",
    "ExperiencePage", "ExperiencePhoto", "ExperienceTag", "PriceOption", "ProviderIndexPage",
    "ProviderPage", "Resource", "Sector", "Slot", "WeeklyRule",
]
