"""Reads of the marketplace: readiness of a listing, providers and experiences."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Locale

from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage

READINESS_MIN_PHOTOS = 3
READINESS_MIN_SUMMARY_CHARS = 80


@dataclass(frozen=True)
class ReadinessItem:
    key: str
    label: str
    ok: bool


@dataclass(frozen=True)
class Readiness:
    items: tuple[ReadinessItem, ...]

    @property
    def score(self) -> int:
        """0–100: the share of checklist items that are done."""
        if not self.items:
            return 0
        return round(100 * sum(item.ok for item in self.items) / len(self.items))

    @property
    def missing(self) -> tuple[ReadinessItem, ...]:
        return tuple(item for item in self.items if not item.ok)


def _has_english_version(page: ExperiencePage) -> bool:
    if page.locale_id and page.locale.language_code == "en":
        return True
    if not page.pk:
        return False
    english = Locale.objects.filter(language_code="en").first()
    return english is not None and page.has_translation(english)


def experience_readiness(*, page: ExperiencePage, today=None) -> Readiness:
    """The listing's checklist (photos, summary, price, future slots, meeting point,
    cancellation policy, English version) for the page as given — a saved page or a revision's
    content, so the editor and the reviewer see the same thing."""
    from marketplace.catalogue.scheduling import (
        schedule_has_future_occurrences,
        schedule_spec_from_page,
    )

    today = today or timezone.localdate()
    photos = [p for p in page.photos.all() if p.image_id]
    prices = [p for p in page.price_options.all() if p.price_cents and p.price_cents > 0]
    items = (
        ReadinessItem("photos", _("At least 3 photos"), len(photos) >= READINESS_MIN_PHOTOS),
        ReadinessItem("summary", _("A summary of at least 80 characters"),
                      len((page.summary or "").strip()) >= READINESS_MIN_SUMMARY_CHARS),
        ReadinessItem("price", _("A price"), bool(prices)),
        ReadinessItem("schedule", _("A schedule with future slots"),
                      schedule_has_future_occurrences(schedule_spec_from_page(page), today)),
        ReadinessItem("meeting_point", _("A meeting point (place and coordinates)"),
                      bool(page.meeting_point) and page.lat is not None and page.lon is not None),
        ReadinessItem("cancellation", _("A cancellation policy"), bool(page.cancellation)),
        ReadinessItem("english", _("An English version"), _has_english_version(page)),
    )
    return Readiness(items=items)


def experience_readiness_for(obj) -> Readiness | None:
    """Readiness of the latest revision of an object under review, or None if it is not an
    experience."""
    specific = getattr(obj, "specific", obj)
    if not isinstance(specific, ExperiencePage):
        return None
    latest = specific.get_latest_revision_as_object() if specific.pk else specific
    return experience_readiness(page=latest)


@dataclass(frozen=True)
class SlotView:
    id: int
    starts_at: object
    ends_at: object
    places_left: int


def experience_upcoming_slots(*, page: ExperiencePage, days: int = 14,
                              limit: int = 40) -> list[SlotView]:
    """The next bookable slots (after the cut-off) of an experience or of its translation's
    owner, with places left; two queries whatever the number of slots."""
    from datetime import timedelta

    from marketplace.catalogue.models.schedules import Slot
    from marketplace.catalogue.selectors.slots import slot_owner_experience, slot_places_left_by_id

    owner = slot_owner_experience(page_id=page.pk) or page
    now = timezone.now()
    slots = list(Slot.objects.filter(
        experience_id=owner.pk,
        starts_at__gte=now + timedelta(hours=owner.cutoff_hours),
        starts_at__lt=now + timedelta(days=days),
    ).order_by("starts_at")[:limit])
    seats = slot_places_left_by_id(slots=slots)
    return [SlotView(s.pk, s.starts_at, s.ends_at, seats.get(s.pk, 0)) for s in slots]


def supplier_experiences(*, provider: ProviderPage) -> list[ExperiencePage]:
    """The provider's live experiences in its language, with sector and first photo."""
    return list(ExperiencePage.objects.child_of(provider).live()
                .select_related("sector").prefetch_related("photos__image").order_by("title"))


def supplier_list(*, index, page_number=1, per_page: int = 24):
    """A page of the live providers under ``index``, ordered by name (a Django Page)."""
    from django.core.paginator import Paginator

    providers = (ProviderPage.objects.child_of(index).live()
                 .prefetch_related("sectors").order_by("title"))
    return Paginator(providers, per_page).get_page(page_number)


@dataclass(frozen=True)
class CalendarDay:
    day: object
    slots: tuple[SlotView, ...]

    @property
    def places_left(self) -> int:
        return sum(slot.places_left for slot in self.slots)


