"""Money as integer minor units with a currency: formatting for people."""

from decimal import Decimal

from django.utils.formats import number_format

CURRENCY_SYMBOLS = {"EUR": "€", "ALL": "L"}


def money_format(*, amount_cents: int, currency: str) -> str:
    """``4500, "EUR"`` → ``€ 45,00`` in Italian, ``€ 45.00`` in English (localised digits)."""
    amount = (Decimal(amount_cents) / 100).quantize(Decimal("0.01"))
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    return f"{symbol}\u00a0{number_format(amount, decimal_pos=2, use_l10n=True)}"


def to_eur_cents(*, amount_cents: int, currency: str, rates_per_eur: dict[str, Decimal]) -> int:
    """An amount in EUR cents, for comparing prices across currencies (filters, sorting).

    ``rates_per_eur`` gives units of a currency per euro (e.g. ``{"ALL": Decimal("98")}``);
    the result is rounded half up. Settlement never uses this: it is for display and search.
    """
    if currency == "EUR":
        return amount_cents
    rate = rates_per_eur[currency]
    return int((Decimal(amount_cents) / rate).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))
