from unittest import mock

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def test_root_redirects_to_italian(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/it/"


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_page_answers_in_each_language_with_switcher(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert 'class="language-switcher"' in html
    for other in LANGUAGE_CODES:
        assert f'hreflang="{other}"' in html
    assert f'hreflang="{code}" lang="{code}" aria-current="true"' in html


def test_footer_names_the_programme_and_partners(client):
    html = client.get("/en/").content.decode()
    assert "Interreg IPA CBC Italy" in html
    assert "Camera di Commercio di Lecce" in html
    assert "National Tourism Organisation of Montenegro" in html


def test_unknown_page_gets_the_site_404(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_admin_login_page_answers(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert b"password" in response.content.lower()


def test_healthz_reports_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
        "down": [],
    }


def test_healthz_names_the_cache_when_it_is_down(client):
    with mock.patch("home.views.cache.set", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["down"] == ["cache"]
    assert body["checks"]["database"] == "ok"


def test_healthz_names_the_database_when_it_is_down(client):
    with mock.patch("home.views.connection.cursor", side_effect=RuntimeError("db gone")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize(
    ("code", "skip_link"),
    [("it", "Vai al contenuto"), ("en", "Skip to content"), ("sq", "Kalo te përmbajtja"),
     ("sr-latn", "Preskoči na sadržaj")],
)
def test_site_chrome_is_translated(client, code, skip_link):
    assert skip_link in client.get(f"/{code}/").content.decode()


@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/healthzz", "/admin-nope"])
def test_unprefixed_unknown_paths_are_404_not_redirects(client, path):
    response = client.get(path)
    if path.startswith(("/api/", "/healthz")):
        assert response.status_code == 404
    else:
        assert response.status_code in (302, 404)
