"""The operators' reads: their members and contracts, and the prices operators pay (net
prices).

A contract gives an operator either a net rate (the price options' ``net_price_cents``) or
retail less a commission, for a supplier's experiences within its validity dates; an override
replaces the terms for one experience. Contracts and overrides are matched across
translations: a provider or an experience is the same whatever language its page is in.
Amounts are integer minor units of the experience's currency; percentages are ``Decimal``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db.models import F, Q
from django.utils import timezone

from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.core.choices import OperatorTerms
from marketplace.core.money import HUNDRED, percent_of_cents
from marketplace.operators.models import Contract, ContractOverride, Operator

# SECTION: prices


def commission_net_cents(*, retail_cents: int, commission_pct: Decimal) -> int:
    """Retail less ``commission_pct`` percent, in the same minor units, rounded half up
    (``4500`` less ``12.5`` → ``3938``)."""
    return percent_of_cents(amount_cents=retail_cents, pct=HUNDRED - Decimal(commission_pct))


@dataclass(frozen=True)
class Terms:
    """The terms that price one experience for one operator."""

    kind: str
    commission_pct: Decimal


def contract_terms(*, contract: Contract, experience: ExperiencePage,
                   overrides: dict | None = None) -> Terms:
    """The contract's terms for ``experience``: its override when there is one, else the
    contract's own. ``overrides`` (experience translation key → override) saves the query
    when pricing many experiences."""
    if overrides is None:
        override = (ContractOverride.objects
                    .filter(contract=contract,
                            experience__translation_key=experience.translation_key).first())
    else:
        override = overrides.get(experience.translation_key)
    if override is not None:
        return Terms(kind=override.terms, commission_pct=override.commission_pct)
    return Terms(kind=contract.terms, commission_pct=contract.commission_pct)


def unit_price_cents(*, terms: Terms, experience: ExperiencePage, option: PriceOption) -> int:
    """What an operator pays for one unit of ``option`` under ``terms``, in the option's minor
    units. Net rate: the option's net price, else the experience's own operator terms (retail
    less its operator commission when those are commission terms), else retail. Commission:
    retail less the percentage, rounded half up."""
    if terms.kind == OperatorTerms.NET_RATE:
        if option.net_price_cents is not None:
            return option.net_price_cents
        if experience.operator_terms == OperatorTerms.COMMISSION:
            return commission_net_cents(retail_cents=option.price_cents,
                                        commission_pct=experience.operator_commission_pct)
        return option.price_cents
    return commission_net_cents(retail_cents=option.price_cents,
                                commission_pct=terms.commission_pct)


def operator_unit_price_cents(*, contract: Contract, experience: ExperiencePage,
                              option: PriceOption) -> int:
    """The unit price (minor units of the experience's currency) an operator pays for
    ``option`` of ``experience`` under ``contract``, an override for the experience included.
    ``option`` may belong to a translation of ``experience``."""
    terms = contract_terms(contract=contract, experience=experience)
    return unit_price_cents(terms=terms, experience=experience, option=option)


# SECTION: reads


def contract_in_force(contracts: Iterable[Contract], *, on: date) -> Contract | None:
    """Of ``contracts``, the one valid on the local date ``on`` (validity dates inclusive, no
    end date: open-ended), or None. When several are (which validation prevents), the one
    that started last. No query."""
    valid = [contract for contract in contracts if contract.valid_from <= on
             and (contract.valid_until is None or contract.valid_until >= on)]
    return max(valid, key=lambda contract: (contract.valid_from, contract.pk), default=None)


def contracts_with(*, operator: Operator | None,
                   providers: Iterable[ProviderPage]) -> dict[UUID, list[Contract]]:
    """All the contracts of an approved ``operator`` with ``providers`` (in any of their
    languages), whatever their dates, by the provider's translation key; empty for no
    operator or one that is not approved. One query (none when empty)."""
    keys = {provider.translation_key for provider in providers}
    if operator is None or not operator.is_approved or not keys:
        return {}
    by_key: dict[UUID, list[Contract]] = defaultdict(list)
    for contract in (Contract.objects.filter(operator=operator, provider__translation_key__in=keys)
                     .annotate(provider_key=F("provider__translation_key"))):
        by_key[contract.provider_key].append(contract)
    return dict(by_key)


def contract_overrides(*, contracts: Iterable[Contract]) -> dict[int, dict[UUID, ContractOverride]]:
    """The overrides of ``contracts``: contract id → {experience translation key → override},
    each inner dict as ``contract_terms`` takes it. One query (none without contracts)."""
    ids = {contract.pk for contract in contracts}
    overrides: dict[int, dict[UUID, ContractOverride]] = {pk: {} for pk in ids}
    if ids:
        for override in (ContractOverride.objects.filter(contract_id__in=ids)
                         .annotate(experience_key=F("experience__translation_key"))):
            overrides[override.contract_id][override.experience_key] = override
    return overrides


def contract_active(*, operator: Operator, provider: ProviderPage, on: date) -> Contract | None:
    """The contract of an approved ``operator`` with ``provider`` (in any of its languages)
    valid on the local date ``on`` (``contract_in_force``), or None. One query."""
    contracts = contracts_with(operator=operator, providers=[provider])
    return contract_in_force(contracts.get(provider.translation_key, []), on=on)


def operator_member_operator(*, user) -> Operator | None:
    """The approved operator ``user`` acts for, or None (anonymous, not a member, or the
    operator is pending, rejected or suspended)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return (Operator.objects.filter(members__user=user, status=Operator.Status.APPROVED)
            .order_by("pk").first())


def operator_contracts(*, operator: Operator, on: date | None = None) -> list[Contract]:
    """The operator's contracts valid on ``on`` (default: today) or later, by supplier, with
    their suppliers and overrides fetched (three queries)."""
    on = on or timezone.localdate()
    return list(Contract.objects.filter(operator=operator)
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
                .select_related("provider").prefetch_related("overrides__experience")
                .order_by("provider__title", "valid_from"))


@dataclass(frozen=True)
class NetPrice:
    """One price option as an operator sees it; amounts in minor units of ``currency``."""

    option: PriceOption
    retail_cents: int
    net_cents: int
    currency: str


@dataclass(frozen=True)
class OperatorPrices:
    """What an operator pays for an experience under its active contract."""

    operator: Operator
    contract: Contract
    terms: Terms
    prices: list[NetPrice]


def operator_prices(*, user, experience: ExperiencePage, on: date | None = None,
                    options: list[PriceOption] | None = None) -> OperatorPrices | None:
    """The net prices of ``experience`` for the approved operator ``user`` acts for, under the
    contract with the experience's supplier valid on ``on`` (default: today, local time);
    None for the public, for a member of an operator that is not approved, and without a
    contract. ``options`` are the experience's price options when already fetched. Three
    queries for a member with a contract, none for an anonymous visitor."""
    operator = operator_member_operator(user=user)
    if operator is None:
        return None
    provider = experience.get_parent()
    contract = contract_active(operator=operator, provider=provider,
                               on=on or timezone.localdate())
    if contract is None:
        return None
    terms = contract_terms(contract=contract, experience=experience)
    if options is None:
        options = list(experience.price_options.all())
    prices = [NetPrice(option=option, retail_cents=option.price_cents,
                       net_cents=unit_price_cents(terms=terms, experience=experience,
                                                  option=option),
                       currency=experience.currency) for option in options]
    return OperatorPrices(operator=operator, contract=contract, terms=terms, prices=prices)
