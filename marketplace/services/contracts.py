"""Contracts between suppliers and tour operators, and the prices operators pay.

A contract gives an operator either a net rate (the price options' ``net_price_cents``) or
retail less a commission, for a supplier's experiences within its validity dates; an override
replaces the terms for one experience. Contracts and overrides are matched across
translations: a provider or an experience is the same whatever language its page is in.
Amounts are integer minor units of the experience's currency; percentages are ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import InvalidContract, OverlappingContract
from ..models import (
    Contract,
    ContractOverride,
    ExperiencePage,
    Operator,
    OperatorTerms,
    PriceOption,
    ProviderPage,
)

HUNDRED = Decimal(100)


# SECTION: prices


def commission_net_cents(*, retail_cents: int, commission_pct: Decimal) -> int:
    """Retail less ``commission_pct`` percent, in the same minor units, rounded half up
    (``4500`` less ``12.5`` → ``3938``)."""
    net = Decimal(retail_cents) * (HUNDRED - Decimal(commission_pct)) / HUNDRED
    return int(net.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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


def contract_active(*, operator: Operator, provider: ProviderPage, on: date) -> Contract | None:
    """The contract of an approved ``operator`` with ``provider`` (in any of its languages)
    valid on the local date ``on``, or None. When several are (which validation prevents),
    the one that started last."""
    if operator is None or not operator.is_approved:
        return None
    return (Contract.objects
            .filter(operator=operator, provider__translation_key=provider.translation_key,
                    valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .order_by("-valid_from", "-pk").first())


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


# SECTION: writes


def _translation_key(page) -> object:
    return page.translation_key if page is not None else None


def contract_check(*, contract: Contract) -> None:
    """``InvalidContract`` (400) or ``OverlappingContract`` (409) with a message naming the
    field when ``contract`` is not acceptable: its dates in order, percentages 0–100, and no
    other contract between the same supplier and operator over any of its dates."""
    if contract.valid_from is None:
        raise InvalidContract(_("Give the first day of validity."), field="valid_from")
    if contract.valid_until is not None and contract.valid_until < contract.valid_from:
        raise InvalidContract(_("The contract cannot end before it starts."),
                              field="valid_until")
    for name in ("commission_pct", "cluster_commission_pct"):
        value = getattr(contract, name)
        if value is not None and not Decimal(0) <= Decimal(value) <= HUNDRED:
            raise InvalidContract(_("A percentage is between 0 and 100."), field=name)
    if contract.terms not in OperatorTerms.values:
        raise InvalidContract(_("Choose the terms of the contract."), field="terms")
    provider = ProviderPage.objects.filter(pk=contract.provider_id).first()
    if provider is None:
        raise InvalidContract(_("Choose the supplier."), field="provider")
    others = Contract.objects.filter(operator_id=contract.operator_id,
                                     provider__translation_key=provider.translation_key)
    if contract.pk is not None:
        others = others.exclude(pk=contract.pk)
    if contract.valid_until is not None:
        others = others.filter(valid_from__lte=contract.valid_until)
    clash = others.filter(Q(valid_until__isnull=True)
                          | Q(valid_until__gte=contract.valid_from)).order_by("valid_from").first()
    if clash is not None:
        until = clash.valid_until.isoformat() if clash.valid_until else _("open-ended")
        raise OverlappingContract(
            _("%(operator)s already has a contract with %(provider)s from %(start)s to "
              "%(end)s: end it before this one starts, or change that one.")
            % {"operator": clash.operator.name, "provider": provider.title,
               "start": clash.valid_from.isoformat(), "end": until},
            field="valid_from")


@transaction.atomic
def contract_save(*, contract: Contract) -> Contract:
    """Check and save a new or changed contract. The operator's row is locked first, so two
    managers saving overlapping contracts at once cannot both succeed."""
    Operator.objects.select_for_update().filter(pk=contract.operator_id).first()
    contract_check(contract=contract)
    contract.save()
    return contract


def contract_create(*, provider: ProviderPage, operator: Operator, valid_from: date,
                    terms: str = OperatorTerms.COMMISSION, commission_pct: Decimal | int = 0,
                    valid_until: date | None = None,
                    cluster_commission_pct: Decimal | int | None = None,
                    currency: str = "EUR", signed_at: date | None = None) -> Contract:
    """A new contract between a supplier and an operator (see ``contract_check``)."""
    return contract_save(contract=Contract(
        provider=provider, operator=operator, terms=terms,
        commission_pct=Decimal(commission_pct), valid_from=valid_from,
        valid_until=valid_until, currency=currency, signed_at=signed_at,
        cluster_commission_pct=(None if cluster_commission_pct is None
                                else Decimal(cluster_commission_pct))))


def contract_override_check(*, override: ContractOverride) -> None:
    """``InvalidContract`` unless the override's experience is one of the contract's
    supplier's and its percentage is 0–100."""
    if override.contract_id is None:
        raise InvalidContract(_("Choose the contract."), field="contract")
    experience = ExperiencePage.objects.filter(pk=override.experience_id).first()
    if experience is None:
        raise InvalidContract(_("Choose the experience."), field="experience")
    contract = Contract.objects.select_related("provider").get(pk=override.contract_id)
    parent = experience.get_parent()
    if _translation_key(parent) != contract.provider.translation_key:
        raise InvalidContract(_("“%(experience)s” is not an experience of %(provider)s.")
                              % {"experience": experience.title,
                                 "provider": contract.provider.title}, field="experience")
    if not Decimal(0) <= Decimal(override.commission_pct) <= HUNDRED:
        raise InvalidContract(_("A percentage is between 0 and 100."), field="commission_pct")
    if override.terms not in OperatorTerms.values:
        raise InvalidContract(_("Choose the terms for this experience."), field="terms")
    duplicate = ContractOverride.objects.filter(
        contract_id=override.contract_id,
        experience__translation_key=experience.translation_key)
    if override.pk is not None:
        duplicate = duplicate.exclude(pk=override.pk)
    if duplicate.exists():
        raise InvalidContract(_("This contract already has different terms for “%(experience)s”.")
                              % {"experience": experience.title}, field="experience")


@transaction.atomic
def contract_override_save(*, override: ContractOverride) -> ContractOverride:
    """Check and save an override (see ``contract_override_check``)."""
    Contract.objects.select_for_update().filter(pk=override.contract_id).first()
    contract_override_check(override=override)
    override.save()
    return override


def contract_override_set(*, contract: Contract, experience: ExperiencePage, terms: str,
                          commission_pct: Decimal | int = 0) -> ContractOverride:
    """Give ``experience`` its own terms under ``contract`` (replacing earlier ones)."""
    override = (ContractOverride.objects
                .filter(contract=contract,
                        experience__translation_key=experience.translation_key).first()
                or ContractOverride(contract=contract, experience=experience))
    override.terms = terms
    override.commission_pct = Decimal(commission_pct)
    return contract_override_save(override=override)
