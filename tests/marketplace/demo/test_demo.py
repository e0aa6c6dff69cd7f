"""The marketplace's demo data: its plan in full, and a smoke test of the build on a small scale
(one provider per area); tests/marketplace/test_demo_full.py loads it in full."""

import io
from datetime import date, time

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from geo.distance import haversine_km
from geo.regions import fold_name, load_towns, locate
from geo.types import LatLng
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.experiences import experience_readiness
from marketplace.core.location import location_derive
from marketplace.core.vat import vat_normalise
from marketplace.demo.catalogue import (
    AREA_COUNTRY,
    DEMO_PROVIDERS,
    PhotoPlan,
    archetype_place,
    archetypes_load,
    load_marketplace,
    marketplace_plan,
    parse_weekly_schedule,
    photo_jpeg,
    villages_load,
)
from tests.security.checks import SCRIPT, refused

PROVIDERS = 4
TODAY = date(2026, 11, 25)


def test_plan_is_deterministic_and_valid():
    plan = marketplace_plan(providers=PROVIDERS, seed=2026, today=TODAY)
    assert plan == marketplace_plan(providers=PROVIDERS, seed=2026, today=TODAY)
    assert [p.name for p in plan] != [
        p.name for p in marketplace_plan(providers=PROVIDERS, seed=7, today=TODAY)]
    assert {p.area for p in plan} == set(AREA_COUNTRY)
    assert len({p.name for p in plan}) == len(plan)
    for provider in plan:
        assert vat_normalise(country=provider.country, value=provider.vat_number) == (
            provider.vat_number)
        assert 1 <= len(provider.experiences) <= 4
        assert sum(e.details.is_lodging for e in provider.experiences) <= 1
        assert all(len(e.photo_indices) == 3 for e in provider.experiences)
    titles = [e.text_it.title for p in plan for e in p.experiences]
    assert len(set(titles)) == len(titles)
    # A short plan is the start of the full one, so tests see the demo's first suppliers.
    assert plan == marketplace_plan(seed=2026, today=TODAY)[:PROVIDERS]


def _season_months(details) -> set[int]:
    first, last = details.season_start_month, details.season_end_month
    return set(range(first, last + 1)) if first <= last else (
        set(range(first, 13)) | set(range(1, last + 1)))


def test_full_plan_gives_each_archetype_one_experience_at_its_place():
    plan = marketplace_plan(providers=DEMO_PROVIDERS, seed=2026, today=TODAY)
    archetypes = {a.key: a for a in archetypes_load()}
    experiences = [e for p in plan for e in p.experiences]
    assert sorted(e.archetype_key for e in experiences) == sorted(archetypes)
    assert len(archetypes) == 400 and len(plan) >= 100
    assert sum(e.details.is_lodging for e in experiences) == 80
    for text in ("text_it", "text_en"):
        titles = [getattr(e, text).title for e in experiences]
        assert len(set(titles)) == len(titles)
    for experience in experiences:
        place = archetype_place(archetypes[experience.archetype_key])
        point = LatLng(experience.details.lat, experience.details.lon)
        assert haversine_km(point, LatLng(place.lat, place.lon)) <= 1.0
        assert locate(point.lat, point.lon).area_name == place.area
    assert {s for p in plan for s in p.sector_slugs} == {
        "hospitality", "agritourism", "food-wine", "fishing-sea", "crafts", "culture-heritage",
        "nature-outdoor", "wellness"}


def test_named_villages_are_meeting_points_and_located():
    archetypes = {a.key: a for a in archetypes_load()}
    theth = archetype_place(archetypes["alb-theth-family-guesthouse"])
    assert (theth.town, theth.village) == ("Shkodër", "Theth")
    # The Valbona–Theth hike starts at Valbona, under Bajram Curri (the first one it names).
    assert archetype_place(archetypes["alb-valbona-theth-pass-hike"]).village == "Valbona"
    villages = {archetype_place(a).village for a in archetypes.values()} - {""}
    assert {"Theth", "Virpazar", "Saepinum", "Torrepaduli"} <= villages
    for village in villages_load():
        location = locate(village.lat, village.lon)
        assert location.area_name == village.area or {location.area_name, village.area} <= {
            "Puglia", "Molise"}


