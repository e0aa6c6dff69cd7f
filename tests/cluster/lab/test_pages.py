"""The lab's pages render in their language; the demo builds them once."""

import pytest

from cluster.lab.demo import MODULES, load_demo_lab
from cluster.lab.models import LabGap, LabIndexPage, LabModulePage

pytestmark = pytest.mark.django_db


def test_the_index_lists_its_modules(lab, client):
    response = client.get(lab["en", "index"].url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Digital lab" in body and "photos module en" in body
    assert "photos module it" not in body


def test_a_module_page_shows_what_why_how_and_the_checklist(lab, client):
    response = client.get(lab["it", "photos"].url)
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("photos module it", "What to do.", "Why it sells.", "How to do it.",
                 "Natural light", "Landscape"):
        assert text in body, text


def test_the_demo_makes_the_lab_once():
    made = load_demo_lab(lambda line: None)
    assert made == 2 + 2 * len(MODULES)
    assert set(LabModulePage.objects.values_list("gap", flat=True)) == set(LabGap.values)
    english = LabModulePage.objects.filter(locale__language_code="en")
    italian = LabModulePage.objects.filter(locale__language_code="it")
    assert (set(english.values_list("translation_key", flat=True))
            == set(italian.values_list("translation_key", flat=True)))
    assert LabIndexPage.objects.count() == 2
    assert load_demo_lab(lambda line: None) == 0
