"""Reads for the API: the rows a response needs, fetched in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale

from marketplace.catalogue.models.pages import ExperiencePage, ExperiencePhoto, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.selectors.search import (
    SearchCircle,
    experience_filter,
    experience_order,
)
from marketplace.catalogue.selectors.slots import slot_owner_experience, slot_places_left_by_id
from marketplace.core.dates import local_days_bounds

PHOTO_SPEC = "fill-640x420"


@dataclass(frozen=True)
class ExperienceListing:
    """Validated search: ``errors`` by field, or the ordered rows (and the search circle
    when the search is near a point)."""

    errors: dict[str, list[str]]
    queryset: QuerySet | None
    circle: SearchCircle | None


@dataclass(frozen=True)
class SlotAvailability:
    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    places_left: int
    bookable: bool


def _with_related(queryset: QuerySet) -> QuerySet:
    """Sector, locale, photos with their images and the API's rendition: four queries for any
    number of experiences (renditions not generated yet are created on first use)."""
    renditions = Prefetch(
        "image__renditions",
        queryset=get_image_model().get_rendition_model().objects.filter(filter_spec=PHOTO_SPEC))
    photos = Prefetch("photos", queryset=ExperiencePhoto.objects.select_related("image")
                      .prefetch_related(renditions).order_by("sort_order", "pk"))
    return queryset.select_related("sector", "locale").prefetch_related(photos)


def experience_listing(*, params, locale: Locale) -> ExperienceListing:
    """The search page's filters (``experience_filter``) applied to ``params``, sorted as the
    page sorts, with what the API shows of each row prefetched."""
    filterset, queryset, circle = experience_filter(params=params, locale=locale)
    if queryset is None:
        errors = {name: list(messages) for name, messages in filterset.form.errors.items()}
        return ExperienceListing(errors=errors, queryset=None, circle=None)
    sort = filterset.form.cleaned_data.get("sort") or "relevance"
    ordered = _with_related(experience_order(queryset=queryset, sort=sort, circle=circle,
                                             query=filterset.form.cleaned_data.get("q") or ""))
    return ExperienceListing(errors={}, queryset=ordered, circle=circle)


def experience_live_get(*, pk: int, details: bool = True) -> ExperiencePage | None:
    """The live experience ``pk`` (any language); with ``details``, its prices, photos and
    sector too (five queries), else the row alone (one)."""
    queryset = ExperiencePage.objects.live().filter(pk=pk)
    if not details:
        return queryset.first()
    return _with_related(queryset.prefetch_related("price_options")).first()


def experience_suppliers(*, pages: list[ExperiencePage]) -> dict[int, ProviderPage]:
    """The live provider (the parent page) of each experience, by experience id, in one
    query."""
    parent_paths = {page.pk: page.path[:-ExperiencePage.steplen] for page in pages}
    if not parent_paths:
        return {}
    providers = {provider.path: provider for provider in ProviderPage.objects.live()
                 .filter(path__in=set(parent_paths.values())).select_related("locale")}
    return {pk: providers[path] for pk, path in parent_paths.items() if path in providers}


@dataclass(frozen=True)
class Availability:
    owner_id: int
    slots: list[SlotAvailability]


def experience_availability(*, page: ExperiencePage, first_day: date, last_day: date,
                            now: datetime | None = None) -> Availability:
    """The slots starting on local (Europe/Rome) dates ``first_day``..``last_day`` of the
    experience, or of its translation group's owner (``owner_id``), with places left (shared
    resources included); a slot is bookable with places left and a start after the cut-off
    (``cutoff_hours``). Three queries whatever the number of slots."""
    owner = slot_owner_experience(page_id=page.pk) or page
    slots = list(Slot.objects.filter(
        experience_id=owner.pk,
        starts_at__gte=local_days_bounds(first_day, last_day)[0],
        starts_at__lt=local_days_bounds(first_day, last_day)[1],
    ).order_by("starts_at"))
    seats = slot_places_left_by_id(slots=slots)
    earliest = (now or timezone.now()) + timedelta(hours=owner.cutoff_hours)
    return Availability(owner_id=owner.pk, slots=[
        SlotAvailability(id=slot.pk, starts_at=slot.starts_at, ends_at=slot.ends_at,
                         capacity=slot.capacity, places_left=seats.get(slot.pk, 0),
                         bookable=slot.starts_at >= earliest and seats.get(slot.pk, 0) > 0)
        for slot in slots])


def supplier_queryset() -> QuerySet:
    """Live providers with their sectors and the number of their live experiences (a
    subquery, not one query per provider)."""
    experiences = (ExperiencePage.objects.live()
                   .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
                   .order_by().values("depth").annotate(n=Count("pk")).values("n"))
    return (ProviderPage.objects.live().select_related("locale").prefetch_related("sectors")
            .annotate(experiences_count=Coalesce(Subquery(experiences), Value(0),
                                                 output_field=IntegerField())))


def supplier_list_queryset(*, locale: Locale) -> QuerySet:
    """The live providers of one language, by name."""
    return supplier_queryset().filter(locale=locale).order_by("title", "pk")


def sector_list(*, locale: Locale) -> QuerySet:
    """The sectors in one language, in the editors' order."""
    return Sector.objects.filter(locale=locale).order_by("sort_order", "name")
