import pytest

from marketplace.catalogue.pricing import PriceLine, price_lines_validate


def person(label, lo, hi, cents=1000):
    return PriceLine(kind="per_person", label=label, price_cents=cents, age_min=lo, age_max=hi)


def group(label, lo, hi, cents=20000):
    return PriceLine(kind="per_group", label=label, price_cents=cents, group_size_min=lo,
                     group_size_max=hi)


def test_adult_child_and_free_infant_bands_are_valid():
    assert price_lines_validate([person("Adult", 18, 99, 4500), person("Child", 6, 17, 2000),
                                 person("Infant", 0, 5, 0)]) == []


def test_overlapping_age_bands_are_refused_with_both_names():
    errors = price_lines_validate([person("Adult", 16, 99), person("Child", 6, 17)])
    assert len(errors) == 1
    assert "Adult" in errors[0] and "Child" in errors[0] and "overlaps" in errors[0]


def test_touching_bands_do_not_overlap():
    assert price_lines_validate([person("Adult", 18, 99), person("Teen", 12, 17)]) == []


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        ([PriceLine(kind="per_person", label="Adult", price_cents=100)], "first and a last age"),
        ([person("Adult", 30, 18)], "first age is after"),
        ([PriceLine(kind="per_group", label="Boat", price_cents=100)], "needs a size"),
        ([group("Boat", 0, 8)], "from 1 upwards"),
        ([group("Boat", 1, 8, 0)], "must be positive"),
        ([PriceLine(kind="per_night", label="Room", price_cents=0)], "must be positive"),
        ([person("Adult", 18, 99, -5)], "cannot be negative"),
        ([person("Infant", 0, 5, 0)], "above zero"),
        ([person("Adult", 18, 99), group("Boat", 1, 8)], "one kind of pricing"),
        ([group("Small", 1, 4), group("Large", 4, 8)], "overlaps"),
        ([PriceLine(kind="per_person", label="Adult", price_cents=1000, age_min=18, age_max=99,
                    net_price_cents=1200)], "net rate is higher"),
    ],
)
def test_invalid_price_options_are_refused_with_a_message(lines, fragment):
    errors = price_lines_validate(lines)
    assert any(fragment in error for error in errors), errors


def test_group_tiers_with_sizes_are_valid():
    assert price_lines_validate([group("Up to 4", 1, 4), group("5 to 8", 5, 8, 30000)]) == []
