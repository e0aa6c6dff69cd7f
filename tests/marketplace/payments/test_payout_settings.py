"""Managers keep suppliers' payout accounts and the commission rates in the admin; the
accounts are checked (IBAN, BIC, Connect id) before anything is saved."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from marketplace.operators.models import CommissionRate
from marketplace.payments.models import PayoutAccount
from tests.marketplace.conftest import KOTOR
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db
ME_IBAN, ME_BIC = "ME25505000012345678951", "CKBCMEPG"
ACCOUNTS = "/admin/snippets/marketplace/payoutaccount/"
RATES = "/admin/snippets/marketplace/commissionrate/"


@pytest.fixture
def manager(managers):
    user = get_user_model().objects.create_user("keeper", "keeper@example.com", "pw")
    user.groups.add(managers)
    return user


def _account(provider, **fields):
    data = {"provider": provider.pk, "method": "sepa", "stripe_account_id": "", "iban": "",
            "bic": "", "account_holder": ""}
    data.update(fields)
    return data


def test_a_sepa_account_is_checked_and_stored_compact(client, manager, make_provider):
    kotor = make_provider(country="ME", vat_number="02123456", lat=KOTOR[0], lon=KOTOR[1],
                          town="Kotor", legal_name="Konoba Ribar doo")
    client.force_login(manager)
    assert client.get(ACCOUNTS + "add/").status_code == 200
    bad = client.post(ACCOUNTS + "add/", _account(kotor, iban="ME25505000012345678952",
                                                  bic=ME_BIC))
    assert bad.status_code == 200 and not PayoutAccount.objects.exists()
    assert "IBAN" in bad.content.decode()
    spaced = " ".join(ME_IBAN[i:i + 4] for i in range(0, len(ME_IBAN), 4))
    response = client.post(ACCOUNTS + "add/", _account(kotor, iban=spaced, bic=ME_BIC))
    assert response.status_code == 302
    account = PayoutAccount.objects.get()
    assert (account.iban, account.bic) == (ME_IBAN, ME_BIC)
    assert account.account_holder == "Konoba Ribar doo"


def test_a_connect_account_needs_an_acct_id(client, manager, make_provider):
    lecce = make_provider()
    client.force_login(manager)
    bad = client.post(ACCOUNTS + "add/", _account(lecce, method="connect",
                                                  stripe_account_id="12345"))
    assert bad.status_code == 200 and not PayoutAccount.objects.exists()
    assert "acct_" in bad.content.decode()
    ok = client.post(ACCOUNTS + "add/", _account(lecce, method="connect",
                                                 stripe_account_id="acct_1RzXh8Q2vKp5mN3a"))
    assert ok.status_code == 302
    assert PayoutAccount.objects.get().stripe_account_id == "acct_1RzXh8Q2vKp5mN3a"


def test_commission_rates_per_sector_and_default(client, manager):
    client.force_login(manager)
    assert client.post(RATES + "add/", {"sector_slug": "", "pct": "12"}).status_code == 302
    assert client.post(RATES + "add/", {"sector_slug": "crafts", "pct": "8.5"}).status_code == 302
    assert client.post(RATES + "add/", {"sector_slug": "nope", "pct": "8"}).status_code == 200
    assert client.post(RATES + "add/", {"sector_slug": "fishing-sea",
                                        "pct": "120"}).status_code == 200
    assert dict(CommissionRate.objects.values_list("sector_slug", "pct")) == {
        "": Decimal("12.00"), "crafts": Decimal("8.50")}


def test_an_sme_cannot_see_payout_accounts(client, make_provider):
    from marketplace.catalogue.services.permissions import sme_group_ensure
    provider = make_provider()
    user = get_user_model().objects.create_user("sme", "sme@example.com", "pw")
    user.groups.add(sme_group_ensure(provider=provider))
    client.force_login(user)
    response = client.get(ACCOUNTS, headers=SCRIPT)
    assert refused(response)
