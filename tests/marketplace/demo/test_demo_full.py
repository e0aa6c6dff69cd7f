"""The full demo marketplace, loaded once for this module: every archetype one experience of
one supplier, met at its place, distinct titles, and enough to book all year round."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Locale

from geo.distance import haversine_km
from geo.types import LatLng
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.demo.catalogue import archetype_place, archetypes_load, load_marketplace

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

MAX_KM = 15.0
WINDOW_DAYS = 30
BOOKABLE_PER_WINDOW = 150


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    """Load the whole demo marketplace in a transaction rolled back after the module, so the
    other tests of this worker (xdist) and database (SQLite or PostgreSQL) never see it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEMO_MARKETPLACE_PROVIDERS=None):
                load_marketplace(lambda message: None)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def italian(full_demo):
    return Locale.objects.get(language_code="it")


def test_counts(italian):
    archetypes = archetypes_load()
    experiences = ExperiencePage.objects.live().filter(locale=italian)
    assert experiences.count() == len(archetypes) == 400
    assert experiences.filter(is_lodging=True).count() == 80
    assert ProviderPage.objects.live().filter(locale=italian).count() >= 100
    by_area: dict[str, int] = {}
    for archetype in archetypes:
        by_area[archetype.area] = by_area.get(archetype.area, 0) + 1
    area_ids = {"Puglia": "IT-75", "Molise": "IT-67", "Albania": "AL", "Montenegro": "ME"}
    for area, count in by_area.items():
        assert experiences.filter(area=area_ids[area]).count() == count, area
    assert ExperiencePage.objects.live().filter(locale__language_code="en").count() == 400


def test_titles_are_distinct_in_every_language(full_demo):
    for locale in Locale.objects.all():
        titles = list(ExperiencePage.objects.filter(locale=locale).values_list("title",
                                                                                flat=True))
        assert len(titles) == len(set(titles)), locale.language_code


def test_every_experience_meets_near_its_town_or_at_its_village(italian):
    places = {a.title_it: archetype_place(a) for a in archetypes_load()}
    for title, lat, lon in ExperiencePage.objects.filter(locale=italian).values_list(
            "title", "lat", "lon"):
        place = places[title]
        distance_km = haversine_km(LatLng(lat, lon), LatLng(place.lat, place.lon))
        assert distance_km <= MAX_KM, (title, place.name, distance_km)


def test_enough_experiences_bookable_in_every_30_days(italian):
    today = timezone.localdate()
    start = timezone.now()
    days: dict[int, set[int]] = {}
    rows = (Slot.objects.filter(experience__locale=italian, starts_at__gte=start,
                                resource__isnull=True, booked__lt=F("capacity") - F("held"))
            .values_list("experience_id", "starts_at"))
    for experience_id, starts_at in rows:
        offset = (timezone.localtime(starts_at).date() - today).days
        days.setdefault(offset, set()).add(experience_id)
    for first in range(0, 365 - WINDOW_DAYS + 1):
        bookable = set().union(*(days.get(first + k, set()) for k in range(WINDOW_DAYS)))
        window = today + timedelta(days=first)
        assert len(bookable) >= BOOKABLE_PER_WINDOW, window
