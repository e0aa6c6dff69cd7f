"""Acceptance on the whole demo (loaded once for the module): the managers' home shows the
five targets met from the demo's records, and its XLSX export has the same totals; the Puglia
SME's dashboard lists at least three complementary partners, each with a draft bundle whose
dates are really bookable."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from cluster.partners.selectors import partner_suggestions
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.experiences import user_suppliers
from marketplace.catalogue.selectors.slots import slot_places_left_by_id

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo loaded once for the module, in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEMO_MARKETPLACE_PROVIDERS=None):
                call_command("load_demo_data", stdout=StringIO())
                yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_the_puglia_sme_has_three_partners_with_bookable_bundles(demo, client):
    sme = get_user_model().objects.get(username="sme-puglia")
    provider = user_suppliers(user=sme).get()
    with_dates = [s for s in partner_suggestions(provider=provider)
                  if s.bundle is not None and s.bundle.dates]
    assert len(with_dates) >= 3
    for suggestion in with_dates:
        bundle = suggestion.bundle
        assert 2 <= len(bundle.parts) <= 4
        for bundle_date in bundle.dates:
            slots = list(Slot.objects.filter(pk__in=bundle_date.slot_ids))
            places = slot_places_left_by_id(slots=slots)
            assert sorted(s.experience_id for s in slots) == sorted(bundle.experience_ids)
            assert all(places[s.pk] >= bundle.party for s in slots)
            assert bundle_date.places == min(places.values())
    client.force_login(sme)
    body = client.get("/admin/").content.decode()
    assert "Save as a draft trip" in body
    assert all(s.partner_title in body for s in with_dates[:3])


def test_the_managers_home_shows_the_five_targets_met_and_the_xlsx_agrees(demo, client):
    from io import BytesIO

    import openpyxl

    from cluster.indicators.selectors import indicators

    figures = indicators()
    assert [i.met for i in figures] == [True] * 5, [(i.target, i.count, i.companies_count)
                                                    for i in figures]
    client.force_login(get_user_model().objects.get(username="manager"))
    home = client.get("/admin/").content.decode()
    for indicator in figures:
        assert str(indicator.companies_count) in home
    workbook = openpyxl.load_workbook(BytesIO(
        client.get("/admin/cluster/indicators/export.xlsx").content))
    summary = list(workbook["Summary"].iter_rows(min_row=3, values_only=True))
    assert [(row[1], row[3]) for row in summary] == [
        (item.count, item.companies_count) for item in figures]
