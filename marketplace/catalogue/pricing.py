"""Validation of an experience's price options: pure functions over plain values."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from marketplace.core.choices import PricingKind


@dataclass(frozen=True)
class PriceLine:
    """One price option as plain values; amounts in integer minor units."""

    kind: str
    label: str
    price_cents: int
    age_min: int | None = None
    age_max: int | None = None
    group_size_min: int | None = None
    group_size_max: int | None = None
    net_price_cents: int | None = None


def _overlaps(ranges: list[tuple[int, int, str]]) -> list[str]:
    errors = []
    ordered = sorted(ranges)
    for (lo_a, hi_a, label_a), (lo_b, hi_b, label_b) in zip(ordered, ordered[1:], strict=False):
        if lo_b <= hi_a:
            errors.append(_("“%(a)s” (%(a_lo)s–%(a_hi)s) overlaps “%(b)s” (%(b_lo)s–%(b_hi)s).")
                          % {"a": label_a, "a_lo": lo_a, "a_hi": hi_a,
                             "b": label_b, "b_lo": lo_b, "b_hi": hi_b})
    return errors


def _line_errors(line: PriceLine) -> list[str]:
    errors = []
    if line.price_cents < 0 or (line.net_price_cents is not None and line.net_price_cents < 0):
        errors.append(_("“%(label)s”: a price cannot be negative.") % {"label": line.label})
    if line.net_price_cents is not None and line.net_price_cents > line.price_cents:
        errors.append(_("“%(label)s”: the net rate is higher than the retail price.")
                      % {"label": line.label})
    if line.kind == PricingKind.PER_PERSON:
        if line.age_min is None or line.age_max is None:
            errors.append(_("“%(label)s”: an age band needs a first and a last age.")
                          % {"label": line.label})
        elif line.age_min > line.age_max:
            errors.append(_("“%(label)s”: the first age is after the last age.")
                          % {"label": line.label})
    elif line.kind == PricingKind.PER_GROUP:
        if line.group_size_min is None or line.group_size_max is None:
            errors.append(_("“%(label)s”: a group tier needs a size (from and to).")
                          % {"label": line.label})
        elif not 1 <= line.group_size_min <= line.group_size_max:
            errors.append(_("“%(label)s”: the group size must run from 1 upwards, first ≤ last.")
                          % {"label": line.label})
    if line.price_cents == 0 and line.kind != PricingKind.PER_PERSON:
        errors.append(_("“%(label)s”: a group or nightly price must be positive.")
                      % {"label": line.label})
    return errors


def price_lines_validate(lines: list[PriceLine]) -> list[str]:
    """Every problem with a set of price options, as messages (an empty list when valid).

    Rules: age bands (per person) do not overlap and have first ≤ last age; group tiers have a
    size and do not overlap; prices are positive, except a free age band (e.g. infants); a net
    rate is not above the retail price; one pricing kind per experience; at least one paid line.
    """
    errors: list[str] = []
    for line in lines:
        errors += _line_errors(line)
    if len({line.kind for line in lines}) > 1:
        errors.append(_("Use one kind of pricing per experience (per person, per group or per "
                        "night)."))
    bands = [(ln.age_min, ln.age_max, ln.label) for ln in lines
             if ln.kind == PricingKind.PER_PERSON and ln.age_min is not None
             and ln.age_max is not None]
    tiers = [(ln.group_size_min, ln.group_size_max, ln.label) for ln in lines
             if ln.kind == PricingKind.PER_GROUP and ln.group_size_min is not None
             and ln.group_size_max is not None]
    errors += _overlaps(bands) + _overlaps(tiers)
    if lines and not any(line.price_cents > 0 for line in lines):
        errors.append(_("At least one price must be above zero."))
    return errors


ADULT_AGE = 30


def price_per_adult_cents(lines: list[PriceLine]) -> int | None:
    """What one adult pays, in the lines' currency (minor units): the age band holding an adult
    of 30, else the dearest band; a group's cheapest tier per head at its largest size; a
    lodging's cheapest night. None without a paid line. Used to filter and sort by price."""
    paid = [line for line in lines if line.price_cents > 0]
    if not paid:
        return None
    kind = paid[0].kind
    if kind == PricingKind.PER_PERSON:
        adult = [ln for ln in paid if ln.age_min is not None and ln.age_max is not None
                 and ln.age_min <= ADULT_AGE <= ln.age_max]
        return min(ln.price_cents for ln in adult) if adult else max(ln.price_cents
                                                                      for ln in paid)
    if kind == PricingKind.PER_GROUP:
        return min(-(-ln.price_cents // (ln.group_size_max or 1)) for ln in paid)
    return min(ln.price_cents for ln in paid)


def price_per_adult_eur_cents(lines: list[PriceLine], *, currency: str) -> int | None:
    """``price_per_adult_cents`` in EUR cents (settings' exchange rates), for search."""
    from marketplace.core.money import to_eur_cents

    amount = price_per_adult_cents(lines)
    if amount is None:
        return None
    return to_eur_cents(amount_cents=amount, currency=currency)
