"""Smoke test of the marketplace's demo data, on a small scale (one provider per area)."""

import io
from datetime import date, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from geo.distance import haversine_km
from geo.regions import fold_name, load_towns
from geo.types import LatLng
from marketplace.demo import (
    AREA_COUNTRY,
    DEMO_PROVIDERS,
    PhotoPlan,
    load_marketplace,
    marketplace_plan,
    parse_weekly_schedule,
    photo_jpeg,
)
from marketplace.location import location_derive
from marketplace.models import ExperiencePage, ProviderPage, Slot
from marketplace.selectors import experience_readiness
from marketplace.vat import vat_normalise
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
        assert 2 <= len(provider.experiences) <= 4
        assert len(provider.photos) >= 3
    titles = [e.text_it.title for p in plan for e in p.experiences]
    assert len(set(titles)) == len(titles)


def _season_months(details) -> set[int]:
    first, last = details.season_start_month, details.season_end_month
    return set(range(first, last + 1)) if first <= last else (
        set(range(first, 13)) | set(range(1, last + 1)))


def test_full_plan_has_the_required_counts():
    plan = marketplace_plan(providers=DEMO_PROVIDERS, seed=2026, today=TODAY)
    experiences = [e for p in plan for e in p.experiences]
    assert len(plan) >= 120 and len(experiences) >= 350
    # Whatever the day the demo is loaded, at least 350 experiences have slots in the next
    # 90 days (the seasonal ones are closed in winter).
    for offset in range(0, 366, 3):
        start = TODAY + timedelta(days=offset)
        window = {(start + timedelta(days=k)).month for k in range(90)}
        open_soon = [e for e in experiences if _season_months(e.details) & window]
        assert len(open_soon) >= 350, start
    assert sum(e.details.is_lodging for e in experiences) >= 30
    assert {s for p in plan for s in p.sector_slugs} == {
        "hospitality", "agritourism", "food-wine", "fishing-sea", "crafts", "culture-heritage",
        "nature-outdoor", "wellness"}


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
    assert [p.title for p in providers] == [p.name for p in plan]
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
