"""The public directory: only active members, its filters, constant queries, the GeoJSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cluster.members.selectors import DirectoryFilters, member_directory, member_features
from cluster.members.services import member_suspend

pytestmark = pytest.mark.django_db
TIRANA = (41.32744, 19.81866)


@pytest.fixture
def members(make_member):
    return {
        "bari": make_member(name="Cantina Bari", sectors=("food-wine",), languages=("it",)),
        "tirana": make_member(name="Tirana Walks", country="AL", vat_number="K12345678L",
                              lat=TIRANA[0], lon=TIRANA[1], town="Tirana",
                              sectors=("culture-heritage",), languages=("sq", "en"),
                              offers="Guided walks", needs="Italian partners for food tours"),
        "applied": make_member(name="Not yet", active=False),
        "suspended": member_suspend(member=make_member(name="Suspended")),
    }


def _names(**filters) -> list[str]:
    return [m.name for m in member_directory(filters=DirectoryFilters(**filters))]


def test_only_active_members_are_listed(members):
    assert _names() == ["Cantina Bari", "Tirana Walks"]


@pytest.mark.parametrize(("filters", "expected"), [
    ({"country": "AL"}, ["Tirana Walks"]),
    ({"area": "IT-75"}, ["Cantina Bari"]),
    ({"sector": "food-wine"}, ["Cantina Bari"]),
    ({"sector": "food"}, []),  # a slug, not a part of one
    ({"language": "en"}, ["Tirana Walks"]),
    ({"text": "italian partners"}, ["Tirana Walks"]),
    ({"text": "olio"}, ["Cantina Bari"]),
    ({"country": "IT", "language": "sq"}, []),
])
def test_filters(members, filters, expected):
    assert _names(**filters) == expected


def test_the_directory_and_its_page_take_the_same_queries_for_3_and_20(make_member, client):
    def measure():
        with CaptureQueriesContext(connection) as selector:
            list(member_directory(filters=DirectoryFilters(country="IT")))
        with CaptureQueriesContext(connection) as page:
            assert client.get("/en/cluster/members/?country=IT").status_code == 200
        with CaptureQueriesContext(connection) as geojson:
            assert client.get("/en/cluster/members/map.geojson?country=IT").status_code == 200
        return len(selector), len(page), len(geojson)

    for _ in range(3):
        make_member()
    measure()  # the first request fills the site's caches (the site, the navigation)
    three = measure()
    for _ in range(17):
        make_member()
    assert measure() == three
    assert three[0] <= 2


def test_the_geojson_writes_lon_lat(members):
    with translation.override("en"):
        collection = member_features(filters=DirectoryFilters(country="AL"))
    [feature] = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [TIRANA[1], TIRANA[0]]}
    assert feature["properties"]["name"] == "Tirana Walks"
    assert feature["properties"]["url"] == f"/en/cluster/members/{members['tirana'].pk}/"
    assert collection["truncated"] is False
