"""Money as integer minor units with a currency: formatting for people."""

from decimal import Decimal

from django.utils.formats import number_format

CURRENCY_SYMBOLS = {"EUR": "€", "ALL": "L"}


def money_format(*, amount_cents: int, currency: str) -> str:
    """``4500, "EUR"`` → ``€ 45,00`` in Italian, ``€ 45.00`` in English (localised digits)."""
    amount = (Decimal(amount_cents) / 100).quantize(Decimal("0.01"))
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    return f"{symbol}\u00a0{number_format(amount, decimal_pos=2, use_l10n=True)}"
