"""Paying on account: an operator's order paid without a card (only where its contracts allow
it), money given back as a credit, and the operator's monthly statement page and downloads."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from marketplace.bookings.models import Booking, Order
from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.errors import BookingStateError
from marketplace.payments.models import AccountEntry, LedgerEntry
from marketplace.payments.selectors import operator_account_statement
from marketplace.payments.services.accounts import OnAccountNotAllowed
from marketplace.payments.services.settlement import booking_cancel, order_on_account_pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def sale(make_provider, make_experience, make_operator, short_slot_horizon):
    provider = make_provider(legal_name="Masseria Uliveto")
    experience = make_experience(provider=provider, photos=0)
    operator = make_operator(contracts={provider: True})
    slot = (Slot.objects.filter(experience=experience,
                                starts_at__gte=timezone.now() + timedelta(days=5))
            .order_by("starts_at").first())
    adult = experience.price_options.get(label="Adult")
    order = order_place(email=operator.email, name=operator.name, operator=operator,
                        requests=[BookingRequest(slot_id=slot.pk, quantities={adult.pk: 2})])
    return dict(provider=provider, operator=operator, order=order,
                owner=operator.members.get().user)


def test_an_order_paid_on_account_is_charged_and_cancelling_credits_it(sale):
    order = order_on_account_pay(order=sale["order"])
    assert order.status == Order.Status.PAID and order.total_cents == 2 * 4050
    booking = order.bookings.get()
    assert booking.status == Booking.Status.CONFIRMED
    assert LedgerEntry.objects.filter(booking=booking, kind="sale").get().amount_cents == 8100

    refund = booking_cancel(booking=booking, by=Booking.CancelledBy.SUPPLIER, reason="Storm")

    assert refund == 8100
    credit = AccountEntry.objects.get(kind=AccountEntry.Kind.CREDIT)
    assert credit.amount_cents == -8100 and credit.booking == booking
    assert LedgerEntry.objects.filter(booking=booking, kind="refund").get().amount_cents == -8100
    booking.refresh_from_db()
    assert booking.refund_cents == 8100
    statement = operator_account_statement(operator=sale["operator"], month=timezone.localdate())
    assert statement.charges_cents == 8100 and statement.credits_cents == -8100
    assert statement.total_cents == statement.balance_cents == 0


def test_paying_on_account_again_or_without_the_flag_is_refused(sale, make_operator):
    sale["provider"].contracts.update(on_account=False)
    with pytest.raises(OnAccountNotAllowed, match="Masseria Uliveto"):
        order_on_account_pay(order=sale["order"])
    assert not AccountEntry.objects.exists() and not LedgerEntry.objects.exists()
    assert Order.objects.get().status == Order.Status.OPEN
    sale["provider"].contracts.update(on_account=True)
    order_on_account_pay(order=sale["order"])
    with pytest.raises(BookingStateError, match="cannot be paid any more"):
        order_on_account_pay(order=sale["order"])
    assert AccountEntry.objects.count() == 1


def _statement_url(**query) -> str:
    url = reverse("marketplace:operator_statement")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_statement_page_shows_the_members_their_months(sale, client, make_operator):
    order = order_on_account_pay(order=sale["order"])
    month = f"{timezone.localdate():%Y-%m}"
    client.force_login(sale["owner"])
    response = client.get(_statement_url(month=month))
    assert response.status_code == 200
    body = response.content.decode()
    assert order.reference in body and "81.00" in body
    assert client.get(_statement_url(month="last-year")).status_code == 400
    earlier = client.get(_statement_url(month="2020-01")).content.decode()
    assert order.reference not in earlier

    csv = client.get(reverse("marketplace:operator_statement_download", args=["csv"])
                     + f"?month={month}")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert order.reference in text and "81.00" in text
    pdf = client.get(reverse("marketplace:operator_statement_download", args=["pdf"])
                     + f"?month={month}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("marketplace:operator_statement_download",
                              args=["xls"])).status_code == 404

    other = make_operator(vat="136695978").members.get().user
    client.force_login(other)
    assert order.reference not in client.get(_statement_url(month=month)).content.decode()
    nobody = get_user_model().objects.create_user("n@example.com", "n@example.com", "pw")
    client.force_login(nobody)
    assert client.get(_statement_url(month=month)).status_code == 403
    client.logout()
    assert client.get(_statement_url()).status_code == 302