def experience_calendar(*, page: ExperiencePage, days: int = 60) -> list[CalendarDay]:
    """Every local day of the next ``days`` days with its bookable slots and places left
    (empty days included, so the calendar has no holes); two queries."""
    from collections import defaultdict
    from datetime import timedelta

    from marketplace.core.dates import LOCAL_TZ

    slots = experience_upcoming_slots(page=page, days=days, limit=days * 24)
    by_day = defaultdict(list)
    for slot in slots:
        by_day[slot.starts_at.astimezone(LOCAL_TZ).date()].append(slot)
    today = timezone.localdate()
    return [CalendarDay(day=today + timedelta(days=n),
                        slots=tuple(by_day.get(today + timedelta(days=n), ())))
            for n in range(days)]


@dataclass(frozen=True)
class Nearby:
    page: ExperiencePage
    distance_km: float


def experience_nearby(*, page: ExperiencePage, radius_km: float = 30, limit: int = 6
                      ) -> list[Nearby]:
    """Live experiences of *other* sectors within ``radius_km`` km of this one, in its
    language, nearest first: what complements it on the same day. Two queries."""
    from geo.distance import one_to_many_km
    from geo.types import BBox, LatLng

    if page.lat is None or page.lon is None:
        return []
    centre = LatLng(page.lat, page.lon)
    box = BBox.from_center(centre, radius_km)
    candidates = ExperiencePage.objects.live().filter(
        locale_id=page.locale_id, lat__range=(box.south, box.north),
        lon__range=(box.west, box.east)).exclude(pk=page.pk)
    if page.sector_id:
        candidates = candidates.exclude(sector__slug=page.sector.slug)
    rows = list(candidates.values_list("pk", "lat", "lon"))
    if not rows:
        return []
    km = one_to_many_km(centre, [r[1] for r in rows], [r[2] for r in rows])
    nearest = sorted(((float(d), r[0]) for r, d in zip(rows, km, strict=True)
                      if d <= radius_km))[:limit]
    pages = ExperiencePage.objects.filter(pk__in=[pk for _, pk in nearest]).select_related(
        "sector").prefetch_related("photos__image").in_bulk()
    return [Nearby(page=pages[pk], distance_km=d) for d, pk in nearest if pk in pages]


@dataclass(frozen=True)
class EntryPoints:
    experience_index: object
    areas: tuple


def discovery_entry_points(*, locale) -> EntryPoints:
    """The live experience search page and area landing pages of a language (home page)."""
    from marketplace.catalogue.models.pages import AreaPage, ExperienceIndexPage

    index = ExperienceIndexPage.objects.live().filter(locale=locale).first()
    areas = tuple(AreaPage.objects.live().filter(locale=locale).order_by("path"))
    return EntryPoints(experience_index=index, areas=areas)


def slot_for_booking(*, slot_id: int):
    """The slot with its experience when it is still ahead and its experience is live, else
    None."""
    from marketplace.catalogue.models.schedules import Slot

    return (Slot.objects.select_related("experience")
            .filter(pk=slot_id, starts_at__gt=timezone.now(), experience__live=True).first())


def slot_places_left(*, slot) -> int:
    """Places left on one slot now (shared resources and lapsed holds accounted for)."""
    from marketplace.catalogue.selectors.slots import slot_places_left_by_id

    return slot_places_left_by_id(slots=[slot]).get(slot.pk, 0)


def user_suppliers(*, user) -> QuerySet[ProviderPage]:
    """The providers a user may see bookings of: every provider for a superuser; otherwise
    those whose page lies in a subtree where one of the user's groups has page permissions
    (an SME's group covers its own page; the cluster managers' covers the root, hence all).
    Only original pages (the default locale's tree), not their translations."""
    if not user.is_authenticated or not user.is_active:
        return ProviderPage.objects.none()
    providers = ProviderPage.objects.filter(locale=Locale.get_default())
    if user.is_superuser:
        return providers.order_by("title")
    paths = list(GroupPagePermission.objects.filter(
        group__user=user, permission__codename="change_page")
        .values_list("page__path", flat=True).distinct())
    if not paths:
        return ProviderPage.objects.none()
    inside = Q()
    for path in paths:
        inside |= Q(path__startswith=path)
    return providers.filter(inside).order_by("title")


def supplier_can_see(*, user, provider_id: int) -> bool:
    """Whether ``user`` may see the bookings of the provider with ``provider_id``."""
    return user_suppliers(user=user).filter(pk=provider_id).exists()


# SECTION: a supplier's bookings
