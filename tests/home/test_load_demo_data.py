from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Revision

from home.models import StandardPage

# The smoke test of the demo-data command (convention 10): builds a small marketplace.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "standard_pages": StandardPage.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
    }


def _run() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_second_run_changes_nothing_and_says_so(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    first = _run()
    after_first = _counts()
    second = _run()
    assert _counts() == after_first
    assert "nothing changed" in second
    assert "password" in first and "shown only this once" in first
    assert after_first["standard_pages"] == 8  # "About" and "Partners" in four languages


def test_generated_password_logs_in(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    out = _run()
    password = out.split("password '")[1].split("'")[0]
    assert Client().login(username="admin", password=password)


def test_password_from_environment(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-demo-password-1234")
    out = _run()
    assert "a-demo-password-1234" not in out
    assert Client().login(username="admin", password="a-demo-password-1234")


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/it/il-cluster/", "Il cluster"),
        ("/en/about/", "About the cluster"),
        ("/sq/rreth-klasterit/", "Rreth klasterit"),
        ("/sr-latn/o-klasteru/", "O klasteru"),
        ("/en/partners/", "Partners"),
    ],
)
def test_demo_pages_are_served_and_linked_as_translations(client, url, title):
    _run()
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert 'href="/en/about/"' in html or 'href="/en/partners/"' in html


def test_partners_page_lists_every_partner(client):
    _run()
    html = client.get("/en/partners/").content.decode()
    for name in ("Camera di Commercio di Lecce", "Università del Salento", "Termoli",
                 "National Tourism Agency of Albania", "Tirana", "Montenegro"):
        assert name in html
