"""Acceptance, over HTTP on the demo data: a tourist books a demo experience and pays with
the test card 4242 4242 4242 4242 (on localstripe, as the checkout page's script does); the
booking is confirmed, the supplier's manifest lists it, the voucher PDF carries a QR code."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import user_suppliers
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slot_owner_ids

pytestmark = pytest.mark.django_db


def test_a_tourist_books_and_pays_a_demo_experience(client, localstripe,
                                                    django_capture_on_commit_callbacks):
    call_command("load_demo_data", stdout=StringIO())
    sme = get_user_model().objects.get(username="sme-puglia")
    provider_ids = {p.pk for p in user_suppliers(user=sme)}
    slots = (Slot.objects.filter(
        experience_id__in=slot_owner_ids(), experience__booking_mode="instant",
        experience__is_lodging=False, starts_at__gt=timezone.now() + timedelta(days=2),
        held=0, booked=0).select_related("experience").order_by("starts_at"))
    slot = next(s for s in slots if s.experience.get_parent().pk in provider_ids)
    experience = slot.experience

    # The experience page links its calendar's start times to the booking form.
    page = client.get(experience.url)
    assert page.status_code == 200
    book_url = reverse("marketplace:book", kwargs={"slot_id": slot.pk})
    adult = PriceOption.objects.filter(page=experience, price_cents__gt=0).first()
    people = max(2, experience.group_min) if adult.kind != "per_night" else 1
    response = client.post(book_url, {"name": "Anna Becker", "email": "anna@example.com",
                                      "phone": "+49 30 1234", f"qty_{adult.pk}": str(people)})
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get(email="anna@example.com")

    # The checkout page mounts the Payment Element with the order's PaymentIntent.
    checkout = client.get(response["Location"])
    assert checkout.status_code == 200
    assert order.reference.encode() in checkout.content
    # The card 4242 4242 4242 4242, tokenised as localstripe's Stripe.js does in the browser.
    body = (b"card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034"
            b"&card[cvc]=123&key=pk_test_localstripe")
    token = json.loads(localstripe.request("POST", "/v1/tokens", body))
    token_query = f"?token={order.access_token}"
    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(reverse("marketplace:checkout_confirm",
                                      kwargs={"reference": order.reference}) + token_query,
                              {"payment_method": token["card"]["id"]},
                              content_type="application/json")
        assert confirm.json() == {"status": "succeeded"}
        done = client.get(reverse("marketplace:checkout_done",
                                  kwargs={"reference": order.reference}) + token_query)
    assert done.status_code == 302

    order.refresh_from_db()
    booking = order.bookings.get()
    assert order.status == Order.Status.PAID
    assert booking.status == Booking.Status.CONFIRMED
    assert any(message.to == ["anna@example.com"] and message.attachments
               for message in mail.outbox)  # the confirmation with the voucher

    # The order page, then the voucher PDF with its QR code (an embedded image).
    order_page = client.get(done["Location"])
    voucher_url = reverse("marketplace:voucher_download",
                          kwargs={"reference": order.reference, "booking_id": booking.pk})
    assert order_page.status_code == 200 and voucher_url in order_page.content.decode()
    voucher = client.get(voucher_url + token_query)
    assert voucher.status_code == 200 and voucher.content.startswith(b"%PDF")
    assert b"/Subtype /Image" in voucher.content

    # The supplier's manifest for that day lists it.
    client.force_login(sme)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    manifest = client.get(reverse("marketplace_manifest"), {"day": day})
    assert manifest.status_code == 200
    assert order.reference in manifest.content.decode()
