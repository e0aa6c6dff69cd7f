"""A tourist in a real browser: from an experience page's calendar to the booking form, the
checkout (the Payment Element that localstripe's Stripe.js draws), the order page and the
voucher PDF; and a declined card that leaves the order unpaid.

Headless Chromium through Playwright, the site on pytest-django's live server, Stripe on this
process's localstripe (see ``tests/localstripe.py``). The pages are in Italian (the
experience's language): labels are looked up through the site's own translations.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from marketplace.bookings.models import Booking, Order
from marketplace.catalogue.models.schedules import Slot
from marketplace.payments.models import Payment

# The live server runs in another thread: it needs committed data (a transactional test),
# and the rows the migrations made (locales, home pages, sectors, groups) come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGE = "it"
CARD_OK = "4242 4242 4242 4242"
CARD_DECLINED = "4000 0000 0000 0341"


def t(message: str) -> str:
    """``message`` as the pages show it."""
    with translation.override(LANGUAGE):
        return translation.gettext(message)


@pytest.fixture
def tasting(make_experience):
    return make_experience(photos=0, capacity=6)


def _slot(experience) -> Slot:
    """A start a few days ahead (well past any cut-off)."""
    return (Slot.objects.filter(experience=experience,
                                starts_at__gte=timezone.now() + timedelta(days=3))
            .order_by("starts_at").first())


def _book_and_reach_checkout(tab, localstripe, experience, *, places: int) -> Order:
    """Experience page → a start time in the calendar → the booking form → the checkout,
    whose Stripe.js must come from this process's localstripe. Returns the order."""
    slot = _slot(experience)
    stripe_js_url = f"{localstripe.url}/js.stripe.com/v3/"

    assert experience.url.startswith(f"/{LANGUAGE}/")
    tab.goto(experience.url)
    tab.locator(f'a.calendar__slot[href$="/book/{slot.pk}/"]').click()
    tab.wait_for_url(re.compile(rf"/book/{slot.pk}/$"))

    tab.get_by_label("Adult").fill(str(places))
    tab.get_by_label(t("Your name")).fill("Anna Becker")
    tab.get_by_label(t("Email")).fill("anna@example.com")
    with tab.expect_response(stripe_js_url) as stripe_js:
        tab.get_by_role("button", name=t("Continue to payment"), exact=True).click()
    tab.wait_for_url(re.compile(r"/checkout/[^/]+/\?token="))
    assert stripe_js.value.ok
    assert tab.locator(f'script[src="{stripe_js_url}"]').count() == 1

    order = Order.objects.get(email="anna@example.com")
    assert order.bookings.get().places == places
    # localstripe's fake Payment Element: its card fields are in the page itself.
    tab.locator("#payment-element input[placeholder=number]").wait_for()
    return order


def _pay(tab, card_number: str) -> None:
    expiry = date.today().replace(day=1) + timedelta(days=3 * 366)
    element = tab.locator("#payment-element")
    element.locator("input[placeholder=number]").fill(card_number.replace(" ", ""))
    element.locator("input[placeholder=exp_month]").fill(f"{expiry.month:02d}")
    element.locator("input[placeholder=exp_year]").fill(f"{expiry.year % 100:02d}")
    element.locator("input[placeholder=cvc]").fill("123")
    element.locator("input[placeholder=postal_code]").fill("73100")
    tab.locator("#pay-button").click()


def test_a_tourist_books_pays_and_downloads_the_voucher(tab, page_errors, localstripe,
                                                        tasting):
    order = _book_and_reach_checkout(tab, localstripe, tasting, places=2)

    _pay(tab, CARD_OK)

    tab.wait_for_url(re.compile(rf"/orders/{order.reference}/\?token="))
    booking = order.bookings.get()
    status = tab.locator(f"#booking-{booking.pk} .order__status")
    assert status.inner_text() == t("Confirmed")
    assert "order__status--confirmed" in status.get_attribute("class")
    order.refresh_from_db()
    booking.refresh_from_db()
    assert order.status == Order.Status.PAID
    assert booking.status == Booking.Status.CONFIRMED

    # The voucher: Chromium opens the inline PDF in its viewer, which hides the file's bytes
    # from the page's response, so they are fetched again with the tab's cookies.
    voucher_link = tab.get_by_role("link", name=t("Download the voucher (PDF)"))
    voucher_path = f"/orders/{order.reference}/vouchers/{booking.pk}.pdf"
    assert voucher_path + "?token=" in voucher_link.get_attribute("href")
    with tab.expect_response(lambda response: voucher_path in response.url) as voucher_info:
        voucher_link.click()
    assert voucher_info.value.ok
    assert voucher_info.value.headers["content-type"] == "application/pdf"
    voucher = tab.request.get(voucher_info.value.url)
    assert voucher.ok and voucher.headers["content-type"] == "application/pdf"
    body = voucher.body()
    assert body.startswith(b"%PDF-") and b"%%EOF" in body[-1024:]
    assert page_errors == []


def test_a_declined_card_says_so_and_the_order_stays_unpaid(tab, page_errors, localstripe,
                                                            tasting):
    order = _book_and_reach_checkout(tab, localstripe, tasting, places=1)
    checkout_url = tab.url

    _pay(tab, CARD_DECLINED)

    message = tab.locator("#payment-message")
    declined = t("The payment was declined: %(reason)s").split("%(reason)s")[0]
    assert declined.strip()
    message.filter(has_text=declined).wait_for()
    assert tab.url == checkout_url
    assert tab.locator("#pay-button").is_enabled()

    order.refresh_from_db()
    assert order.status != Order.Status.PAID
    assert order.status == Order.Status.AWAITING_PAYMENT
    assert order.bookings.get().status == Booking.Status.HELD
    assert not Payment.objects.filter(order=order, status=Payment.Status.SUCCEEDED).exists()
    assert page_errors == []
