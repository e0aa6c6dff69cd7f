"""The experience detail page: calendar, calculator data, nearby, JSON-LD and Open Graph."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalogue.selectors.experiences import experience_calendar, experience_nearby

pytestmark = pytest.mark.django_db


def test_calendar_covers_60_days_with_places(make_experience):
    experience = make_experience()
    calendar = experience_calendar(page=experience)
    assert len(calendar) == 60
    open_days = [day for day in calendar if day.slots]
    assert len(open_days) >= 58  # daily at 10:00 and 15:00, after the 24 h cut-off
    assert all(slot.places_left == 10 for day in open_days for slot in day.slots)


def test_nearby_lists_other_sectors_within_30_km(make_provider, make_experience):
    provider = make_provider()
    oil = make_experience(provider=provider, photos=1)
    same_sector = make_experience(provider=provider, photos=1)
    craft = make_experience(provider=provider, photos=1, sector_slug="crafts",
                            lat=40.20, lon=18.17)  # ~17 km south
    far = make_experience(provider=provider, photos=1, sector_slug="wellness",
                          lat=41.12, lon=16.87)  # Bari, 130 km
    nearby = experience_nearby(page=oil)
    assert [item.page.pk for item in nearby] == [craft.pk]
    assert 15 < nearby[0].distance_km < 20
    assert same_sector.pk and far.pk


def test_page_has_json_ld_open_graph_and_calculator(client, make_experience):
    experience = make_experience()
    html = client.get(experience.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                re.S).group(1))
    assert data["@type"] == "Product" and data["name"] == experience.title
    assert data["offers"]["price"] == "45.00" and data["offers"]["priceCurrency"] == "EUR"
    assert '<meta property="og:title"' in html and '<meta property="og:image"' in html
    assert 'data-price-cents="4500"' in html and 'data-price-cents="2000"' in html
    assert 'id="meeting-map"' in html


def test_detail_query_count_does_not_grow(client, make_provider, make_experience):
    provider = make_provider()
    experience = make_experience(provider=provider)
    make_experience(provider=provider, photos=1, sector_slug="crafts")
    client.get(experience.url)  # renditions are created on the first view
    with CaptureQueriesContext(connection) as few:
        client.get(experience.url)
    for _ in range(4):
        make_experience(provider=provider, photos=1, sector_slug="crafts")
    client.get(experience.url)
    with CaptureQueriesContext(connection) as more:
        client.get(experience.url)
    assert len(few) == len(more)
