"""The members' public pages: directory, profile, editing and joining; bad input gives a 4xx
with the message, and nothing is written."""

from html import escape

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from cluster.members.models import Member
from cluster.members.services import members_sync

from .conftest import application

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_the_directory_lists_cards_and_offers_a_map(make_member, client):
    make_member(name="Cantina Bari")
    make_member(name="Left already", active=False)
    response = client.get("/en/cluster/members/")
    assert response.status_code == 200
    body = _text(response)
    assert "Cantina Bari" in body and "Left already" not in body
    assert 'id="members-map"' in body and "/en/cluster/members/map.geojson" in body
    assert '<label for="id_sector">' in body


def test_a_filter_that_cannot_be_read_is_400_with_its_message(client):
    response = client.get("/en/cluster/members/?country=XX")
    assert response.status_code == 400
    assert "Select a valid choice" in _text(response)
    response = client.get("/en/cluster/members/map.geojson?sector=nope")
    assert response.status_code == 400 and "sector" in response.json()["errors"]


@pytest.mark.parametrize(("language", "language_name"), [("it", "inglese"), ("en", "english")])
def test_the_profile_names_sectors_and_languages_in_the_page_language(
        make_member, client, language, language_name):
    from marketplace.catalogue.models.sectors import Sector

    sector = Sector.objects.get(slug="food-wine", locale__language_code=language).name
    member = make_member(name="Cantina Bari", languages=("it", "en"), about="Dal 1950.")
    response = client.get(f"/{language}/cluster/members/{member.pk}/")
    body = _text(response)
    assert response.status_code == 200
    assert escape(sector) in body and language_name in body.lower()
    assert "Dal 1950." in body


def test_the_profile_links_the_supplier_page(make_provider, client):
    page = make_provider(legal_name="Masseria Con Pagina")
    members_sync()
    member = Member.objects.get(provider=page)
    body = _text(client.get(f"/it/cluster/members/{member.pk}/"))
    assert f'href="{page.url}"' in body


def test_a_member_that_is_not_active_has_no_public_profile(make_member, client):
    member = make_member(active=False)
    assert client.get(f"/en/cluster/members/{member.pk}/").status_code == 404


def test_a_member_edits_only_its_own_profile(make_member, client):
    users = get_user_model().objects
    own, other = users.create_user("own"), users.create_user("other")
    mine, theirs = make_member(users=[own]), make_member(users=[other])
    client.force_login(own)
    assert client.get(f"/en/cluster/members/{mine.pk}/edit/").status_code == 200
    response = client.post(f"/en/cluster/members/{mine.pk}/edit/", {
        "offers": "Olio nuovo per ristoranti", "sectors": ["food-wine"], "languages": ["it"]})
    assert response.status_code == 302 and response["Location"].endswith("?saved=1")
    assert Member.objects.get(pk=mine.pk).offers == "Olio nuovo per ristoranti"
    for method in ("get", "post"):
        response = getattr(client, method)(f"/en/cluster/members/{theirs.pk}/edit/",
                                           {"offers": "hijacked"})
        assert response.status_code == 404
    assert Member.objects.get(pk=theirs.pk).offers != "hijacked"
    client.logout()
    response = client.get(f"/en/cluster/members/{mine.pk}/edit/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_bad_profile_input_is_400_with_the_message(make_member, client):
    own = get_user_model().objects.create_user("own")
    member = make_member(users=[own])
    client.force_login(own)
    response = client.post(f"/en/cluster/members/{member.pk}/edit/",
                           {"website": "not a site", "offers": "changed"})
    assert response.status_code == 400 and "Enter a valid URL" in _text(response)
    assert Member.objects.get(pk=member.pk).offers != "changed"


def _join_data(**overrides) -> dict:
    app = application()
    data = {"name": app.name, "kind": "supplier", "country": "IT",
            "vat_number": app.vat_number, "town": "Bari", "sectors": ["food-wine"],
            "languages": ["it", "en"], "email": "info@example.com",
            "offers": "Olio", "needs": ""}
    data.update(overrides)
    return data


def test_a_company_joins_and_is_thanked(client):
    data = _join_data()
    response = client.post("/en/cluster/join/", data)
    assert response.status_code == 302 and response["Location"] == "/en/cluster/join/thanks/"
    member = Member.objects.get()
    assert (member.status, member.vat_number, member.sectors) == ("applied",
                                                                  data["vat_number"],
                                                                  ["food-wine"])
    assert client.get("/en/cluster/join/thanks/").status_code == 200


def test_joining_twice_is_refused_with_a_clear_message(client):
    data = _join_data()
    client.post("/en/cluster/join/", data)
    with translation.override("en"):
        response = client.post("/en/cluster/join/", {**data, "name": "Same company again",
                                                      "vat_number": "IT" + data["vat_number"]})
    assert response.status_code == 409
    assert "one membership per company" in _text(response)
    assert Member.objects.count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("vat_number", "12345678901", "check digit"),
    ("email", "nobody", "Enter a valid email address"),
    ("country", "FR", "Select a valid choice"),
])
def test_bad_join_input_is_400_with_the_message(client, field, value, message):
    response = client.post("/en/cluster/join/", _join_data(**{field: value}))
    assert response.status_code == 400 and message in _text(response)
    assert not Member.objects.exists()
