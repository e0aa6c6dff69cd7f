"""Writing agreements: creating one with its parties and signed document, signing, ending and
withdrawing it. A signed commercial agreement between a supplier and a tour operator creates
their marketplace contract (``contract_create``), so the operator may resell at once; ending
or withdrawing the agreement ends the contract.

Dates are local dates; percentages are ``Decimal``. Every write is one transaction, and the
document's file is stored last, so a refusal leaves nothing behind.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import PurePath

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cluster.agreements.errors import (
    AgreementStateError,
    InvalidAgreement,
    InvalidAgreementDocument,
)
from cluster.agreements.models import Agreement, AgreementParty
from cluster.members.models import Member
from marketplace.core.choices import OperatorTerms
from marketplace.core.money import HUNDRED
from marketplace.operators.models import Contract
from marketplace.operators.services.contracts import contract_create, contract_save

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What each accepted extension must turn out to be, by its first bytes (and a zip's entries).
DOCUMENT_KINDS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".jpg": "jpeg",
                  ".jpeg": "jpeg", ".png": "png"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
REFUSED_STATUSES = (Member.Status.LEFT, Member.Status.SUSPENDED)


@dataclass(frozen=True)
class ContractTerms:
    """What a commercial agreement gives the operator: retail less ``commission_pct`` or the
    suppliers' net rates; ``on_account``: the operator pays on its monthly statement."""

    terms: str = OperatorTerms.COMMISSION
    commission_pct: Decimal = Decimal(0)
    on_account: bool = False


# SECTION: the signed document


def _sniffed_kind(document: File) -> str | None:
    """What the file's content is, of the kinds accepted, or None."""
    document.seek(0)
    head = document.read(8)
    document.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(document) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return "docx"
    except zipfile.BadZipFile:
        return None
    finally:
        document.seek(0)
    return None


def agreement_document_check(*, document: File) -> None:
    """``InvalidAgreementDocument`` unless ``document`` is at most 10 MB and is, by its
    content, what its extension says: a PDF, DOCX, ODT, JPEG or PNG."""
    name = PurePath(document.name or "").name
    expected = DOCUMENT_KINDS.get(PurePath(name).suffix.lower())
    if expected is None:
        raise InvalidAgreementDocument(
            _("“%(name)s” cannot be attached: send the signed agreement as PDF, DOCX, ODT, "
              "JPEG or PNG.") % {"name": name}, field="document")
    if document.size > MAX_DOCUMENT_BYTES:
        raise InvalidAgreementDocument(
            _("“%(name)s” is %(size).1f MB: the signed document may be 10 MB at most.")
            % {"name": name, "size": document.size / 1024 / 1024}, field="document")
    if _sniffed_kind(document) != expected:
        raise InvalidAgreementDocument(
            _("“%(name)s” is not really a %(kind)s file: send the signed agreement as PDF, "
              "DOCX, ODT, JPEG or PNG.") % {"name": name, "kind": expected.upper()},
            field="document")


# SECTION: checks


def _parties_check(parties: list[Member]) -> list[Member]:
    if len({member.pk for member in parties}) != len(parties):
        raise InvalidAgreement(_("A company is a party to an agreement only once."),
                               field="parties")
    if len(parties) < 2:
        raise InvalidAgreement(_("An agreement has at least two parties."), field="parties")
    fresh = list(Member.objects.select_for_update().filter(pk__in=[m.pk for m in parties])
                 .order_by("pk"))
    refused = [member.name for member in fresh if member.status in REFUSED_STATUSES]
    if refused:
        raise InvalidAgreement(
            _("Suspended companies and companies that left the cluster cannot sign: "
              "%(names)s.") % {"names": ", ".join(refused)}, field="parties")
    return fresh


