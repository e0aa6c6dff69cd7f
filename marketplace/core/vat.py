"""VAT and business registration numbers of the cluster's three countries."""

import re

from django.utils.translation import gettext as _

from marketplace.core.errors import MarketplaceError

_AL_NIPT = re.compile(r"^[A-Z]\d{8}[A-Z]$")
_ME_PIB = re.compile(r"^\d{8}$")
_IT_PIVA = re.compile(r"^\d{11}$")


def it_partita_iva_check_digit(first_ten: str) -> int:
    """The check digit of an Italian partita IVA from its first ten digits (Luhn variant)."""
    total = 0
    for position, char in enumerate(first_ten):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def vat_normalise(*, country: str, value: str) -> str:
    """The number in its canonical form (upper case, no spaces or country prefix), or
    ``MarketplaceError`` naming the expected format.

    Italy: partita IVA, 11 digits with a check digit. Albania: NIPT, a letter, 8 digits and a
    letter. Montenegro: PIB, 8 digits.
    """
    cleaned = re.sub(r"[\s.\-/]", "", value or "").upper()
    if cleaned.startswith(country.upper()) and country.upper() == "IT":
        cleaned = cleaned[2:]
    if country == "IT":
        if not _IT_PIVA.match(cleaned):
            raise MarketplaceError(_("An Italian VAT number (partita IVA) has 11 digits."),
                                   field="vat_number")
        if it_partita_iva_check_digit(cleaned[:10]) != int(cleaned[10]):
            raise MarketplaceError(_("This partita IVA has a wrong check digit: please check it."),
                                   field="vat_number")
    elif country == "AL":
        if not _AL_NIPT.match(cleaned):
            raise MarketplaceError(
                _("An Albanian NIPT is a letter, 8 digits and a letter (e.g. K12345678L)."),
                field="vat_number")
    elif country == "ME":
        if not _ME_PIB.match(cleaned):
            raise MarketplaceError(_("A Montenegrin PIB has 8 digits."), field="vat_number")
    else:
        raise MarketplaceError(_("Unknown country: %(country)s.") % {"country": country},
                               field="country")
    return cleaned
