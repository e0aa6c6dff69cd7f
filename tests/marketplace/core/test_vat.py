import pytest

from marketplace.core.errors import MarketplaceError
from marketplace.core.vat import it_partita_iva_check_digit, vat_normalise


def test_italian_check_digit_of_a_known_number():
    # 00743110157 is a published partita IVA with check digit 7.
    assert it_partita_iva_check_digit("0074311015") == 7


@pytest.mark.parametrize(
    ("country", "value", "expected"),
    [
        ("IT", "IT 00743110157", "00743110157"),
        ("IT", "00743110157", "00743110157"),
        ("AL", "k12345678l", "K12345678L"),
        ("ME", "02-123-456", "02123456"),
    ],
)
def test_valid_numbers_are_normalised(country, value, expected):
    assert vat_normalise(country=country, value=value) == expected


@pytest.mark.parametrize(
    ("country", "value", "fragment"),
    [
        ("IT", "0074311015", "11 digits"),
        ("IT", "00743110158", "check digit"),
        ("AL", "123456789", "NIPT"),
        ("ME", "1234567", "PIB"),
        ("FR", "123", "Unknown country"),
    ],
)
def test_invalid_numbers_are_refused(country, value, fragment):
    with pytest.raises(MarketplaceError) as excinfo:
        vat_normalise(country=country, value=value)
    assert fragment in excinfo.value.message