@pytest.mark.parametrize(("value", "kind", "weekdays", "times"), [
    ("daily 10:00,15:00", "start_times", (0, 1, 2, 3, 4, 5, 6), (time(10), time(15))),
    ("Tue,Thu,Sat 09:30", "start_times", (1, 3, 5), (time(9, 30),)),
    ("Mon-Sat 11:00", "start_times", (0, 1, 2, 3, 4, 5), (time(11),)),
    ("Tue-Sun 19:30", "start_times", (1, 2, 3, 4, 5, 6), (time(19, 30),)),
    ("Mon-Sun open 09:00-18:00", "opening_hours", (0, 1, 2, 3, 4, 5, 6), ()),
    ("nightly", "nightly", (0, 1, 2, 3, 4, 5, 6), ()),
])
def test_parse_weekly_schedule(value, kind, weekdays, times):
    parsed_kind, (rule,) = parse_weekly_schedule(value)
    assert (parsed_kind, rule.weekdays, rule.start_times) == (kind, weekdays, times)


def test_parse_weekly_schedule_shifts_times():
    _kind, (rule,) = parse_weekly_schedule("Mon-Sun open 09:00-18:00", shift_min=30)
    assert (rule.opens_at, rule.closes_at) == (time(9, 30), time(18, 30))


@pytest.mark.parametrize("motif", ["hills", "mountains", "sea", "boats", "olives", "vineyard",
                                   "town", "pattern"])
def test_photo_is_a_1200_by_800_jpeg(motif):
    photo = PhotoPlan(title="Masseria — 1", sector="agritourism", motif=motif, seed=1)
    content = photo_jpeg(photo, caption="Masseria", label="Agriturismo / Agritourism")
    with Image.open(io.BytesIO(content)) as image:
        assert (image.format, image.size) == ("JPEG", (1200, 800))
    assert content == photo_jpeg(photo, caption="Masseria", label="Agriturismo / Agritourism")


def _near_its_town(provider: ProviderPage) -> bool:
    towns = [t for t in load_towns() if fold_name(t.name) == fold_name(provider.town)]
    point = LatLng(provider.lat, provider.lon)
    return any(haversine_km(point, t.point) < 1.0 for t in towns)


@pytest.mark.django_db
def test_demo_step_builds_through_the_services_and_is_idempotent(settings):
    settings.DEMO_MARKETPLACE_PROVIDERS = PROVIDERS
    messages: list[str] = []
    assert load_marketplace(messages.append) > 0
    counts = (Page.objects.count(), get_image_model().objects.count(), Slot.objects.count(),
              get_user_model().objects.count())
    assert load_marketplace(messages.append) == 0
    assert (Page.objects.count(), get_image_model().objects.count(), Slot.objects.count(),
            get_user_model().objects.count()) == counts
    assert "already there" in messages[-2]

    plan = marketplace_plan(providers=PROVIDERS, seed=2026, today=TODAY)
    italian = Locale.objects.get(language_code="it")
    english = Locale.objects.get(language_code="en")
    providers = list(ProviderPage.objects.filter(locale=italian).order_by("pk"))
    assert sorted(p.title for p in providers) == sorted(p.name for p in plan)
    for provider in providers:
        assert location_derive(lat=provider.lat, lon=provider.lon).area == provider.area
        assert _near_its_town(provider)
        assert provider.get_translation(english).live

    experiences = list(ExperiencePage.objects.filter(locale=italian).live())
    assert len(experiences) == sum(len(p.experiences) for p in plan)
    for page in experiences:
        assert any(option.price_cents > 0 for option in page.price_options.all())
        assert page.photos.count() >= 3
        translation = page.get_translation(english)
        assert translation.live and translation.title != page.title
        assert Slot.objects.filter(experience=page).exists()
        assert experience_readiness(page=page).score == 100
        if page.is_lodging:
            assert page.schedule_kind == "nightly" and page.rooms > 0
            assert [o.kind for o in page.price_options.all()] == ["per_night"]


@pytest.mark.django_db
def test_demo_sme_login_edits_only_its_own_pages(settings, client):
    settings.DEMO_MARKETPLACE_PROVIDERS = PROVIDERS
    load_marketplace(lambda message: None)
    plan = marketplace_plan(providers=PROVIDERS, seed=2026, today=TODAY)
    own = ProviderPage.objects.get(vat_number=plan[0].vat_number, locale__language_code="it")
    other = ProviderPage.objects.get(vat_number=plan[-1].vat_number, locale__language_code="it")
    experience = own.get_children().first()

    assert client.login(username="sme-puglia", password="innotourclust-demo")
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{experience.pk}/edit/").status_code == 200
    assert refused(client.get(f"/admin/pages/{other.pk}/edit/", headers=SCRIPT))
    assert client.login(username="manager", password="innotourclust-demo")
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 200
