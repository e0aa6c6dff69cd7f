"""A tour operator in a real browser builds "5 days from Bari" across the Adriatic, fixes a
conflict by dragging, prices it with a markup, sends the proposal, and books it in one order.

The demo operators are made by the demo's own loader, over a small catalogue built through the
services: suppliers in Bari, Durrës and Tirana, in Italian (the catalogue's language, which
the builder searches in). axe-core (bundled by axe-playwright-python)
checks the builder and the proposal page: no serious or critical violation.
"""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from itineraries.models import Itinerary, Leg, ShareLink
from marketplace.bookings.models import Order
from marketplace.core.choices import OperatorTerms
from marketplace.core.money import money_format
from marketplace.demo.catalogue import DEMO_PASSWORD_DEFAULT
from marketplace.demo.operators import DEMO_OPERATORS, load_demo_operators
from marketplace.operators.models import Contract
from marketplace.operators.services.contracts import contract_create
from tests.marketplace.conftest import experience_text

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BARI = (41.12066, 16.86982)
DURRES = (41.32306, 19.44139)
TIRANA = (41.32744, 19.81866)


@pytest.fixture
def adriatic(make_provider, make_experience, short_slot_horizon):
    """A tasting in Bari; a walk and a cooking class in Durrës; a museum in Tirana."""
    bari = make_provider(legal_name="Cantina di Bari", lat=BARI[0], lon=BARI[1], town="Bari")
    durres = make_provider(legal_name="Durrës Kitchen", country="AL", vat_number="L01234567A",
                           lat=DURRES[0], lon=DURRES[1], town="Durrës")
    tirana = make_provider(legal_name="Tirana Walks", country="AL", vat_number="L07654321B",
                           lat=TIRANA[0], lon=TIRANA[1], town="Tirana")
    experiences = {
        "tasting": make_experience(provider=bari, photos=1, lat=BARI[0], lon=BARI[1],
                                   text=experience_text(title="Wine tasting in Bari")),
        "walk": make_experience(provider=durres, photos=1, lat=DURRES[0], lon=DURRES[1],
                                sector_slug="culture-heritage",
                                text=experience_text(title="Amphitheatre walk in Durrës")),
        "cooking": make_experience(provider=durres, photos=1, lat=DURRES[0], lon=DURRES[1],
                                   text=experience_text(title="Albanian cooking class")),
        "museum": make_experience(provider=tirana, photos=1, lat=TIRANA[0], lon=TIRANA[1],
                                  sector_slug="culture-heritage",
                                  text=experience_text(title="Bunk'Art in Tirana")),
    }
    load_demo_operators()
    operator = Contract.objects.get(provider=bari).operator
    assert operator.email == DEMO_OPERATORS[0].email
    contract_create(provider=tirana, operator=operator, terms=OperatorTerms.NET_RATE,
                    valid_from=timezone.localdate() - timedelta(days=1))
    # The cluster lets this operator pay its suppliers on account (monthly statement).
    Contract.objects.filter(operator=operator).update(on_account=True)
    return experiences


def t(message: str) -> str:
    """``message`` as the Italian pages show it."""
    with translation.override("it"):
        return translation.gettext(message)


def euros(cents: int) -> str:
    with translation.override("it"):
        return money_format(amount_cents=cents, currency="EUR")


def _axe(tab) -> list:
    from axe_playwright_python.sync_playwright import Axe

    # In the browser's thread, where Playwright lives (tests/e2e/conftest.py).
    results = tab._thread.call_raw(Axe().run, tab)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _add(tab, day: int, title: str, time: str, town: str = ""):
    """"Add a stop" on ``day``: the search opens near the previous stop; ``town`` searches
    elsewhere (across the sea)."""
    with tab.expect_response(lambda response: f"/days/{day}/add/" in response.url):
        tab.locator(f'[data-add-stop="{day}"]').click()
    panel = tab.locator(f'[data-add-panel="{day}"]')
    panel.wait_for()
    if town:
        panel.locator("input[name=town]").fill(town)
        with tab.expect_response(lambda response: "town=" in response.url):
            panel.locator("button[type=submit]").click()
        tab.locator(f'[data-add-panel="{day}"][data-town="{town}"]').wait_for()
    candidate = tab.locator(f'[data-add-panel="{day}"] .candidate', has_text=title)
    candidate.locator("button[data-slot]", has_text=time).click()
    tab.locator(f'#day-{day} .stop', has_text=title).wait_for()