def _dates_check(*, starts_on: date, ends_on: date | None, signed_on: date | None) -> None:
    if starts_on is None:
        raise InvalidAgreement(_("Give the first day of the agreement."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidAgreement(_("The agreement cannot end before it starts."),
                               field="ends_on")
    if signed_on is not None and signed_on > timezone.localdate():
        raise InvalidAgreement(_("The signing date cannot be in the future."),
                               field="signed_on")


def _reseller_pair(parties: list[Member]) -> tuple[Member, Member] | None:
    """The (supplier, operator) of a two-party commercial agreement between a supplier and a
    tour operator, or None; ``InvalidAgreement`` when either is not on the marketplace."""
    kinds = sorted(member.kind for member in parties)
    if kinds != [Member.Kind.OPERATOR, Member.Kind.SUPPLIER]:
        return None
    supplier = next(m for m in parties if m.kind == Member.Kind.SUPPLIER)
    operator = next(m for m in parties if m.kind == Member.Kind.OPERATOR)
    if supplier.provider_id is None:
        raise InvalidAgreement(
            _("%(name)s has no page on the marketplace: a commercial agreement with a tour "
              "operator needs it.") % {"name": supplier.name}, field="parties")
    if operator.operator_id is None:
        raise InvalidAgreement(
            _("%(name)s has no tour operator account on the marketplace: a commercial "
              "agreement with a supplier needs it.") % {"name": operator.name},
            field="parties")
    return supplier, operator


def _contract_open(agreement: Agreement, parties: list[Member],
                   contract_terms: ContractTerms | None) -> None:
    """Create the contract of a signed commercial supplier–operator agreement."""
    if agreement.kind != Agreement.Kind.COMMERCIAL or agreement.contract_id is not None:
        return
    pair = _reseller_pair(parties)
    if pair is None:
        return
    if contract_terms is None:
        raise InvalidAgreement(_("Give the contract's terms: a commission or net rates."),
                               field="terms")
    if not Decimal(0) <= Decimal(contract_terms.commission_pct) <= HUNDRED:
        raise InvalidAgreement(_("A percentage is between 0 and 100."), field="commission_pct")
    supplier, operator = pair
    agreement.contract = contract_create(
        provider=supplier.provider, operator=operator.operator, terms=contract_terms.terms,
        commission_pct=contract_terms.commission_pct, valid_from=agreement.starts_on,
        valid_until=agreement.ends_on, signed_at=agreement.signed_on,
        on_account=contract_terms.on_account)


def _contract_close(agreement: Agreement, *, last_day: date) -> None:
    """End the agreement's contract on ``last_day``; one that has not started is removed
    when no booking used it, else kept to its first day."""
    contract = (Contract.objects.select_for_update().filter(pk=agreement.contract_id).first()
                if agreement.contract_id else None)
    if contract is None:
        return
    if last_day < contract.valid_from:  # bookings keep the contract they were sold under
        if not contract.bookings.exists():
            agreement.contract = None
            agreement.save(update_fields=["contract"])
            contract.delete()
            return
        last_day = contract.valid_from
    if contract.valid_until is None or contract.valid_until > last_day:
        contract.valid_until = last_day
        contract_save(contract=contract)


def _document_attach(agreement: Agreement, document: File | None) -> None:
    """Store the checked document last: the rows are written, only the file remains."""
    if document is not None:
        agreement.document.save(PurePath(document.name).name, document, save=True)


# SECTION: writes


@transaction.atomic
def agreement_create(*, kind: str, title: str, parties: list[Member], starts_on: date,
                     ends_on: date | None = None, signed_on: date | None = None,
                     document: File | None = None, summary: str = "", created_by=None,
                     contract_terms: ContractTerms | None = None,
                     roles: dict[int, str] | None = None) -> Agreement:
    """A new agreement between ``parties`` (two or more distinct members, none suspended or
    gone), signed when ``signed_on`` is given (not in the future), else a draft. A signed
    commercial agreement between one supplier and one tour operator creates their contract
    with ``contract_terms``, valid over the agreement's dates. ``document``: see
    ``agreement_document_check``; ``roles``: each party's role by member id."""
    if kind not in Agreement.Kind.values:
        raise InvalidAgreement(_("Choose the type of agreement."), field="kind")
    if not (title or "").strip():
        raise InvalidAgreement(_("Give the agreement a title."), field="title")
    _dates_check(starts_on=starts_on, ends_on=ends_on, signed_on=signed_on)
    members = _parties_check(list(parties))
    if document is not None:
        agreement_document_check(document=document)
    agreement = Agreement(kind=kind, title=title.strip(), summary=summary, starts_on=starts_on,
                          ends_on=ends_on, signed_on=signed_on, created_by=created_by,
                          status=(Agreement.Status.SIGNED if signed_on
                                  else Agreement.Status.DRAFT))
    if kind == Agreement.Kind.COMMERCIAL:
        _reseller_pair(members)  # refuse early, even for a draft
    if agreement.status == Agreement.Status.SIGNED:
        _contract_open(agreement, members, contract_terms)
    agreement.save()
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, member=member,
                       role=(roles or {}).get(member.pk, "")) for member in members)
    _document_attach(agreement, document)
    return agreement


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def agreement_update(*, agreement: Agreement, title: str, summary: str = "",
                     document: File | None = None) -> Agreement:
    """Change the title and summary, or replace the signed document."""
    agreement = _locked(agreement)
    if not (title or "").strip():
        raise InvalidAgreement(_("Give the agreement a title."), field="title")
    if document is not None:
        agreement_document_check(document=document)
    agreement.title, agreement.summary = title.strip(), summary
    agreement.save(update_fields=["title", "summary"])
    _document_attach(agreement, document)
    return agreement


