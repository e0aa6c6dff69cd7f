"""Money as integer minor units with a currency: the one place that turns cents into decimal
amounts, takes a percentage of an amount, converts to euros and formats for people."""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.formats import number_format

CURRENCY_SYMBOLS = {"EUR": "€", "ALL": "L"}
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def cents_to_decimal(amount_cents: int) -> Decimal:
    """``4500`` → ``Decimal("45.00")``: minor units as an exact amount with two places."""
    return (Decimal(amount_cents) / HUNDRED).quantize(CENT)


def decimal_to_cents(amount: Decimal) -> int:
    """``Decimal("45.5")`` → ``4550``: an exact amount in whole cents, rounded half up."""
    return int((Decimal(amount) * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of_cents(*, amount_cents: int, pct: Decimal | int,
                     rounding: str = ROUND_HALF_UP) -> int:
    """``amount_cents × pct / 100`` in whole cents, rounded half up (commissions) or, with
    ``rounding=ROUND_FLOOR``, down (refunds never give back a cent more than the policy)."""
    amount = Decimal(amount_cents) * Decimal(pct) / HUNDRED
    return int(amount.quantize(Decimal(1), rounding=rounding))


def money_format(*, amount_cents: int, currency: str) -> str:
    """``4500, "EUR"`` → ``€ 45,00`` in Italian, ``€ 45.00`` in English (localised digits)."""
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    amount = number_format(cents_to_decimal(amount_cents), decimal_pos=2, use_l10n=True)
    return f"{symbol}\u00a0{amount}"


def to_eur_cents(*, amount_cents: int, currency: str,
                 rates_per_eur: dict[str, Decimal] | None = None) -> int:
    """An amount in EUR cents, rounded half up.

    ``rates_per_eur`` gives units of a currency per euro (e.g. ``{"ALL": Decimal("98")}``);
    by default the settings' ``EXCHANGE_RATES_PER_EUR``. Lek prices are converted with it for
    search and when booked (settlement is in euros).
    """
    if currency == "EUR":
        return amount_cents
    rates = settings.EXCHANGE_RATES_PER_EUR if rates_per_eur is None else rates_per_eur
    return int((Decimal(amount_cents) / rates[currency]).quantize(Decimal(1),
                                                                  rounding=ROUND_HALF_UP))


__all__ = ["CENT", "ROUND_FLOOR", "ROUND_HALF_UP", "cents_to_decimal", "money_format",
           "percent_of_cents", "to_eur_cents"]
