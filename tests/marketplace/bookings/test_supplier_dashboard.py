"""The supplier's bookings in the Wagtail admin: dashboard panel, check-in, manifest, answers
to requests; and that a supplier never sees another supplier's bookings."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from marketplace.bookings.models import Booking
from marketplace.bookings.selectors import BookingRequest
from marketplace.bookings.services.orders import order_place
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.services.permissions import sme_group_ensure
from marketplace.core.dates import LOCAL_TZ
from marketplace.payments.models import LedgerEntry
from marketplace.payments.services.settlement import order_payment_succeeded
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def smes(short_slot_horizon, make_provider, make_experience):
    """Two suppliers, each with an experience (instant and on-request) and a user."""
    result = {}
    for key, name in (("a", "Masseria Alfa"), ("b", "Konoba Beta")):
        provider = make_provider(legal_name=name)
        instant = make_experience(provider=provider, cutoff_hours=0)
        on_request = make_experience(provider=provider, booking_mode="request")
        user = get_user_model().objects.create_user(f"sme-{key}", f"{key}@example.com", "pw")
        user.groups.add(sme_group_ensure(provider=provider))
        # These suppliers read the admin in English (each user picks it in their account).
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        result[key] = {"provider": provider, "instant": instant, "request": on_request,
                       "user": user}
    return result


def _book(experience, *, slot=None, adults=2, name="Ada Lovelace", phone="+39 333 1",
          note=""):
    slot = slot or (Slot.objects.filter(experience=experience,
                                        starts_at__gte=timezone.now() + timedelta(days=3))
                    .order_by("starts_at").first())
    adult = experience.price_options.get(label="Adult")
    order = order_place(email="ada@example.com", name=name, phone=phone, requests=[
        BookingRequest(slot_id=slot.pk, quantities={adult.pk: adults}, note=note)])
    order_payment_succeeded(order=order)
    return Booking.objects.select_related("order", "slot").get(order=order)


def _today_slot(experience):
    """A slot starting a minute from now (the experience has no cut-off)."""
    starts = timezone.now() + timedelta(minutes=1)
    return Slot.objects.create(experience=experience, starts_at=starts,
                               ends_at=starts + timedelta(hours=2), capacity=10)


def _denied(response) -> bool:
    """Wagtail sends a browser refused by a view back to the dashboard with a message; a
    script gets a 403. Either way nothing is shown."""
    return response.status_code == 403 or (response.status_code == 302
                                            and response["Location"] == "/admin/")


def _day(booking) -> str:
    return booking.slot.starts_at.astimezone(LOCAL_TZ).date().isoformat()


def test_dashboard_panel_shows_today_requests_next_bookings_and_balance(client, smes):
    a = smes["a"]
    today = _book(a["instant"], slot=_today_slot(a["instant"]))
    later = _book(a["instant"], name="Grace Hopper")
    request = _book(a["request"], name="Katherine Johnson", note="Allergic to nuts")
    client.force_login(a["user"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Today: 1 booking (2 places)" in html
    assert "Katherine Johnson" in html and "Allergic to nuts" in html
    assert reverse("marketplace_supplier_respond", args=[request.pk, "accept"]) in html
    assert reverse("marketplace_supplier_respond", args=[request.pk, "decline"]) in html
    assert later.voucher_code in html and today.voucher_code in html
    balance = sum(LedgerEntry.objects.filter(provider=a["provider"])
                  .values_list("amount_cents", flat=True))
    assert balance > 0
    euros, cents = divmod(balance, 100)
    assert f"{euros}.{cents:02d}" in html  # the admin in English


def test_a_supplier_never_sees_another_suppliers_bookings(client, smes):
    a, b = smes["a"], smes["b"]
    booking = _book(a["instant"])
    request = _book(a["request"], name="Katherine Johnson")
    client.force_login(b["user"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert booking.order.reference not in home and "Katherine Johnson" not in home
    manifest = reverse("marketplace_manifest")
    own = client.get(manifest, {"day": _day(booking)})
    assert own.status_code == 200 and booking.order.reference not in own.content.decode()
    assert _denied(client.get(manifest, {"provider": a["provider"].pk}))
    scripted = client.get(manifest, {"provider": a["provider"].pk},
                          headers={"x-requested-with": "XMLHttpRequest"})
    assert scripted.status_code == 403
    for fmt in ("csv", "pdf"):
        url = reverse("marketplace_manifest_download", args=[fmt])
        response = client.get(url, {"provider": a["provider"].pk, "day": _day(booking)})
        assert _denied(response)
        assert booking.order.reference.encode() not in response.content
    response = client.post(reverse("marketplace_supplier_respond",
                                   args=[request.pk, "accept"]))
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == Booking.Status.REQUESTED
    checkin = client.post(reverse("marketplace_checkin"), {"code": booking.voucher_code})
    assert checkin.status_code == 404
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_manifest_page_and_csv_list_the_days_bookings(client, smes):
    a = smes["a"]
    booking = _book(a["instant"], note="Birthday")
    client.force_login(a["user"])
    page = client.get(reverse("marketplace_manifest"), {"day": _day(booking)})
    assert page.status_code == 200
    html = page.content.decode()
    assert booking.order.reference in html and "Ada Lovelace" in html and "Birthday" in html
    response = client.get(reverse("marketplace_manifest_download", args=["csv"]),
                          {"day": _day(booking)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    row = dict(zip(["time", "experience", "reference", "voucher", "buyer", "phone", "places",
                    "lines", "note", "status", "checked_in"], rows[1], strict=True))
    local = booking.slot.starts_at.astimezone(LOCAL_TZ)
    assert row["time"] == local.strftime("%H:%M")
    assert row["reference"] == booking.order.reference
    assert row["buyer"] == "Ada Lovelace" and row["phone"] == "+39 333 1"
    assert row["places"] == "2" and row["lines"] == "2 × Adult"
    assert row["note"] == "Birthday" and row["checked_in"] == ""
    pdf = client.get(reverse("marketplace_manifest_download", args=["pdf"]),
                     {"day": _day(booking)})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    other_day = (local.date() + timedelta(days=1)).isoformat()
    empty = client.get(reverse("marketplace_manifest_download", args=["csv"]),
                       {"day": other_day})
    assert booking.order.reference not in empty.content.decode("utf-8-sig")


def test_a_bad_day_shows_today(client, smes):
    client.force_login(smes["a"]["user"])
    response = client.get(reverse("marketplace_manifest"), {"day": "2026-02-31"})
    assert response.status_code == 200
    assert response.context["day"] == timezone.localdate()


def test_check_in_from_the_qr_link(client, smes):
    a = smes["a"]
    booking = _book(a["instant"])
    client.force_login(a["user"])
    url = reverse("marketplace_checkin")
    page = client.get(url, {"code": booking.voucher_code})
    assert page.status_code == 200
    assert "Ada Lovelace" in page.content.decode()
    booking.refresh_from_db()
    assert booking.checked_in_at is None, "opening the QR link does not check in"
    response = client.post(url, {"code": booking.voucher_code})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    again = client.post(url, {"code": booking.voucher_code})
    assert again.status_code == 409
    assert "Already checked in" in again.content.decode()
    manifest = client.get(reverse("marketplace_manifest_download", args=["csv"]),
                          {"day": _day(booking)}).content.decode("utf-8-sig")
    checked_at = timezone.localtime(booking.checked_in_at).strftime("%H:%M")
    assert manifest.strip().endswith(checked_at)


def test_check_in_of_an_unknown_code_says_so(client, smes):
    client.force_login(smes["a"]["user"])
    response = client.get(reverse("marketplace_checkin"), {"code": "ZZZZZZZZZZ"})
    assert response.status_code == 404
    assert "No booking of yours has the voucher code" in response.content.decode()


def test_accept_and_decline_from_the_dashboard(client, smes):
    a = smes["a"]
    first = _book(a["request"])
    second = _book(a["request"], name="Grace Hopper")
    client.force_login(a["user"])
    response = client.post(reverse("marketplace_supplier_respond", args=[first.pk, "accept"]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Booking.Status.CONFIRMED
    client.post(reverse("marketplace_supplier_respond", args=[second.pk, "decline"]),
                {"reason": "Boat in repair"})
    second.refresh_from_db()
    assert second.status == Booking.Status.DECLINED
    assert second.cancel_reason == "Boat in repair"
    again = client.post(reverse("marketplace_supplier_respond", args=[first.pk, "decline"]),
                        follow=True)
    assert "already been answered" in again.content.decode()
    first.refresh_from_db()
    assert first.status == Booking.Status.CONFIRMED
    assert client.get(reverse("marketplace_supplier_respond",
                              args=[first.pk, "accept"])).status_code == 405


def test_a_manager_picks_any_supplier(client, smes, managers):
    a, b = smes["a"], smes["b"]
    booking = _book(b["instant"])
    manager = get_user_model().objects.create_user("manager", "m@example.com", "pw")
    manager.groups.add(managers)
    client.force_login(manager)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Masseria Alfa" in home and "Konoba Beta" in home  # the picker
    page = client.get(reverse("marketplace_manifest"),
                      {"provider": b["provider"].pk, "day": _day(booking)})
    assert page.status_code == 200 and booking.order.reference in page.content.decode()
    assert client.get(reverse("marketplace_manifest"),
                      {"provider": a["provider"].pk}).status_code == 200


def test_an_editor_without_a_supplier_gets_no_bookings(client, smes):
    from django.contrib.auth.models import Permission

    editor = get_user_model().objects.create_user("editor", "e@example.com", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "supplier-bookings" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert _denied(client.get(reverse("marketplace_manifest")))
    assert _denied(client.get(reverse("marketplace_checkin")))


def test_the_bookings_menu_is_shown_to_suppliers_only(client, smes):
    client.force_login(smes["a"]["user"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("marketplace_checkin") in html and reverse("marketplace_manifest") in html


def test_a_supplier_cancels_for_the_weather_and_the_buyer_gets_everything_back(
        client, smes, pay_order):
    a, b = smes["a"], smes["b"]
    slot = (Slot.objects.filter(experience=a["instant"],
                                starts_at__gte=timezone.now() + timedelta(days=3))
            .order_by("starts_at").first())
    adult = a["instant"].price_options.get(label="Adult")
    order = order_place(email="ada@example.com", name="Ada", requests=[
        BookingRequest(slot_id=slot.pk, quantities={adult.pk: 2})])
    pay_order(order)
    booking = order.bookings.get()
    url = reverse("marketplace_supplier_cancel", args=[booking.pk])

    client.force_login(b["user"])  # another supplier: not found, nothing changes
    assert refused(client.post(url, {"reason": "Storm"}, headers=SCRIPT))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED

    client.force_login(a["user"])
    page = client.get(reverse("marketplace_checkin"), {"code": booking.voucher_code})
    assert url in page.content.decode()
    client.post(url, {"reason": ""})  # a reason is required
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    response = client.post(url, {"reason": "Storm warning: the boats stay in"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_by == Booking.CancelledBy.SUPPLIER
    assert booking.refund_cents == booking.price_cents == 9000


def test_a_supplier_reads_and_downloads_its_own_statement(client, smes):
    a, b = smes["a"], smes["b"]
    # A booking made a week ago for a tour two days ago: in the statement of this week.
    starts = timezone.now() - timedelta(days=2)
    slot = Slot.objects.create(experience=a["instant"], starts_at=starts,
                               ends_at=starts + timedelta(hours=2), capacity=10)
    adult = a["instant"].price_options.get(label="Adult")
    order = order_place(email="ada@example.com", name="Ada", now=starts - timedelta(days=5),
                        requests=[BookingRequest(slot_id=slot.pk, quantities={adult.pk: 2})])
    order_payment_succeeded(order=order, now=starts - timedelta(days=5))
    booking = order.bookings.get()
    day = timezone.localdate().isoformat()
    last = (timezone.localdate() - timedelta(days=4)).isoformat()
    client.force_login(a["user"])
    period = {"period_start": last, "period_end": day}
    page = client.get(reverse("marketplace_statements"), period)
    assert page.status_code == 200
    assert booking.order.reference in page.content.decode()
    csv_file = client.get(reverse("marketplace_statement_download", args=["csv"]), period)
    assert csv_file.status_code == 200 and csv_file["Content-Type"].startswith("text/csv")
    assert booking.order.reference in csv_file.content.decode("utf-8-sig")
    pdf = client.get(reverse("marketplace_statement_download", args=["pdf"]), period)
    assert pdf.content.startswith(b"%PDF")
    # a bad period is a 400 with a message; another supplier's statement is refused
    bad = client.get(reverse("marketplace_statement_download", args=["csv"]),
                     {"period_start": day, "period_end": last})
    assert bad.status_code == 400
    other = client.get(reverse("marketplace_statements"),
                       {**period, "provider": b["provider"].pk})
    assert _denied(other)
