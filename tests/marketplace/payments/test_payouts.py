"""Payout runs: Connect transfers per order for Italian suppliers (against a stub of Stripe's
API answering with fixtures hand-written to the shape of Stripe's documented Transfer object,
not recorded from Stripe: localstripe has no Connect), the local Connect simulator of
development, one pain.001 file for Albanian and Montenegrin ones, never paying twice, and
every paid order's ledger adding up to zero."""

import copy
import hashlib
import json
import threading
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import xmlschema
from django.db.models import Sum

from marketplace.bookings.models import Booking
from marketplace.core.dates import LOCAL_TZ
from marketplace.payments import connect_gateway
from marketplace.payments.models import LedgerEntry, Payout, PayoutAccount, PayoutRun, Transfer
from marketplace.payments.services.ledger import ledger_refund_record, ledger_sale_record
from marketplace.payments.services.payouts import (
    PayoutRunError,
    payout_account_set,
    payout_run_create,
    payout_run_execute,
)
from tests.factories.bookings import (
    booking_factory,
    connect_account_factory,
    order_factory,
    sepa_account_factory,
    slot_factory,
)
from tests.marketplace.conftest import KOTOR, TIRANA

DATA = Path(__file__).parents[1] / "data"
FIXTURES = DATA / "stripe_connect"  # hand-written, see data/NOTICE.md
NOW = datetime(2026, 7, 2, 9, 0, tzinfo=LOCAL_TZ)
JUNE = {"period_start": date(2026, 6, 1), "period_end": date(2026, 6, 30)}
AL_IBAN, AL_BIC = "AL47212110090000000235698741", "TIRBALTR"
ME_IBAN, ME_BIC = "ME25505000012345678951", "CKBCMEPG"


# SECTION: the Stripe Connect stub


