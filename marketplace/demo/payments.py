"""Demo payout accounts and commission rates, built through the services, idempotently.

Italian suppliers are paid through Stripe Connect (an ``acct_…`` id derived from their VAT
number); Albanian and Montenegrin suppliers by SEPA credit transfer, with IBANs whose check
digits (international and national) are right and the BIC of a bank of their country. The
numbers are derived from the VAT number, so a second run gives the same accounts.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from schwifty import IBAN
from wagtail.models import Locale

from marketplace.catalogue.models.pages import ProviderPage
from marketplace.payments.models import PayoutAccount
from marketplace.payments.services.ledger import commission_rate_set
from marketplace.payments.services.payouts import payout_account_set

# (bank code, BIC) of banks of each country, for demo accounts.
ALBANIAN_BANKS = (("202", "SGSBALTX"), ("205", "NCBAALTX"), ("208", "USALALTR"),
                  ("212", "TIRBALTR"), ("213", "CDISALTR"))
MONTENEGRIN_BANKS = (("510", "CKBCMEPG"), ("520", "HBBAMEPG"), ("530", "MNBAMEPG"),
                     ("535", "NIKBMEP2"))
ACCOUNT_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# The cluster's commission in percent: a default, and lower rates where margins are thin.
DEMO_COMMISSION_PCT = {
    "": Decimal("12"),
    "hospitality": Decimal("10"),
    "agritourism": Decimal("12"),
    "food-wine": Decimal("12"),
    "fishing-sea": Decimal("12"),
    "crafts": Decimal("8"),
    "culture-heritage": Decimal("8"),
    "nature-outdoor": Decimal("12"),
    "wellness": Decimal("15"),
}


def _digest(seed: str) -> int:
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:16], "big")


def demo_stripe_account_id(*, seed: str) -> str:
    """A Stripe-like connected account id (``acct_1`` and 15 letters or digits)."""
    number, chars = _digest(seed), []
    for _ in range(15):
        number, index = divmod(number, len(ACCOUNT_ALPHABET))
        chars.append(ACCOUNT_ALPHABET[index])
    return "acct_1" + "".join(chars)


def albanian_check_digit(bank_branch: str) -> str:
    """The national check digit of an Albanian BBAN: weights 9, 7, 3, 1 over the bank and
    branch codes (7 digits), modulo 10."""
    weights = (9, 7, 3, 1, 9, 7, 3)
    total = sum(int(d) * w for d, w in zip(bank_branch, weights, strict=True))
    return str((10 - total % 10) % 10)


def demo_iban(*, country: str, seed: str) -> tuple[str, str]:
    """A valid (IBAN, BIC) of a bank of ``country`` (AL or ME), derived from ``seed``."""
    number = _digest(seed)
    if country == "AL":
        bank, bic = ALBANIAN_BANKS[number % len(ALBANIAN_BANKS)]
        branch = f"{number // 7 % 10000:04d}"
        account = f"{number // 70_000 % 10**16:016d}"
        bban = bank + branch + albanian_check_digit(bank + branch) + account
    elif country == "ME":
        bank, bic = MONTENEGRIN_BANKS[number % len(MONTENEGRIN_BANKS)]
        account = f"{number // 7 % 10**13:013d}"
        bban = bank + account + f"{98 - int(bank + account) * 100 % 97:02d}"
    else:
        raise ValueError(f"No demo bank for {country}")
    return IBAN.from_bban(country, bban).compact, bic


def load_demo_payout_accounts() -> int:
    """A payout account for every supplier (default language) that has none: Connect for
    Italy, SEPA for Albania and Montenegro. Returns how many were created."""
    have = set(PayoutAccount.objects.values_list("provider_id", flat=True))
    created = 0
    providers = ProviderPage.objects.filter(locale=Locale.get_default()).exclude(pk__in=have)
    for provider in providers.order_by("pk"):
        seed = f"{provider.country}:{provider.vat_number}"
        if provider.country in ("AL", "ME"):
            iban, bic = demo_iban(country=provider.country, seed=seed)
            payout_account_set(provider=provider, method=PayoutAccount.Method.SEPA, iban=iban,
                               bic=bic, account_holder=provider.legal_name)
        else:
            payout_account_set(provider=provider, method=PayoutAccount.Method.CONNECT,
                               stripe_account_id=demo_stripe_account_id(seed=seed))
        created += 1
    return created


def load_demo_commission_rates() -> int:
    """The cluster's demo commission rates (a default and one per sector). Returns how many
    rates were set."""
    for slug, pct in DEMO_COMMISSION_PCT.items():
        commission_rate_set(sector_slug=slug, pct=pct)
    return len(DEMO_COMMISSION_PCT)


def load_payments(report) -> int:
    """Demo step: commission rates, then a payout account for every supplier."""
    rates = load_demo_commission_rates()
    accounts = load_demo_payout_accounts()
    report(f"Payments: {rates} commission rates set, {accounts} payout accounts created "
           "(Stripe Connect in Italy, SEPA in Albania and Montenegro).")
    return accounts
