"""The demo itineraries, on the whole demo (the smoke test of the command builds only three
suppliers, too few for a trip): each demo operator's proposed and booked itinerary, the three
sample trips and their pages, and a second run that creates nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Page

from itineraries.demo import BAD_CONFLICTS, OPERATOR_TRIPS, SAMPLE_TRIPS
from itineraries.models import Itinerary, Leg, Stop
from itineraries.pages import ItineraryPage
from itineraries.selectors.conflicts import itinerary_conflicts
from itineraries.services.proposals import share_link_usable

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ADRIATIC = "Across the Adriatic: Bari, Durrës, Shkodër, Kotor"


def _run() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo loaded once for the module, in a transaction rolled back after it, so
    the other tests of this worker never see it; the first run's output."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEMO_MARKETPLACE_PROVIDERS=None):
                yield _run()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _operator_itineraries(email: str, status: str) -> list[Itinerary]:
    return list(Itinerary.objects.filter(operator__email=email, status=status))


@pytest.mark.parametrize("email", list(OPERATOR_TRIPS))
def test_each_operator_has_a_proposal_its_client_can_open(demo, client, email):
    proposed = _operator_itineraries(email, Itinerary.Status.PROPOSED)
    assert len(proposed) == 1
    links = [link for link in proposed[0].share_links.all()
             if share_link_usable(token=link.token)]
    assert len(links) == 1
    url = f"/en/proposals/{links[0].token}/"
    assert url in demo  # the report says where to look
    response = client.get(url)
    assert response.status_code == 200
    assert proposed[0].title in response.content.decode()


@pytest.mark.parametrize("email", list(OPERATOR_TRIPS))
def test_each_operator_has_an_itinerary_booked_on_account_in_one_order(demo, email):
    booked = _operator_itineraries(email, Itinerary.Status.BOOKED)
    assert len(booked) == 1
    order = booked[0].order
    assert order is not None and order.status == order.Status.PAID
    stops = Stop.objects.filter(day__itinerary=booked[0],
                                kind__in=[Stop.Kind.EXPERIENCE, Stop.Kind.LODGING])
    assert stops.count() >= 2
    assert sorted(b.slot_id for b in order.bookings.all()) == sorted(s.slot_id for s in stops)


def test_every_demo_itinerary_fits(demo):
    itineraries = list(Itinerary.objects.all())
    assert len(itineraries) == 4 + len(SAMPLE_TRIPS)
    for itinerary in itineraries:
        assert 3 <= itinerary.day_count <= 5
        codes = {c.code for c in itinerary_conflicts(itinerary)}
        assert not codes & BAD_CONFLICTS, (itinerary.title, codes)


def test_sample_trips_are_published_in_italian_and_english(demo, client):
    for spec in SAMPLE_TRIPS:
        itinerary = Itinerary.objects.get(operator=None, title=spec.title)
        pages = ItineraryPage.objects.filter(itinerary=itinerary).live()
        assert {p.locale.language_code for p in pages} >= {"it", "en"}
        assert len({p.translation_key for p in pages}) == 1
        for page in pages:
            assert client.get(page.url).status_code == 200
    assert client.get("/en/sample-trips/").status_code == 200


def test_the_adriatic_trip_sails_overnight_and_crosses_the_border(demo):
    itinerary = Itinerary.objects.get(operator=None, title=ADRIATIC)
    kinds = set(Leg.objects.filter(itinerary=itinerary).values_list("kind", flat=True))
    assert {Leg.Kind.FERRY, Leg.Kind.BORDER} <= kinds
    assert Leg.objects.filter(itinerary=itinerary, kind=Leg.Kind.FERRY, overnight=True).exists()


def test_a_second_run_creates_nothing(demo):
    counts = (Itinerary.objects.count(), Stop.objects.count(), Page.objects.count())
    out = _run()
    assert (Itinerary.objects.count(), Stop.objects.count(), Page.objects.count()) == counts
    assert "demo itineraries and sample trips are already there" in out
    assert "nothing changed" in out
