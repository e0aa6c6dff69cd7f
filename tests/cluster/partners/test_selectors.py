"""The suggestions: who complements a supplier, in what order, and the bundle's dates."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cluster.partners.selectors import partner_suggestions
from cluster.partners.selectors.suggestions import language_names, month_ranges
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slot_places_left_by_id
from marketplace.core.dates import LOCAL_TZ

from .conftest import LECCE

pytestmark = pytest.mark.django_db


def _ids(suggestions):
    return [s.partner_id for s in suggestions]


def test_other_sectors_in_reach_nearer_first(world):
    found = partner_suggestions(provider=world["sme"])
    assert _ids(found) == [world["crafts"].pk, world["nature"].pk]
    assert found[0].travel_min < found[1].travel_min <= 60
    assert found[0].score > found[1].score


def test_same_sector_and_across_the_sea_are_left_out(world):
    ids = _ids(partner_suggestions(provider=world["sme"], limit=10))
    assert world["same"].pk not in ids
    assert world["sea"].pk not in ids
    # Even with all day to travel, the sea is crossed only by ferry, hours away: still out.
    assert world["sea"].pk not in _ids(partner_suggestions(provider=world["sme"],
                                                           max_travel_min=90))


def test_the_reasons_are_in_words(world):
    from django.utils import translation

    with translation.override("en"):
        best = partner_suggestions(provider=world["sme"])[0]
    assert "Papier-mâché workshop" in best.summary
    assert "min away" in best.summary and "like you" in best.summary
    words = " / ".join(line.words for line in best.lines)
    assert "English and Italian" in words and "all year" in words


def test_months_and_languages_in_words():
    from django.utils import translation

    with translation.override("en"):
        assert month_ranges({6, 7, 8, 9}) == "June–September"
        assert month_ranges({11, 12, 1, 2}) == "November–February"
        assert language_names({"it", "en"}) == "English and Italian"


def test_a_supplier_that_does_not_share_a_language_is_left_out(world, make_provider,
                                                                make_experience):
    deaf = make_provider(legal_name="Only Albanian", sector_slugs=["crafts"], lat=LECCE[0],
                         lon=LECCE[1])
    make_experience(provider=deaf, photos=1, sector_slug="crafts", languages="sq")
    assert deaf.pk not in _ids(partner_suggestions(provider=world["sme"], limit=10))


def _local_day(slot_start):
    return timezone.localtime(slot_start, LOCAL_TZ).date()


def test_the_bundle_dates_are_really_bookable(world):
    for suggestion in partner_suggestions(provider=world["sme"]):
        bundle = suggestion.bundle
        assert 2 <= len(bundle.parts) <= 4 and bundle.dates
        assert {p.experience_id for p in bundle.parts} >= {
            world["sme"].get_children().first().pk}
        for bundle_date in bundle.dates:
            slots = list(Slot.objects.filter(pk__in=bundle_date.slot_ids))
            places = slot_places_left_by_id(slots=slots)
            assert sorted(s.experience_id for s in slots) == sorted(bundle.experience_ids)
            assert {_local_day(s.starts_at) for s in slots} == {bundle_date.day}
            assert all(places[s.pk] >= bundle.party for s in slots)
            assert bundle_date.places == min(places.values())
            stops = bundle_date.stops
            assert all(a.ends_at <= b.starts_at for a, b in zip(stops, stops[1:], strict=False))


def test_filling_one_part_removes_the_date(world):
    bundle = partner_suggestions(provider=world["sme"])[0].bundle
    first = bundle.dates[0]
    partner_part = next(s for s in first.stops if s.experience_id != bundle.parts[0].experience_id)
    Slot.objects.filter(experience_id=partner_part.experience_id,
                        starts_at__date=first.stops[0].starts_at.date()).update(
        booked=F("capacity"))
    again = partner_suggestions(provider=world["sme"])[0].bundle
    assert first.day not in [d.day for d in again.dates]
    assert again.dates  # the other days stay


def test_the_scarcest_part_decides_the_places(world):
    bundle = partner_suggestions(provider=world["sme"])[0].bundle
    day = bundle.dates[0].day
    Slot.objects.filter(experience_id__in=bundle.experience_ids).update(booked=0)
    scarce = bundle.parts[-1].experience_id
    for slot in Slot.objects.filter(experience_id=scarce):
        if _local_day(slot.starts_at) == day:
            Slot.objects.filter(pk=slot.pk).update(booked=F("capacity") - 3)
    again = partner_suggestions(provider=world["sme"])[0].bundle
    assert next(d for d in again.dates if d.day == day).places == 3


def _queries(provider) -> int:
    with CaptureQueriesContext(connection) as queries:
        found = partner_suggestions(provider=provider, limit=20)
    return len(queries), len(found)


def test_the_queries_do_not_grow_with_the_candidates(short_slot_horizon, make_provider,
                                                      make_experience):
    sme = make_provider(legal_name="Masseria Conta", sector_slugs=["food-wine"])
    make_experience(provider=sme, photos=1)

    def partners(n):
        for i in range(n):
            partner = make_provider(legal_name=f"Partner {i}", sector_slugs=["crafts"],
                                    lat=LECCE[0] + 0.01 * i, lon=LECCE[1])
            make_experience(provider=partner, photos=0, sector_slug="crafts",
                            lat=LECCE[0] + 0.01 * i, lon=LECCE[1])

    partners(3)
    three, found3 = _queries(sme)
    partners(9)
    twelve, found12 = _queries(sme)
    assert (found3, found12) == (3, 12)
    assert three == twelve
