"""Quotes: what a booking costs now, for a buyer or at an operator's contract, and the cart
priced line by line. Reads only: nothing is held (``services.orders.order_place`` holds).
Amounts are integer EUR cents (lek prices converted at ``EXCHANGE_RATES_PER_EUR``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.bookings.selectors.bookings import experience_in_language
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import Slot
from marketplace.core.choices import PricingKind
from marketplace.core.errors import BookingNotAllowed, InvalidQuantities, MarketplaceError
from marketplace.core.money import to_eur_cents
from marketplace.operators.selectors import (
    Terms,
    contract_in_force,
    contract_overrides,
    contract_terms,
    contracts_with,
    unit_price_cents,
)

MAX_PLACES_PER_BOOKING = 100


@dataclass(frozen=True)
class BookingRequest:
    """One booking a buyer asks for: a slot and a count per price option (adults, children, a
    boat for a group of N, rooms). ``quantities`` maps PriceOption ids (of the experience or
    of one of its translations) to counts."""

    slot_id: int
    quantities: dict[int, int] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class _PricedLine:
    label: str
    quantity: int
    unit_price_cents: int
    total_cents: int


@dataclass(frozen=True)
class _PricedBooking:
    places: int
    lines: list[_PricedLine]
    price_cents: int
    retail_cents: int
    contract: object | None


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _eur(amount_cents: int, currency: str) -> int:
    return to_eur_cents(amount_cents=amount_cents, currency=currency)


def _counts(quantities: dict[int, int]) -> dict[int, int]:
    """The counts asked for, checked: whole non-negative numbers, at least one place."""
    try:
        counts = {int(pk): int(n) for pk, n in quantities.items()}
    except (TypeError, ValueError) as exc:
        raise InvalidQuantities(_("Quantities must be whole numbers.")) from exc
    if any(n < 0 for n in counts.values()):
        raise InvalidQuantities(_("A quantity cannot be negative."))
    counts = {pk: n for pk, n in counts.items() if n}
    if not counts:
        raise InvalidQuantities(_("Choose at least one place."))
    return counts


def _options(experience: ExperiencePage, counts: dict[int, int],
             options: dict[int, PriceOption]) -> list[tuple[PriceOption, int]]:
    """The price options asked for with their counts: ids of options of ``experience`` (or of
    a translation of it), from ``options`` as ``_PricingReads`` fetched them."""
    mine = {pk for pk in counts
            if pk in options and options[pk].page_key == experience.translation_key}
    unknown = set(counts) - mine
    if unknown:
        raise InvalidQuantities(_("These prices do not belong to this experience: %(ids)s.")
                                % {"ids": ", ".join(str(pk) for pk in sorted(unknown))})
    return [(options[pk], n) for pk, n in sorted(counts.items())]


def _providers(experiences: list[ExperiencePage]) -> dict[int, ProviderPage]:
    """The provider (the parent page, live or not) of each experience, by experience id."""
    parent_paths = {page.pk: page.path[:-ExperiencePage.steplen] for page in experiences}
    by_path = {provider.path: provider for provider in
               ProviderPage.objects.filter(path__in=set(parent_paths.values()))}
    return {pk: by_path[path] for pk, path in parent_paths.items()}


@dataclass(frozen=True)
class _PricingReads:
    """What pricing bookings reads, once for one booking or many: the price options asked for
    (each with ``page_key``, its page's translation key), and with an operator the
    experiences' providers, the operator's contracts with them and their overrides."""

    options: dict[int, PriceOption]
    providers: dict[int, ProviderPage]  # experience id -> its provider
    contracts: dict  # provider translation key -> the operator's contracts with it
    overrides: dict[int, dict]  # contract id -> experience translation key -> override


def _pricing_reads(*, experiences: list[ExperiencePage], option_ids: set[int],
                   operator) -> _PricingReads:
    """One query without an operator (none without options), up to four with one."""
    options = {o.pk: o for o in PriceOption.objects.filter(pk__in=option_ids).annotate(
        page_key=F("page__translation_key"))} if option_ids else {}
    if operator is None:
        return _PricingReads(options=options, providers={}, contracts={}, overrides={})
    providers = _providers(experiences)
    contracts = contracts_with(operator=operator, providers=providers.values())
    overrides = contract_overrides(contracts=[c for cs in contracts.values() for c in cs])
    return _PricingReads(options=options, providers=providers, contracts=contracts,
                         overrides=overrides)


def _unit_prices(experience: ExperiencePage, chosen,
                 terms: Terms | None) -> dict[int, tuple[int, int]]:
    """(buyer's unit price, retail unit price) in EUR cents per option id; retail for both
    without an operator's ``terms``."""
    prices = {}
    for option, _n in chosen:
        retail = _eur(option.price_cents, experience.currency)
        if terms is None:
            prices[option.pk] = (retail, retail)
        else:
            unit = unit_price_cents(terms=terms, experience=experience, option=option)
            prices[option.pk] = (_eur(unit, experience.currency), retail)
    return prices


def booking_priced(*, slot: Slot, quantities: dict[int, int], operator, on) -> _PricedBooking:
    """Places and price of one booking: per person (count per age band), per group (the group
    size on one tier: the tier's price once) or per night (rooms). Raises InvalidQuantities
    or BookingNotAllowed with the reason."""
    counts = _counts(quantities)
    reads = _pricing_reads(experiences=[slot.experience], option_ids=set(counts),
                           operator=operator)
    return _priced(slot=slot, counts=counts, operator=operator, on=on, reads=reads)


def _priced(*, slot: Slot, counts: dict[int, int], operator, on,
            reads: _PricingReads) -> _PricedBooking:
    """``booking_priced`` on what ``_pricing_reads`` fetched: no query."""
    experience = slot.experience
    chosen = _options(experience, counts, reads.options)
    kinds = {option.kind for option, _n in chosen}
    if len(kinds) > 1:
        raise InvalidQuantities(_("These prices cannot be combined."))
    kind = kinds.pop()
    contract = terms = None
    if operator is not None:
        provider = reads.providers[experience.pk]
        contract = contract_in_force(reads.contracts.get(provider.translation_key, []), on=on)
        if contract is None:
            raise BookingNotAllowed(
                _("%(operator)s has no contract with %(provider)s valid on %(day)s.")
                % {"operator": operator.name, "provider": provider.title, "day": on})
        terms = contract_terms(contract=contract, experience=experience,
                               overrides=reads.overrides.get(contract.pk, {}))
    units = _unit_prices(experience, chosen, terms)
    lines = []
    if kind == PricingKind.PER_GROUP:
        if len(chosen) != 1:
            raise InvalidQuantities(_("Choose one group price for the whole group."))
        option, size = chosen[0]
        if not (option.group_size_min or 1) <= size <= (option.group_size_max or size):
            raise InvalidQuantities(
                _("“%(label)s” is for groups of %(lo)s to %(hi)s people.")
                % {"label": option.label, "lo": option.group_size_min,
                   "hi": option.group_size_max})
        unit, retail = units[option.pk]
        lines.append(_PricedLine(option.label, size, unit, unit))
        places, retail_total = size, retail
    else:
        retail_total = 0
        for option, n in chosen:
            unit, retail = units[option.pk]
            lines.append(_PricedLine(option.label, n, unit, unit * n))
            retail_total += retail * n
        places = sum(n for _o, n in chosen)
    if places > MAX_PLACES_PER_BOOKING:
        raise InvalidQuantities(_("At most %(n)d places per booking.")
                                % {"n": MAX_PLACES_PER_BOOKING})
    if not experience.is_lodging:
        if places < experience.group_min:
            raise InvalidQuantities(ngettext(
                "This experience needs at least %(n)d participant.",
                "This experience needs at least %(n)d participants.",
                experience.group_min) % {"n": experience.group_min})
        if places > experience.group_max:
            raise InvalidQuantities(ngettext(
                "This experience takes at most %(n)d participant.",
                "This experience takes at most %(n)d participants.",
                experience.group_max) % {"n": experience.group_max})
    price = sum(line.total_cents for line in lines)
    if price <= 0:
        raise InvalidQuantities(_("Add at least one paying participant."))
    return _PricedBooking(places=places, lines=lines, price_cents=price,
                      retail_cents=retail_total, contract=contract)


def slot_bookable_check(slot: Slot, now: datetime) -> None:
    """Raises BookingNotAllowed when the experience is not on sale or the cut-off passed."""
    experience = slot.experience
    if not experience.live:
        raise BookingNotAllowed(_("This experience is not on sale."))
    closes = slot.starts_at - timedelta(hours=experience.cutoff_hours)
    if now >= closes:
        raise BookingNotAllowed(ngettext(
            "Bookings for this date closed %(n)d hour before the start.",
            "Bookings for this date closed %(n)d hours before the start.",
            experience.cutoff_hours) % {"n": experience.cutoff_hours})


@dataclass(frozen=True)
class BookingQuote:
    """What a booking would cost now: places, price and lines in EUR cents (nothing held)."""

    slot: Slot
    places: int
    price_cents: int
    lines: list[_PricedLine]


def booking_quote(*, slot_id: int, quantities: dict[int, int], operator=None,
                  now: datetime | None = None) -> BookingQuote:
    """Price a booking as ``order_place`` would, without holding anything (a trip being put
    together); raises the same errors (not bookable, bad quantities, no contract). Places
    are only checked when the order is placed."""
    quote = booking_quotes(requests=[BookingRequest(slot_id=slot_id, quantities=quantities)],
                           operator=operator, now=now)[0]
    if isinstance(quote, MarketplaceError):
        raise quote
    return quote


def booking_quotes(*, requests: list[BookingRequest], operator=None,
                   now: datetime | None = None) -> list[BookingQuote | MarketplaceError]:
    """``booking_quote`` for many bookings at once, by the same rules, in the order asked:
    each one's quote, or the error ``booking_quote`` would raise for it (returned, not
    raised). Two queries whatever the number of bookings, five with an operator."""
    now = _now(now)
    slots = Slot.objects.select_related("experience").in_bulk(
        {request.slot_id for request in requests})
    asked: list[tuple[Slot, dict[int, int]] | MarketplaceError] = []
    for request in requests:
        try:
            asked.append(_quotable(slots.get(request.slot_id), request.quantities, now))
        except MarketplaceError as exc:
            asked.append(exc)
    valid = [item for item in asked if not isinstance(item, MarketplaceError)]
    reads = _pricing_reads(experiences=[slot.experience for slot, _counts in valid],
                           option_ids={pk for _slot, counts in valid for pk in counts},
                           operator=operator)
    quotes: list[BookingQuote | MarketplaceError] = []
    for item in asked:
        if isinstance(item, MarketplaceError):
            quotes.append(item)
            continue
        slot, counts = item
        try:
            priced = _priced(slot=slot, counts=counts, operator=operator, reads=reads,
                             on=timezone.localtime(slot.starts_at).date())
        except MarketplaceError as exc:
            quotes.append(exc)
            continue
        quotes.append(BookingQuote(slot=slot, places=priced.places,
                                   price_cents=priced.price_cents, lines=priced.lines))
    return quotes


def _quotable(slot: Slot | None, quantities: dict[int, int],
              now: datetime) -> tuple[Slot, dict[int, int]]:
    """The slot and the counts asked for, once the slot is offered and bookable now."""
    if slot is None:
        raise BookingNotAllowed(_("This date is no longer offered."))
    slot_bookable_check(slot, now)
    return slot, _counts(quantities)


@dataclass(frozen=True)
class CartLine:
    """A booking of the trip as the trip page shows it: priced now, or why it cannot be booked."""

    slot_id: int
    page: ExperiencePage | None
    starts_at: object
    places: int
    price_cents: int
    lines: list
    error: str | None


def cart_lines(*, items, operator, language_code: str) -> list[CartLine]:
    """Each booking of the trip priced now (``booking_quote``), its experience in
    ``language_code``; a booking that can no longer be booked carries the reason."""
    lines = []
    for item in items:
        try:
            quote = booking_quote(slot_id=item.slot_id, quantities=item.quantities,
                              operator=operator)
        except MarketplaceError as exc:
            lines.append(CartLine(item.slot_id, None, None, 0, 0, [], exc.message))
            continue
        page = experience_in_language(experience=quote.slot.experience,
                                      language=language_code)
        lines.append(CartLine(item.slot_id, page, quote.slot.starts_at, quote.places,
                            quote.price_cents, quote.lines, None))
    return lines
