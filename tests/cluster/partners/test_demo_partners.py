"""Acceptance on the whole demo: the Puglia SME's dashboard lists at least three
complementary partners, each with a draft bundle whose dates are really bookable."""

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
