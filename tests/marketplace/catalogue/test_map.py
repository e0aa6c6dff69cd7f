"""The map's GeoJSON: same filters as the list, a bounding box, [lon, lat] points."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.catalogue.services.pages import experience_index_ensure
from tests.factories.marketplace import experience_page_factory, provider_page_factory
from tests.marketplace.conftest import KOTOR

pytestmark = pytest.mark.django_db

URL = "/en/experiences/map.geojson"


def test_geojson_lists_the_same_set_as_the_page(client, catalogue):
    experience_index_ensure(language_code="it")
    data = client.get("/it/experiences/map.geojson?area=puglia").json()
    assert data["type"] == "FeatureCollection" and not data["truncated"]
    titles = sorted(f["properties"]["title"] for f in data["features"])
    assert titles == sorted([catalogue["oil"].title, catalogue["craft"].title])
    page = client.get("/it/experiences/?area=puglia").content.decode()
    for title in titles:
        assert title in page


def test_points_are_lon_lat_and_link_to_the_page(client, catalogue):
    data = client.get("/it/experiences/map.geojson?country=ME").json()
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [KOTOR[1], KOTOR[0]]}
    assert feature["properties"]["url"] == catalogue["boat"].url
    assert client.get(feature["properties"]["url"]).status_code == 200


def test_bounding_box_and_distance(client, catalogue):
    box = "18.5,42.2,19.0,42.6"  # west,south,east,north around Kotor
    data = client.get(f"/it/experiences/map.geojson?bbox={box}").json()
    assert [f["properties"]["title"] for f in data["features"]] == [catalogue["boat"].title]
    near = client.get(f"/it/experiences/map.geojson?lat={KOTOR[0]}&lon={KOTOR[1]}"
                      "&radius_km=5").json()
    assert near["features"][0]["properties"]["distance_km"] < 1


@pytest.mark.parametrize("query", ["bbox=1,2,3", "bbox=20,40,10,45", "bbox=a,b,c,d",
                                   "radius_km=0&lat=41&lon=18", "sector=space",
                                   "date_from=2027-02-30"])
def test_bad_input_gives_400_with_messages(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_query_count_is_constant(client):
    provider = provider_page_factory()

    def add(n):
        for i in range(n):
            experience_page_factory(provider=provider, title=f"Map {i}", weekly_rules=[],
                                    lat=40.35, lon=18.17, area="IT-75", country="IT")

    add(10)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get("/it/experiences/map.geojson").json()["features"]) == 10
    add(90)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/it/experiences/map.geojson").json()["features"]) == 100
    assert len(small) == len(large)


def test_list_and_map_switch_keep_the_filters(client, catalogue):
    experience_index_ensure(language_code="it")
    html = client.get("/it/experiences/?area=puglia&sector=crafts").content.decode()
    assert "view=map" in html and "area=puglia" in html
    html = client.get("/it/experiences/?area=puglia&sector=crafts&view=map").content.decode()
    assert 'id="experience-map"' in html
    assert "map.geojson?area=puglia&amp;sector=crafts" in html
