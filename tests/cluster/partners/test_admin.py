"""The SME's dashboard panel and saving a bundle as a draft trip, through the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from wagtail.users.models import UserProfile

from cluster.partners.errors import BundleNotSaved
from cluster.partners.selectors import partner_suggestions
from cluster.partners.services import bundle_draft_save
from itineraries.models import Itinerary, Stop
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.services.permissions import sme_group_ensure

pytestmark = pytest.mark.django_db


def _user(provider, name):
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(sme_group_ensure(provider=provider))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def _url(provider):
    return f"/admin/cluster/partners/{provider.pk}/drafts/"


def _post_data(suggestion, bundle_date):
    return {"partner": suggestion.partner_id, "day": bundle_date.day.isoformat(),
            "experience": [p.experience_id for p in suggestion.bundle.parts]}


def test_the_panel_shows_the_sme_its_own_partners(world, client):
    client.force_login(_user(world["sme"], "sme-olio"))
    body = client.get("/admin/").content.decode()
    assert "Who could sell with you" in body
    assert "Bottega Cartapesta" in body and "Cicloturismo Salento" in body
    assert "Cantina Vicina" not in body and "Vlora Boats" not in body
    assert "Save as a draft trip" in body
    assert _url(world["sme"]) in body and _url(world["crafts"]) not in body


def test_another_sme_sees_its_own_panel(world, client):
    client.force_login(_user(world["crafts"], "sme-carta"))
    body = client.get("/admin/").content.decode()
    assert _url(world["crafts"]) in body and _url(world["sme"]) not in body
    assert "Masseria Olio" in body  # its partner


def test_saving_a_bundle_creates_a_curated_draft_with_its_slots(world, client):
    user = _user(world["sme"], "sme-olio")
    suggestion = partner_suggestions(provider=world["sme"])[0]
    bundle_date = suggestion.bundle.dates[0]
    client.force_login(user)
    response = client.post(_url(world["sme"]), _post_data(suggestion, bundle_date))
    assert response.status_code == 302
    itinerary = Itinerary.objects.get()
    assert itinerary.operator is None and itinerary.status == Itinerary.Status.DRAFT
    assert (itinerary.start_date, itinerary.day_count) == (bundle_date.day, 1)
    assert itinerary.party_size == suggestion.bundle.party and itinerary.created_by == user
    stops = Stop.objects.filter(day__itinerary=itinerary).order_by("position")
    assert [s.slot_id for s in stops] == list(bundle_date.slot_ids)


def test_another_sme_cannot_save_for_this_supplier(world, client):
    suggestion = partner_suggestions(provider=world["sme"])[0]
    client.force_login(_user(world["crafts"], "sme-carta"))
    response = client.post(_url(world["sme"]), _post_data(suggestion, suggestion.bundle.dates[0]))
    assert response.status_code == 404
    assert not Itinerary.objects.exists()


def test_a_date_without_room_is_refused(world):
    suggestion = partner_suggestions(provider=world["sme"])[0]
    bundle_date = suggestion.bundle.dates[0]
    Slot.objects.filter(experience_id=bundle_date.stops[-1].experience_id).update(
        booked=F("capacity"))
    with pytest.raises(BundleNotSaved, match="no room"):
        bundle_draft_save(provider=world["sme"], partner=world["crafts"],
                          experiences=suggestion.bundle.experience_ids, day=bundle_date.day)
    assert not Itinerary.objects.exists()


def test_a_bundle_of_one_side_only_is_refused(world):
    suggestion = partner_suggestions(provider=world["sme"])[0]
    crafts_only = [p.experience_id for p in suggestion.bundle.parts
                   if p.provider_path == world["crafts"].path]
    with pytest.raises(BundleNotSaved):
        bundle_draft_save(provider=world["sme"], partner=world["crafts"],
                          experiences=crafts_only * 2, day=suggestion.bundle.dates[0].day)
