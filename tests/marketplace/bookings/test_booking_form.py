"""The booking form: from the experience page's calendar to a hold and the checkout."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasting(make_experience):
    return make_experience(photos=0, capacity=4)


def _slot(experience):
    return Slot.objects.filter(experience=experience,
                               starts_at__gte=timezone.now() + timedelta(days=3)).order_by(
        "starts_at").first()


def _url(slot):
    return f"/it/book/{slot.pk}/"


def test_the_calendar_links_each_start_with_places_to_the_form(client, tasting):
    slot = _slot(tasting)
    response = client.get(tasting.url)
    assert f'href="{_url(slot)}"'.encode() in response.content


def test_a_valid_form_holds_the_places_and_goes_to_the_checkout(client, tasting):
    slot = _slot(tasting)
    adult = PriceOption.objects.get(page=tasting, label="Adult")
    page = client.get(_url(slot))
    assert page.status_code == 200
    assert b"Adult" in page.content
    response = client.post(_url(slot), {"name": "Anna Rossi", "email": "anna@example.com",
                                         f"qty_{adult.pk}": "2"})
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("marketplace:checkout", kwargs={"reference": order.reference})
        + f"?token={order.access_token}")
    assert order.bookings.get().status == Booking.Status.HELD


def test_a_refused_booking_says_why_and_writes_nothing(client, tasting):
    slot = _slot(tasting)
    adult = PriceOption.objects.get(page=tasting, label="Adult")
    response = client.post(_url(slot), {"name": "Anna", "email": "anna@example.com",
                                         f"qty_{adult.pk}": "4", "phone": ""})
    assert response.status_code == 302
    response = client.post(_url(slot), {"name": "Bruno", "email": "bruno@example.com",
                                         f"qty_{adult.pk}": "1"})
    assert response.status_code in (400, 409)
    assert Order.objects.count() == 1


@pytest.mark.parametrize("data", [
    {"name": "", "email": "anna@example.com"},
    {"name": "Anna", "email": "not-an-email"},
    {"name": "Anna", "email": "anna@example.com", "qty": "-3"},
])
def test_malformed_input_is_a_400(client, tasting, data):
    slot = _slot(tasting)
    adult = PriceOption.objects.get(page=tasting, label="Adult")
    payload = {**data, f"qty_{adult.pk}": data.pop("qty", "1")}
    assert client.post(_url(slot), payload).status_code == 400
    assert not Order.objects.exists()


def test_a_past_or_unknown_slot_is_a_404(client, tasting):
    past = Slot.objects.create(experience=tasting, starts_at=timezone.now() - timedelta(days=1),
                               ends_at=timezone.now() - timedelta(hours=22), capacity=4)
    assert client.get(_url(past)).status_code == 404
    assert client.get("/it/book/999999/").status_code == 404
