"""Contracts between suppliers and tour operators: checking and saving them and their
per-experience overrides. The prices they give are read in ``operators.selectors``.

A contract gives an operator either a net rate (the price options' ``net_price_cents``) or
retail less a commission, for a supplier's experiences within its validity dates; an override
replaces the terms for one experience. Contracts and overrides are matched across
translations: a provider or an experience is the same whatever language its page is in.
Amounts are integer minor units of the experience's currency; percentages are ``Decimal``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.core.choices import OperatorTerms
from marketplace.core.errors import InvalidContract, OverlappingContract
from marketplace.core.money import HUNDRED
from marketplace.operators.models import Contract, ContractOverride, Operator

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
                    currency: str = "EUR", signed_at: date | None = None,
                    on_account: bool = False) -> Contract:
    """A new contract between a supplier and an operator (see ``contract_check``);
    ``on_account``: the operator may pay this supplier's bookings on its monthly statement."""
    return contract_save(contract=Contract(
        provider=provider, operator=operator, terms=terms, on_account=on_account,
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