@transaction.atomic
def agreement_sign(*, agreement: Agreement, signed_on: date, document: File | None = None,
                   contract_terms: ContractTerms | None = None) -> Agreement:
    """Record the signature of a draft on ``signed_on`` (not in the future), with its
    document; a commercial supplier–operator agreement opens their contract (see
    ``agreement_create``)."""
    agreement = _locked(agreement)
    if agreement.status != Agreement.Status.DRAFT:
        raise AgreementStateError(_("Only a draft can be signed; this agreement is %(status)s.")
                                  % {"status": agreement.get_status_display().lower()})
    if signed_on is None:
        raise InvalidAgreement(_("Give the signing date."), field="signed_on")
    _dates_check(starts_on=agreement.starts_on, ends_on=agreement.ends_on, signed_on=signed_on)
    members = _parties_check(list(agreement.members.all()))
    if document is not None:
        agreement_document_check(document=document)
    agreement.signed_on, agreement.status = signed_on, Agreement.Status.SIGNED
    _contract_open(agreement, members, contract_terms)
    agreement.save(update_fields=["signed_on", "status", "contract"])
    _document_attach(agreement, document)
    return agreement


@transaction.atomic
def agreement_end(*, agreement: Agreement, ended_on: date | None = None) -> Agreement:
    """A signed agreement ends on ``ended_on`` (default: today; not before it starts); its
    contract ends that day too."""
    agreement = _locked(agreement)
    if agreement.status != Agreement.Status.SIGNED:
        raise AgreementStateError(_("Only a signed agreement can end; this one is %(status)s.")
                                  % {"status": agreement.get_status_display().lower()})
    ended_on = ended_on or timezone.localdate()
    if ended_on < agreement.starts_on:
        raise InvalidAgreement(_("The agreement cannot end before it starts."),
                               field="ended_on")
    agreement.ends_on, agreement.status = ended_on, Agreement.Status.ENDED
    agreement.save(update_fields=["ends_on", "status"])
    _contract_close(agreement, last_day=ended_on)
    return agreement


@transaction.atomic
def agreement_withdraw(*, agreement: Agreement) -> Agreement:
    """Withdraw a draft or signed agreement: it no longer counts among the cluster's
    agreements, and its contract ends yesterday (or is removed if it never started)."""
    agreement = _locked(agreement)
    if agreement.status not in (Agreement.Status.DRAFT, Agreement.Status.SIGNED):
        raise AgreementStateError(_("This agreement is %(status)s: it cannot be withdrawn.")
                                  % {"status": agreement.get_status_display().lower()})
    agreement.status = Agreement.Status.WITHDRAWN
    agreement.save(update_fields=["status"])
    _contract_close(agreement, last_day=timezone.localdate() - timedelta(days=1))
    return agreement
