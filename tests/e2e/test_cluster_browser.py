"""The members' directory and a member's profile in a real browser, in Italian and English,
on a desktop (1280 px) and a phone (375 px): the cards, the map with its markers, and no
serious or critical axe-core violation. Screenshots go to tests/e2e/artifacts/."""

from pathlib import Path

import pytest

from cluster.members.models import Member
from cluster.members.services import (
    MemberApplication,
    member_activate,
    member_apply,
    members_sync,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTIFACTS = Path(__file__).parent / "artifacts"
TIRANA = (41.32744, 19.81866)
KOTOR = (42.42067, 18.77123)


@pytest.fixture
def members(make_provider):
    """A supplier with its page (synced), an Albanian guide and a Montenegrin operator."""
    page = make_provider(legal_name="Masseria Ulivo d'Oro", town="Lecce",
                         sector_slugs=["agritourism", "food-wine"], languages="it,en",
                         website="https://example.com/ulivo")
    members_sync()
    Member.objects.filter(provider=page).update(
        offers="Olio extravergine e cene in masseria per gruppi fino a 40 persone.",
        needs="Tour operator per i mesi di ottobre e novembre.")
    for application in (
        MemberApplication(name="Tirana Walks", kind="supplier", country="AL",
                          vat_number="K12345678L", town="Tirana", lat=TIRANA[0],
                          lon=TIRANA[1], sectors=("culture-heritage",),
                          languages=("sq", "en", "it"), offers="Guided walks in Tirana.",
                          needs="Italian partners for food tours."),
        MemberApplication(name="Boka Travel", kind="operator", country="ME",
                          vat_number="02012345", town="Kotor", lat=KOTOR[0], lon=KOTOR[1],
                          sectors=("fishing-sea",), languages=("cnr", "en"),
                          offers="Boat trips in the Bay of Kotor."),
    ):
        member_activate(member=member_apply(application=application))
    return Member.objects.get(provider=page)


def _axe(tab) -> list:
    from axe_playwright_python.sync_playwright import Axe

    # In the browser's thread, where Playwright lives (tests/e2e/conftest.py).
    results = tab._thread.call_raw(Axe().run, tab)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_directory_and_profile_are_accessible(chromium, live_server, members, page_errors,
                                              language, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(base_url=live_server.url, locale=language,
                                   viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        tab.goto(f"/{language}/cluster/members/")
        cards = tab.locator(".member-card")
        assert cards.count() == 3
        assert "Tirana Walks" in tab.locator(".member-cards").inner_text()
        tab.locator("#members-map .leaflet-marker-icon").first.wait_for()
        assert tab.locator("#members-map .leaflet-marker-icon").count() == 3
        tab.screenshot(path=str(ARTIFACTS / f"members-directory-{language}-{width}.png"),
                       full_page=True)
        violations = _axe(tab)
        assert not violations, violations

        tab.select_option("#id_country", "AL")
        tab.locator(".search__filters button[type=submit]").click()
        tab.wait_for_url("**country=AL**")
        assert tab.locator(".member-card").count() == 1

        tab.goto(f"/{language}/cluster/members/{members.pk}/")
        main = tab.locator("main").inner_text()
        assert "Masseria Ulivo d'Oro" in main and "Olio extravergine" in main
        sector = "Agriturismo" if language == "it" else "Agritourism"
        assert sector.lower() in main.lower(), main
        assert ("inglese" if language == "it" else "English").lower() in main.lower()
        tab.screenshot(path=str(ARTIFACTS / f"member-profile-{language}-{width}.png"),
                       full_page=True)
        violations = _axe(tab)
        assert not violations, violations
        assert not page_errors, page_errors
    finally:
        context.close()


def _signed_in_cookie(user, url: str) -> dict:
    """A session cookie for ``user`` on the live server (the browser skips the sign-in page)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key,
            "url": url}


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_cooperation_board_and_post_are_accessible(chromium, live_server, members, page_errors,
                                                   language, width):
    from django.contrib.auth import get_user_model

    from cluster.cooperation.services import post_create, reply_create

    operator = Member.objects.get(name="Boka Travel")
    user = get_user_model().objects.create_user("ulivo", "ulivo@example.com", "pw-123456")
    members.users.add(user)
    post = post_create(member=members, by=user, kind="offer", title="Olio per ristoranti",
                       body="Olio extravergine per i ristoranti dei membri.",
                       sectors=("food-wine",), area="IT-75")
    operator.users.add(get_user_model().objects.create_user("boka", "boka@example.com",
                                                            "pw-123456"))
    reply_create(post=post, member=operator, by=operator.users.get(), body="Ci interessa.")
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(base_url=live_server.url, locale=language,
                                   viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([_signed_in_cookie(user, live_server.url)])
    tab = context.new_page()
    tab.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        tab.goto(f"/{language}/cluster/cooperation/")
        assert tab.locator(".post-card").count() == 1
        assert "Olio per ristoranti" in tab.locator(".post-cards").inner_text()
        tab.screenshot(path=str(ARTIFACTS / f"cooperation-board-{language}-{width}.png"),
                       full_page=True)
        violations = _axe(tab)
        assert not violations, violations

        tab.goto(f"/{language}/cluster/cooperation/{post.pk}/")
        main = tab.locator("main").inner_text()
        assert "Olio extravergine" in main and "Ci interessa." in main
        tab.screenshot(path=str(ARTIFACTS / f"cooperation-post-{language}-{width}.png"),
                       full_page=True)
        violations = _axe(tab)
        assert not violations, violations
        assert not page_errors, page_errors
    finally:
        context.close()