def test_an_operator_builds_proposes_and_books_five_days_from_bari(chromium, live_server,
                                                                   adriatic, page_errors):
    start = timezone.localdate() + timedelta(days=20)
    # Tall enough that days 3 and 4 are both on screen for the drag.
    context = chromium.new_context(base_url=live_server.url, locale="it-IT",
                                   accept_downloads=True,
                                   viewport={"width": 1280, "height": 2400})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.on("pageerror", lambda error: page_errors.append(str(error)))

    tab.goto("/it/operators/sign-in/")
    tab.locator("input[name=username]").fill(DEMO_OPERATORS[0].email)
    tab.locator("input[name=password]").fill(DEMO_PASSWORD_DEFAULT)
    tab.get_by_role("button", name=t("Sign in")).click()
    tab.wait_for_url(re.compile(r"/operators/account/$"))

    tab.goto("/it/operators/itineraries/new/")
    tab.locator("#id_title").fill("5 days from Bari")
    tab.locator("#id_start_date").fill(start.isoformat())
    tab.locator("#id_day_count").fill("5")
    tab.locator("#id_adults").fill("2")
    tab.get_by_role("button", name=t("Create and open the builder")).click()
    tab.wait_for_url(re.compile(r"/operators/itineraries/\d+/$"))
    itinerary = Itinerary.objects.get(title="5 days from Bari")

    # Day 1 in Bari in the afternoon, days 2 and 3 in Albania: the overnight ferry.
    _add(tab, 1, "Wine tasting in Bari", "15:00")
    _add(tab, 2, "Amphitheatre walk in Durrës", "15:00", town="Durrës")
    _add(tab, 3, "Bunk'Art in Tirana", "10:00", town="Tirana")
    ferry = tab.locator('#day-1 [data-leg-kind="ferry"]')
    ferry.wait_for()
    assert re.search(r"\d\d:\d\d", ferry.inner_text()), ferry.inner_text()
    leg = Leg.objects.get(itinerary=itinerary, kind="ferry")
    assert leg.sails_at.date() in (start, start + timedelta(days=1))

    # Two stops at the same time on day 3: a conflict, in words; dragged to day 4, it fits.
    _add(tab, 3, "Albanian cooking class", "10:00", town="Durrës")
    overlap = tab.locator('#day-3 [data-conflict="overlap"]')
    overlap.wait_for()
    assert "before" in overlap.inner_text()
    handle = tab.locator("#day-3 .stop", has_text="Albanian cooking class").locator(
        ".stop__handle")
    target = tab.locator('ol.day__stops[data-day="4"]')
    box, goal = handle.bounding_box(), target.bounding_box()
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tab.mouse.down()
    # SortableJS (fallback mode) looks under the pointer every 50 ms: move as a hand would.
    for step in range(1, 11):
        tab.mouse.move(box["x"] + (goal["x"] + 30 - box["x"]) * step / 10,
                       box["y"] + (goal["y"] + 15 - box["y"]) * step / 10)
        tab.wait_for_timeout(60)
    tab.wait_for_timeout(200)
    tab.mouse.up()
    tab.locator("#day-4 .stop", has_text="Albanian cooking class").wait_for()
    tab.locator('[data-conflict="overlap"]').wait_for(state="detached")

    violations = _axe(tab)
    assert not violations, violations

    # A 15 % markup: the gross per person follows.
    tab.locator("summary", has_text=t("Settings: party, dates, markup")).click()
    tab.locator("#id_markup_pct").fill("15")
    tab.get_by_role("button", name=t("Save and check again")).click()
    tab.wait_for_load_state()
    itinerary.refresh_from_db()
    assert itinerary.markup_pct == Decimal("15")
    from itineraries.selectors.costing import itinerary_costing

    costing = itinerary_costing(itinerary)
    shown = tab.locator("[data-gross-per-person]").inner_text()
    assert euros(costing.gross_per_person_cents) in shown, shown
    assert costing.markup_cents == costing.net_cents * 15 // 100

    # The proposal: prices locked, a link for the client.
    tab.locator("summary", has_text=t("Send the proposal")).click()
    tab.locator("[data-propose]").click()
    tab.locator("[data-share-link]").first.wait_for()
    share_url = tab.locator("[data-share-link]").first.get_attribute("href")
    assert ShareLink.objects.filter(itinerary=itinerary).count() == 1

    client = chromium.new_context(base_url=live_server.url, locale="it-IT",
                                  accept_downloads=True)
    client_tab = client.new_page()
    client_tab.on("pageerror", lambda error: page_errors.append(str(error)))
    client_tab.goto(share_url)
    body = client_tab.locator("main").inner_text()
    assert "Wine tasting in Bari" in body and t("per person") in body
    net = itinerary_costing(itinerary).net_cents
    assert euros(net) not in body
    for kind, magic in (("pdf", b"%PDF"), ("ics", b"BEGIN:VCALENDAR"), ("gpx", b"<?xml")):
        with client_tab.expect_download() as download:
            client_tab.locator(f'[data-download="{kind}"]').click()
        path = download.value.path()
        with open(path, "rb") as handle_file:
            assert handle_file.read(40).lstrip().startswith(magic), kind
    geojson = client_tab.request.get(share_url + "route.geojson").json()
    assert geojson["type"] == "FeatureCollection" and json.dumps(geojson)
    violations = _axe(client_tab)
    assert not violations, violations
    client.close()

    # Book it all in one order, on account.
    tab.locator("[data-book]").click()
    tab.wait_for_url(re.compile(r"/book/$"))
    tab.locator("input[name=payment][value=account]").check()
    tab.locator("[data-book-now]").click()
    tab.wait_for_url(re.compile(r"/operators/itineraries/\d+/$"))
    itinerary.refresh_from_db()
    order = Order.objects.get(pk=itinerary.order_id)
    assert itinerary.status == "booked"
    assert sorted(b.experience.title for b in order.bookings.all()) == sorted([
        "Wine tasting in Bari", "Amphitheatre walk in Durrës", "Bunk'Art in Tirana",
        "Albanian cooking class"])
    from marketplace.bookings.selectors import supplier_manifest

    for booking in order.bookings.all():
        manifest = supplier_manifest(provider=booking.provider,
                                     day=timezone.localtime(booking.slot.starts_at).date())
        assert booking.pk in {row.pk for row in manifest}, booking
    assert not page_errors, page_errors
    context.close()
