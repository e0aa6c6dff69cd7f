"""A trip of several experiences (different suppliers) booked in one order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot

pytestmark = pytest.mark.django_db


def _slot(experience, days=4):
    return Slot.objects.filter(experience=experience,
                               starts_at__gte=timezone.now() + timedelta(days=days)).order_by(
        "starts_at").first()


def _adult(experience):
    return PriceOption.objects.get(page=experience, label="Adult")


@pytest.fixture
def two_suppliers(make_provider, make_experience):
    return (make_experience(provider=make_provider(), photos=0, capacity=4),
            make_experience(provider=make_provider(), photos=0, capacity=4,
                            booking_mode="request"))


def _add(client, experience, places=2, days=4):
    slot = _slot(experience, days)
    return slot, client.post(f"/it/book/{slot.pk}/", {f"qty_{_adult(experience).pk}": places,
                                                      "add_to_cart": "1"})


def test_legs_of_two_suppliers_are_booked_in_one_order(client, two_suppliers):
    tasting, boat = two_suppliers
    first, response = _add(client, tasting)
    assert response.status_code == 302 and response["Location"] == "/it/cart/"
    second, _response = _add(client, boat, places=3, days=5)
    page = client.get("/it/cart/")
    assert page.status_code == 200
    html = page.content.decode()
    assert tasting.title in html and "225,00" in html  # 5 adults × €45
    assert "(2 " in client.get("/it/experiences/").content.decode()  # the header's link
    # Nothing is held until the trip is booked.
    assert not Slot.objects.filter(pk__in=[first.pk, second.pk], held__gt=0).exists()
    response = client.post("/it/cart/", {"name": "Anna Becker", "email": "anna@example.com"})
    assert response.status_code == 302 and "/checkout/" in response["Location"]
    order = Order.objects.get()
    assert order.total_cents == 22500
    assert {(b.slot_id, b.places, b.provider_id) for b in order.bookings.all()} == {
        (first.pk, 2, tasting.get_parent().pk), (second.pk, 3, boat.get_parent().pk)}
    assert set(order.bookings.values_list("status", flat=True)) == {Booking.Status.HELD}
    assert "Your trip is empty" in client.get("/en/cart/").content.decode()


def test_a_sold_out_leg_refuses_the_whole_trip_and_says_which(client, two_suppliers):
    tasting, boat = two_suppliers
    slot, _response = _add(client, tasting, places=3)
    _add(client, boat)
    Slot.objects.filter(pk=slot.pk).update(booked=3)  # someone else booked meanwhile
    response = client.post("/en/cart/", {"name": "Anna", "email": "anna@example.com"})
    assert response.status_code == 409
    assert "Only 1 place left" in response.content.decode()
    assert not Order.objects.exists()


def test_a_leg_that_cannot_be_priced_is_not_added(client, two_suppliers):
    tasting, _boat = two_suppliers
    slot = _slot(tasting)
    response = client.post(f"/en/book/{slot.pk}/", {f"qty_{_adult(tasting).pk}": 11,
                                                    "add_to_cart": "1"})
    assert response.status_code == 400
    assert "Your trip is empty" in client.get("/en/cart/").content.decode()


def test_removing_a_leg_and_booking_an_empty_trip(client, two_suppliers):
    tasting, _boat = two_suppliers
    slot, _response = _add(client, tasting)
    client.post(f"/it/cart/remove/{slot.pk}/")
    response = client.post("/en/cart/", {"name": "Anna", "email": "anna@example.com"})
    assert response.status_code == 400
    assert "Your trip is empty" in response.content.decode()


def test_an_empty_post_of_an_empty_trip_is_a_400(client):
    response = client.post("/en/cart/")
    assert response.status_code == 400
    assert "Your trip is empty" in response.content.decode()