class ConnectStub:
    """Answers POST /v1/transfers with the fixture Transfer object (hand-written to the shape
    of Stripe's documented Transfer object, filled in with what was asked), the fixture error
    for an unknown destination or a balance too low (hand-written to Stripe's documented error
    shape), and the first answer again for a repeated idempotency key, as Stripe documents.
    Records requests."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: dict[str, tuple[int, dict]] = {}
        self.missing_accounts: set[str] = set()
        self.balance_insufficient = False
        self.transfer = json.loads((FIXTURES / "transfer_created.json").read_text())

    def answer(self, path: str, headers, form: dict[str, str]) -> tuple[int, dict]:
        key = headers.get("Idempotency-Key", "")
        self.requests.append({"path": path, "idempotency_key": key, "form": form,
                              "authorization": headers.get("Authorization", "")})
        if path != "/v1/transfers":
            return 404, {"error": {"type": "invalid_request_error",
                                   "message": f"Unrecognized request URL (POST: {path})."}}
        if key in self.answers:
            return self.answers[key]
        if form["destination"] in self.missing_accounts:
            body = json.loads((FIXTURES / "error_no_such_destination.json").read_text())
            body["error"]["message"] = f"No such destination: '{form['destination']}'"
            return 400, body  # Stripe does not store an answer for an invalid request
        if self.balance_insufficient:
            return 400, json.loads((FIXTURES / "error_balance_insufficient.json").read_text())
        transfer = copy.deepcopy(self.transfer)
        suffix = hashlib.sha256(key.encode()).hexdigest()[:24]
        transfer.update(
            id=f"tr_{suffix}", amount=int(form["amount"]), currency=form["currency"],
            destination=form["destination"], transfer_group=form.get("transfer_group"),
            description=form.get("description"), created=int(time.time()),
            metadata={k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")})
        transfer["reversals"]["url"] = f"/v1/transfers/{transfer['id']}/reversals"
        self.answers[key] = (200, transfer)
        return self.answers[key]


def _handler(stub: ConnectStub):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode()))
            status, body = stub.answer(self.path, self.headers, form)
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Request-Id", "req_stub")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def connect_stub(settings):
    stub = ConnectStub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{server.server_address[1]}"
    settings.STRIPE_SECRET_KEY = "sk_test_connect_stub"
    yield stub
    server.shutdown()
    server.server_close()


# SECTION: the suppliers and their sales


def _sell(experience, *, day: int, price_cents: int, order=None, month: int = 6,
          status=Booking.Status.CONFIRMED, places: int = 2):
    slot = slot_factory(experience=experience,
                        starts_at=datetime(2026, month, day, 10, 0, tzinfo=LOCAL_TZ))
    booking = booking_factory(slot=slot, order=order, price_cents=price_cents, status=status,
                              places=places)
    ledger_sale_record(booking=booking, now=slot.starts_at - timedelta(days=7))
    return booking


@pytest.fixture
def sales(make_provider, make_experience, settings):
    """June sales of a Lecce supplier (Connect), a Tirana and a Kotor one (SEPA) and a Bari
    one without a payout account; commission 10%."""
    settings.CLUSTER_COMMISSION_PCT = Decimal("10")
    lecce = make_provider()
    tirana = make_provider(country="AL", vat_number="L01234567A", lat=TIRANA[0], lon=TIRANA[1],
                           town="Tirana", legal_name="Bujtina Çela shpk")
    kotor = make_provider(country="ME", vat_number="02123456", lat=KOTOR[0], lon=KOTOR[1],
                          town="Kotor", legal_name="Konoba Đurović doo")
    bari = make_provider(town="Bari", lat=41.1171, lon=16.8719)
    oil = make_experience(provider=lecce, photos=1)
    room = make_experience(provider=tirana, photos=1, lat=TIRANA[0], lon=TIRANA[1])
    boat = make_experience(provider=kotor, photos=1, lat=KOTOR[0], lon=KOTOR[1])
    focaccia = make_experience(provider=bari, photos=1, lat=41.1171, lon=16.8719)
    connect_account_factory(provider=lecce, stripe_account_id="acct_1RzXh8Q2vKp5mN3a")
    sepa_account_factory(provider=tirana, iban=AL_IBAN, bic=AL_BIC)
    sepa_account_factory(provider=kotor, iban=ME_IBAN, bic=ME_BIC)

    order1, order2 = order_factory(), order_factory()
    bookings = {
        "oil_a": _sell(oil, day=3, price_cents=9000, order=order1),  # owed 8100
        "room": _sell(room, day=4, price_cents=12000, order=order1),  # owed 10800
        "oil_b": _sell(oil, day=5, price_cents=5000, order=order2),  # owed 4500
        "oil_c": _sell(oil, day=6, price_cents=3000, order=order2),  # owed 2700
        "boat": _sell(boat, day=30, price_cents=40000),  # owed 36000
        "oil_cancelled": _sell(oil, day=10, price_cents=6000,
                               status=Booking.Status.CANCELLED),  # owed 2700 after refund
        "oil_declined": _sell(oil, day=11, price_cents=4000, status=Booking.Status.DECLINED),
        "oil_july": _sell(oil, day=1, month=7, price_cents=7000),  # not in June
        "focaccia": _sell(focaccia, day=12, price_cents=2000),  # owed 1800, no account
    }
    ledger_refund_record(booking=bookings["oil_cancelled"], amount_cents=3000)
    ledger_refund_record(booking=bookings["oil_declined"], amount_cents=4000)
    return {"lecce": lecce, "tirana": tirana, "kotor": kotor, "bari": bari, "bookings": bookings,
            "order1": order1, "order2": order2}


def _payouts(run):
    return {p.provider_id: p for p in run.payouts.all()}


def _order_sum(order):
    return LedgerEntry.objects.filter(order=order).aggregate(s=Sum("amount_cents"))["s"]


# SECTION: tests


def test_run_lists_every_supplier_owed_with_its_method(sales):
    run = payout_run_create(**JUNE, now=NOW)
    payouts = _payouts(run)
    lecce, tirana, kotor = (payouts[sales[k].pk] for k in ("lecce", "tirana", "kotor"))
    assert (lecce.method, lecce.amount_cents, lecce.status) == ("connect", 18000, "pending")
    assert (tirana.method, tirana.amount_cents, tirana.status) == ("sepa", 10800, "pending")
    assert (kotor.method, kotor.amount_cents, kotor.status) == ("sepa", 36000, "pending")
    bari = payouts[sales["bari"].pk]
    assert (bari.amount_cents, bari.status) == (1800, "failed")
    assert sales["bari"].title in bari.error and "no payout account" in bari.error
    # Only the payable suppliers' entries are reserved; the July booking is not in the run.
    assert not LedgerEntry.objects.filter(payout=bari).exists()
    assert not LedgerEntry.objects.filter(booking=sales["bookings"]["oil_july"],
                                          payout__isnull=False).exists()
    assert run.status == PayoutRun.Status.DRAFT


def test_execute_pays_connect_by_order_and_sepa_by_one_valid_file(sales, connect_stub):
    run = payout_run_create(**JUNE, now=NOW)
    run = payout_run_execute(run=run, now=NOW)
    payouts = _payouts(run)
    lecce = payouts[sales["lecce"].pk]

    # One transfer per order, grouped by the order's reference, with a stable key.
    bookings = sales["bookings"]
    expected = {sales["order1"].reference: 8100, sales["order2"].reference: 7200,
                bookings["oil_cancelled"].order.reference: 2700}
    sent = {r["form"]["transfer_group"]: r for r in connect_stub.requests}
    assert {group: int(r["form"]["amount"]) for group, r in sent.items()} == expected
    for request in connect_stub.requests:
        assert request["path"] == "/v1/transfers"
        assert request["form"]["destination"] == "acct_1RzXh8Q2vKp5mN3a"
        assert request["form"]["currency"] == "eur"
        assert request["authorization"] == "Bearer sk_test_connect_stub"
        order = Transfer.objects.get(payout=lecce,
                                     stripe_id__startswith="tr_",
                                     order__reference=request["form"]["transfer_group"]).order
        assert request["idempotency_key"] == f"payout-{lecce.pk}-order-{order.pk}"
        assert request["form"]["metadata[order]"] == order.reference
    assert sorted(lecce.transfers.values_list("amount_cents", flat=True)) == [2700, 7200, 8100]
    assert lecce.status == Payout.Status.PAID and lecce.paid_at == NOW

    # The SEPA file pays Tirana and Kotor, and validates against the ISO 20022 schema.
    xmlschema.XMLSchema(str(DATA / "pain.001.001.03.xsd")).validate(run.sepa_xml)
    assert run.sepa_message_id and run.sepa_message_id in run.sepa_xml
    assert AL_IBAN in run.sepa_xml and ME_IBAN in run.sepa_xml
    assert "<CtrlSum>468.00</CtrlSum>" in run.sepa_xml
    assert "<InstdAmt Ccy=\"EUR\">108.00</InstdAmt>" in run.sepa_xml
    assert "<InstdAmt Ccy=\"EUR\">360.00</InstdAmt>" in run.sepa_xml
    assert {payouts[sales[k].pk].status for k in ("tirana", "kotor")} == {"paid"}
    assert run.status == PayoutRun.Status.PAID  # the Bari payout failed, none is pending

    # After the payout, every paid order's entries sum to zero; booking by booking too.
    for order in (sales["order1"], sales["order2"], bookings["boat"].order,
                  bookings["oil_cancelled"].order, bookings["oil_declined"].order):
        assert _order_sum(order) == 0
    assert _order_sum(bookings["focaccia"].order) == 1800  # not paid: no account
    assert _order_sum(bookings["oil_july"].order) == 6300  # not ended in June
    payout_entries = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYOUT)
    assert payout_entries.filter(payout=lecce).aggregate(s=Sum("amount_cents"))["s"] == -18000
    assert not payout_entries.filter(booking=bookings["oil_declined"]).exists()


def test_executing_again_or_a_second_run_never_pays_twice(sales, connect_stub):
    run = payout_run_execute(run=payout_run_create(**JUNE, now=NOW), now=NOW)
    requests, entries, xml = (len(connect_stub.requests), LedgerEntry.objects.count(),
                              run.sepa_xml)

    run = payout_run_execute(run=run, now=NOW + timedelta(hours=1))
    assert len(connect_stub.requests) == requests
    assert LedgerEntry.objects.count() == entries
    assert run.sepa_xml == xml

    # A second run over the same period finds only the supplier that could not be paid.
    second = payout_run_create(**JUNE, now=NOW + timedelta(hours=2))
    assert [(p.provider_id, p.status) for p in second.payouts.all()] == [
        (sales["bari"].pk, "failed")]
    payout_run_execute(run=second, now=NOW + timedelta(hours=2))
    assert len(connect_stub.requests) == requests
    assert LedgerEntry.objects.count() == entries

    # Once it has an account, a third run pays it, and only it.
    payout_account_set(provider=sales["bari"], method="connect",
                       stripe_account_id="acct_1BariFocacciaXY")
    third = payout_run_execute(run=payout_run_create(**JUNE, now=NOW + timedelta(hours=3)),
                               now=NOW + timedelta(hours=3))
    assert [r["form"]["destination"] for r in connect_stub.requests[requests:]] == [
        "acct_1BariFocacciaXY"]
    assert _order_sum(sales["bookings"]["focaccia"].order) == 0
    assert third.status == PayoutRun.Status.PAID
    with pytest.raises(PayoutRunError, match="Nothing is owed"):
        payout_run_create(**JUNE, now=NOW + timedelta(hours=4))


def test_a_refused_transfer_leaves_the_payout_pending_then_retries(sales, connect_stub):
    connect_stub.missing_accounts.add("acct_1RzXh8Q2vKp5mN3a")
    run = payout_run_execute(run=payout_run_create(**JUNE, now=NOW), now=NOW)
    lecce = _payouts(run)[sales["lecce"].pk]
    assert lecce.status == Payout.Status.PENDING
    assert "acct_1RzXh8Q2vKp5mN3a" in lecce.error and "No such destination" in lecce.error
    assert not lecce.transfers.exists()
    assert run.status == PayoutRun.Status.DRAFT  # SEPA was paid, Connect is pending
    assert {_payouts(run)[sales[k].pk].status for k in ("tirana", "kotor")} == {"paid"}

    connect_stub.missing_accounts.clear()
    connect_stub.balance_insufficient = True
    run = payout_run_execute(run=run, now=NOW)
    lecce.refresh_from_db()
    assert "insufficient available funds" in lecce.error

    connect_stub.balance_insufficient = False
    run = payout_run_execute(run=run, now=NOW)
    lecce.refresh_from_db()
    assert lecce.status == Payout.Status.PAID and lecce.error == ""
    assert run.status == PayoutRun.Status.PAID
    keys = [r["idempotency_key"] for r in connect_stub.requests]
    assert len(set(keys)) == 3  # the same three keys, tried three times each
    assert _order_sum(sales["order2"]) == 0


def test_transfer_retry_with_the_same_key_gives_the_same_transfer(connect_stub, settings):
    kwargs = dict(destination_account="acct_1RzXh8Q2vKp5mN3a", amount_cents=4200,
                  currency="EUR", transfer_group="IT-7KQ4MZ2P", idempotency_key="payout-1-order-1")
    first = connect_gateway.transfer_create(**kwargs)
    again = connect_gateway.transfer_create(**kwargs)
    assert first == again
    assert (first.amount_cents, first.currency, first.transfer_group) == (4200, "EUR",
                                                                          "IT-7KQ4MZ2P")
    assert [r["idempotency_key"] for r in connect_stub.requests] == ["payout-1-order-1"] * 2
    with pytest.raises(connect_gateway.ConnectError):
        connect_gateway.transfer_create(**{**kwargs, "amount_cents": 0})


def test_an_invalid_iban_makes_that_supplier_not_payable(sales, connect_stub):
    PayoutAccount.objects.filter(provider=sales["kotor"]).update(iban="ME25505000012345678950")
    run = payout_run_create(**JUNE, now=NOW)
    kotor = _payouts(run)[sales["kotor"].pk]
    assert kotor.status == Payout.Status.FAILED
    assert sales["kotor"].title in kotor.error and "IBAN" in kotor.error
    run = payout_run_execute(run=run, now=NOW)
    assert ME_IBAN[:10] not in run.sepa_xml and AL_IBAN in run.sepa_xml
    assert _order_sum(sales["bookings"]["boat"].order) == 36000  # still owed


def test_an_account_broken_after_the_run_was_made_fails_at_execution(sales, connect_stub):
    run = payout_run_create(**JUNE, now=NOW)
    PayoutAccount.objects.filter(provider=sales["tirana"]).update(bic="XXXX")
    run = payout_run_execute(run=run, now=NOW)
    tirana = _payouts(run)[sales["tirana"].pk]
    assert tirana.status == Payout.Status.FAILED and "BIC" in tirana.error
    assert not tirana.entries.exists()  # given back for a later run
    assert AL_IBAN not in run.sepa_xml and ME_IBAN in run.sepa_xml


@pytest.mark.parametrize(("start", "end", "message"), [
    (date(2026, 6, 30), date(2026, 6, 1), "start on or before"),
    (date(2026, 7, 1), date(2026, 7, 3), "future"),
    (date(2026, 5, 1), date(2026, 5, 31), "Nothing is owed"),
])
def test_bad_periods_are_refused(sales, start, end, message):
    with pytest.raises(PayoutRunError, match=message):
        payout_run_create(period_start=start, period_end=end, now=NOW)
    assert not PayoutRun.objects.exists()


def test_payout_account_set_checks_what_it_stores(make_provider):
    provider = make_provider(country="ME", vat_number="02765432", lat=KOTOR[0], lon=KOTOR[1],
                             town="Kotor")
    account = payout_account_set(provider=provider, method="sepa",
                                 iban="me25 5050 0001 2345 6789 51", bic="ckbcmepg")
    assert (account.iban, account.bic, account.account_holder) == (
        ME_IBAN, ME_BIC, provider.legal_name)
    with pytest.raises(Exception, match="IBAN"):
        payout_account_set(provider=provider, method="sepa", iban="ME25505000012345678950",
                           bic=ME_BIC)
    with pytest.raises(PayoutRunError, match="acct_"):
        payout_account_set(provider=provider, method="connect", stripe_account_id="12345")
    account.refresh_from_db()
    assert account.iban == ME_IBAN  # unchanged by the refused writes


# SECTION: the admin screens


@pytest.fixture
def manager_client(client, managers):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("payer", "payer@example.com", "pw")
    user.groups.add(managers)
    client.force_login(user)
    return client


JUNE_FORM = {"period_start": "2026-06-01", "period_end": "2026-06-30"}


def test_manager_creates_executes_and_downloads_a_run(sales, connect_stub, manager_client):
    assert manager_client.get("/admin/marketplace/payouts/").status_code == 200
    response = manager_client.post("/admin/marketplace/payouts/", JUNE_FORM)
    run = PayoutRun.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/admin/marketplace/payouts/{run.pk}/")
    assert run.created_by.username == "payer"

    page = manager_client.get(f"/admin/marketplace/payouts/{run.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert sales["kotor"].title in html and "no payout account" in html  # Bari's reason
    assert f"/admin/marketplace/payouts/{run.pk}/execute/" in html
    assert manager_client.get(f"/admin/marketplace/payouts/{run.pk}/execute/").status_code == 405
    assert manager_client.get(f"/admin/marketplace/payouts/{run.pk}/pain001.xml").status_code \
        == 404  # no file before the run is executed

    response = manager_client.post(f"/admin/marketplace/payouts/{run.pk}/execute/")
    assert response.status_code == 302
    assert len(connect_stub.requests) == 3
    download = manager_client.get(f"/admin/marketplace/payouts/{run.pk}/pain001.xml")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/xml")
    assert "attachment" in download["Content-Disposition"]
    xmlschema.XMLSchema(str(DATA / "pain.001.001.03.xsd")).validate(download.content.decode())
    assert "tr_" in manager_client.get(f"/admin/marketplace/payouts/{run.pk}/").content.decode()

    lecce = sales["lecce"].pk
    csv_response = manager_client.get(
        f"/admin/marketplace/payouts/statements/{lecce}.csv", JUNE_FORM)
    assert csv_response.status_code == 200
    text = csv_response.content.decode()
    assert sales["order1"].reference in text and ";-180.00;0.00" in text  # paid out, nothing left
    pdf = manager_client.get(f"/admin/marketplace/payouts/statements/{lecce}.pdf", JUNE_FORM)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = manager_client.get(f"/admin/marketplace/payouts/statements/{lecce}.csv",
                             {"period_start": "2026-06-30", "period_end": "2026-06-01"})
    assert bad.status_code == 400
    assert manager_client.get(
        f"/admin/marketplace/payouts/statements/{lecce}.xls", JUNE_FORM).status_code == 404

    balances = manager_client.get("/admin/marketplace/payouts/balances/")
    assert balances.status_code == 200
    assert sales["bari"].title in balances.content.decode()


def test_run_form_refuses_bad_periods(sales, manager_client):
    response = manager_client.post("/admin/marketplace/payouts/",
                                   {"period_start": "2026-06-30", "period_end": "2026-06-01"})
    assert response.status_code == 400
    future = timezone_today() + timedelta(days=1)
    response = manager_client.post("/admin/marketplace/payouts/",
                                   {"period_start": "2026-06-01", "period_end": future})
    assert response.status_code == 400
    assert "future" in response.content.decode()
    response = manager_client.post("/admin/marketplace/payouts/",
                                   {"period_start": "2026-05-01", "period_end": "2026-05-31"})
    assert response.status_code == 409  # nothing owed: the service's message is shown
    assert not PayoutRun.objects.exists()


def timezone_today():
    from django.utils import timezone

    return timezone.now().astimezone(LOCAL_TZ).date()


def test_only_cluster_managers_see_payouts(sales, client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("sme", "sme@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    run = payout_run_create(**JUNE, now=NOW)
    for url in ("/admin/marketplace/payouts/", f"/admin/marketplace/payouts/{run.pk}/",
                "/admin/marketplace/payouts/balances/",
                f"/admin/marketplace/payouts/statements/{sales['lecce'].pk}.csv"):
        response = client.get(url)  # Wagtail turns the refusal into a redirect home
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    response = client.post(f"/admin/marketplace/payouts/{run.pk}/execute/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    run.refresh_from_db()
    assert run.status == PayoutRun.Status.DRAFT and not Transfer.objects.exists()
    assert "/admin/marketplace/payouts/" not in client.get("/admin/").content.decode()
    client.logout()
    assert client.get("/admin/marketplace/payouts/").status_code == 302  # to the login


def test_demo_accounts_and_rates(make_provider):
    from marketplace.demo.payments import load_demo_commission_rates, load_demo_payout_accounts
    from marketplace.operators.models import CommissionRate
    from marketplace.payments.sepa import bank_account_check

    italian = make_provider()
    albanian = make_provider(country="AL", vat_number="K91234567B", lat=TIRANA[0],
                             lon=TIRANA[1], town="Tirana")
    montenegrin = make_provider(country="ME", vat_number="02999888", lat=KOTOR[0],
                                lon=KOTOR[1], town="Kotor")
    assert load_demo_payout_accounts() == 3
    assert load_demo_payout_accounts() == 0  # idempotent
    connect = PayoutAccount.objects.get(provider=italian)
    assert connect.method == "connect" and connect.stripe_account_id.startswith("acct_1")
    for provider, country in ((albanian, "AL"), (montenegrin, "ME")):
        account = PayoutAccount.objects.get(provider=provider)
        assert account.method == "sepa" and account.iban.startswith(country)
        assert bank_account_check(iban=account.iban, bic=account.bic, holder="demo").bic[4:6] \
            == country
    assert load_demo_commission_rates() == load_demo_commission_rates() == 9
    assert CommissionRate.objects.get(sector_slug="").pct == Decimal("12")


# SECTION: the local Connect simulator (development without Stripe Connect)


def test_the_simulator_pays_connect_suppliers_without_any_request(sales, settings,
                                                                  manager_client):
    settings.CONNECT_SIMULATOR = True
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens: no request may leave
    run = payout_run_execute(run=payout_run_create(**JUNE, now=NOW), now=NOW)
    lecce = _payouts(run)[sales["lecce"].pk]
    assert lecce.status == Payout.Status.PAID
    transfers = list(Transfer.objects.filter(payout=lecce).order_by("order_id"))
    assert {sales["order1"].pk, sales["order2"].pk} < {t.order_id for t in transfers}
    assert all(t.stripe_id.startswith("tr_sim_") and t.is_simulated for t in transfers)
    assert sum(t.amount_cents for t in transfers) == lecce.amount_cents == 18000
    # The same idempotency key gives the same simulated transfer, as Stripe would.
    kwargs = dict(destination_account="acct_1", amount_cents=100, currency="EUR",
                  transfer_group="IT-1", idempotency_key=f"payout-{lecce.pk}-order-1")
    first = connect_gateway.transfer_create(**kwargs)
    assert first == connect_gateway.transfer_create(**kwargs) and first.simulated
    assert _order_sum(sales["order1"]) == 0

    page = manager_client.get(f"/admin/marketplace/payouts/{run.pk}/")
    assert page.status_code == 200
    assert page.content.decode().count("simulated (no Stripe Connect)") == len(transfers)
    lecce_pk = sales["lecce"].pk
    csv_text = manager_client.get(f"/admin/marketplace/payouts/statements/{lecce_pk}.csv",
                                  JUNE_FORM).content.decode()
    assert "simulated (no Stripe Connect)" in csv_text
    sepa_only = manager_client.get(
        f"/admin/marketplace/payouts/statements/{sales['tirana'].pk}.csv", JUNE_FORM)
    assert "simulated" not in sepa_only.content.decode()


def test_without_the_simulator_transfers_go_to_stripe(sales, connect_stub, settings):
    settings.CONNECT_SIMULATOR = False
    run = payout_run_execute(run=payout_run_create(**JUNE, now=NOW), now=NOW)
    assert connect_stub.requests
    assert not any(t.is_simulated for t in Transfer.objects.filter(payout__run=run))


def test_development_turns_the_simulator_on_only_without_a_stripe_account():
    import os
    import subprocess
    import sys

    code = "from config.settings import dev; print(dev.CONNECT_SIMULATOR)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "CONNECT_"))}
    root = Path(__file__).resolve().parents[3]
    without = subprocess.run([sys.executable, "-c", code], cwd=root, env=env,
                             capture_output=True, text=True, check=True).stdout.strip()
    with_key = subprocess.run([sys.executable, "-c", code], cwd=root,
                              env={**env, "STRIPE_SECRET_KEY": "sk_test_x"},
                              capture_output=True, text=True, check=True).stdout.strip()
    assert (without, with_key) == ("True", "False")
