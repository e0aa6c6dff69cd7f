"""Agreements: their parties, the signed document's checks, the contract a commercial
agreement between a supplier and a tour operator opens, signing, ending and withdrawing."""

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cluster.agreements import services
from cluster.agreements.errors import (
    AgreementStateError,
    InvalidAgreement,
    InvalidAgreementDocument,
)
from cluster.agreements.models import Agreement
from cluster.members.models import Member
from marketplace.core.choices import OperatorTerms
from marketplace.core.errors import OverlappingContract
from marketplace.operators.models import Contract
from marketplace.operators.selectors import contract_active
from marketplace.operators.services.contracts import contract_create

from .conftest import member_make

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TERMS = services.ContractTerms(terms=OperatorTerms.COMMISSION, commission_pct=Decimal("20"))


def _create(parties, **fields):
    fields.setdefault("kind", Agreement.Kind.MEMORANDUM)
    fields.setdefault("title", "Salento hospitality network")
    fields.setdefault("starts_on", timezone.localdate())
    return services.agreement_create(parties=parties, **fields)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office/>")
    return buffer.getvalue()


# SECTION: parties


def test_a_memorandum_between_two_members_is_a_draft_until_signed(supplier, institution):
    agreement = _create([supplier, institution])
    assert agreement.status == Agreement.Status.DRAFT
    assert set(agreement.members.all()) == {supplier, institution}
    assert agreement.contract is None


def test_an_agreement_needs_two_distinct_parties(supplier, institution):
    with pytest.raises(InvalidAgreement, match="at least two"):
        _create([supplier])
    with pytest.raises(InvalidAgreement, match="only once"):
        _create([supplier, supplier])
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("status", [Member.Status.SUSPENDED, Member.Status.LEFT])
def test_suspended_companies_and_those_that_left_cannot_sign(supplier, status):
    gone = member_make(status=status, name="Gone Srl")
    with pytest.raises(InvalidAgreement, match="Gone Srl"):
        _create([supplier, gone])
    assert not Agreement.objects.exists()


def test_an_applicant_may_be_a_party(supplier):
    applicant = member_make(status=Member.Status.APPLIED)
    assert _create([supplier, applicant]).pk


def test_dates_in_order_and_no_future_signature(supplier, institution):
    today = timezone.localdate()
    with pytest.raises(InvalidAgreement, match="end before"):
        _create([supplier, institution], ends_on=today - timedelta(days=1))
    with pytest.raises(InvalidAgreement, match="future"):
        _create([supplier, institution], signed_on=today + timedelta(days=1))


# SECTION: the signed document


@pytest.mark.parametrize("name,content", [
    ("accordo.pdf", PDF), ("accordo.docx", _docx()), ("accordo.odt", _odt()),
    ("firma.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100),
    ("firma.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
])
def test_the_accepted_documents(supplier, institution, name, content):
    agreement = _create([supplier, institution], signed_on=timezone.localdate(),
                        document=SimpleUploadedFile(name, content))
    assert agreement.document.name.endswith(name.rsplit(".", 1)[1])
    assert agreement.document.read() == content


def test_a_renamed_executable_is_refused(supplier, institution):
    exe = SimpleUploadedFile("accordo.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(InvalidAgreementDocument, match="not really a PDF"):
        _create([supplier, institution], document=exe)
    assert not Agreement.objects.exists()


def test_an_executable_is_refused_by_its_extension(supplier, institution):
    with pytest.raises(InvalidAgreementDocument, match="PDF, DOCX, ODT, JPEG or PNG"):
        _create([supplier, institution], document=SimpleUploadedFile("setup.exe", b"MZ"))


def test_a_zip_named_docx_is_refused(supplier, institution):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    with pytest.raises(InvalidAgreementDocument, match="not really a DOCX"):
        _create([supplier, institution],
                document=SimpleUploadedFile("accordo.docx", buffer.getvalue()))


def test_eleven_megabytes_are_refused(supplier, institution):
    big = SimpleUploadedFile("accordo.pdf", PDF + b"0" * (11 * 1024 * 1024))
    with pytest.raises(InvalidAgreementDocument, match="10 MB at most"):
        _create([supplier, institution], document=big)
    assert not Agreement.objects.exists()


# SECTION: the contract of a commercial agreement


def test_a_signed_commercial_agreement_opens_resale(supplier, operator_member):
    today = timezone.localdate()
    agreement = _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL,
                        starts_on=today, ends_on=today + timedelta(days=365), signed_on=today,
                        contract_terms=TERMS)
    contract = agreement.contract
    assert contract is not None and agreement.status == Agreement.Status.SIGNED
    assert (contract.provider, contract.operator) == (supplier.provider, operator_member.operator)
    assert contract.commission_pct == Decimal("20")
    assert (contract.valid_from, contract.valid_until) == (today, today + timedelta(days=365))
    assert contract_active(operator=operator_member.operator, provider=supplier.provider,
                           on=today) == contract


def test_a_net_rate_contract(supplier, operator_member):
    agreement = _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL,
                        signed_on=timezone.localdate(),
                        contract_terms=services.ContractTerms(terms=OperatorTerms.NET_RATE))
    assert agreement.contract.terms == OperatorTerms.NET_RATE


def test_a_signed_commercial_agreement_needs_terms(supplier, operator_member):
    with pytest.raises(InvalidAgreement, match="terms"):
        _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL,
                signed_on=timezone.localdate())
    assert not Agreement.objects.exists() and not Contract.objects.exists()


def test_a_supplier_without_a_page_cannot_sign_with_an_operator(operator_member):
    bare = member_make(name="Senza Pagina")
    with pytest.raises(InvalidAgreement, match="Senza Pagina has no page"):
        _create([bare, operator_member], kind=Agreement.Kind.COMMERCIAL,
                signed_on=timezone.localdate(), contract_terms=TERMS)


def test_an_overlapping_contract_writes_nothing(supplier, operator_member):
    today = timezone.localdate()
    contract_create(provider=supplier.provider, operator=operator_member.operator,
                    valid_from=today - timedelta(days=10))
    with pytest.raises(OverlappingContract):
        _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL,
                signed_on=today, contract_terms=TERMS,
                document=SimpleUploadedFile("accordo.pdf", PDF))
    assert not Agreement.objects.exists()
    assert Contract.objects.count() == 1


def test_a_commercial_draft_opens_its_contract_when_signed(supplier, operator_member):
    agreement = _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL)
    assert agreement.contract is None
    agreement = services.agreement_sign(agreement=agreement, signed_on=timezone.localdate(),
                                        contract_terms=TERMS,
                                        document=SimpleUploadedFile("accordo.pdf", PDF))
    assert agreement.status == Agreement.Status.SIGNED and agreement.contract is not None
    assert agreement.document
    with pytest.raises(AgreementStateError):
        services.agreement_sign(agreement=agreement, signed_on=timezone.localdate())


def test_a_commercial_agreement_between_two_suppliers_has_no_contract(supplier):
    other = member_make(name="Konoba Beta")
    agreement = _create([supplier, other], kind=Agreement.Kind.COMMERCIAL,
                        signed_on=timezone.localdate())
    assert agreement.contract is None


# SECTION: ending and withdrawing


def test_withdrawing_ends_the_contract(supplier, operator_member):
    today = timezone.localdate()
    agreement = _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL,
                        starts_on=today - timedelta(days=30), signed_on=today,
                        contract_terms=TERMS)
    agreement = services.agreement_withdraw(agreement=agreement)
    assert agreement.status == Agreement.Status.WITHDRAWN
    assert contract_active(operator=operator_member.operator, provider=supplier.provider,
                           on=today) is None
    assert not Agreement.objects.exclude(status=Agreement.Status.WITHDRAWN).exists()
    with pytest.raises(AgreementStateError):
        services.agreement_withdraw(agreement=agreement)


def test_withdrawing_before_the_start_removes_the_contract(supplier, operator_member):
    today = timezone.localdate()
    agreement = _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL,
                        starts_on=today + timedelta(days=10), signed_on=today,
                        contract_terms=TERMS)
    services.agreement_withdraw(agreement=agreement)
    assert not Contract.objects.exists()


def test_ending_ends_the_contract_the_same_day(supplier, operator_member):
    today = timezone.localdate()
    agreement = _create([supplier, operator_member], kind=Agreement.Kind.COMMERCIAL,
                        starts_on=today - timedelta(days=30), signed_on=today,
                        contract_terms=TERMS)
    agreement = services.agreement_end(agreement=agreement, ended_on=today)
    agreement.contract.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED and agreement.ends_on == today
    assert agreement.contract.valid_until == today
    assert contract_active(operator=operator_member.operator, provider=supplier.provider,
                           on=today + timedelta(days=1)) is None


def test_a_draft_cannot_end(supplier, institution):
    with pytest.raises(AgreementStateError):
        services.agreement_end(agreement=_create([supplier, institution]))


def test_the_document_is_stored_last(supplier, institution, monkeypatch):
    """A refusal after the checks leaves no file behind: the file is saved after the rows."""
    calls = []
    original = services._document_attach
    monkeypatch.setattr(services, "_document_attach",
                        lambda agreement, document: calls.append(agreement.pk)
                        or original(agreement, document))
    _create([supplier, institution], document=SimpleUploadedFile("a.pdf", PDF))
    assert calls and calls[0] is not None


def test_signed_on_is_a_date(supplier, institution):
    agreement = _create([supplier, institution], signed_on=date(2025, 3, 1),
                        starts_on=date(2025, 3, 1))
    assert agreement.signed_on == date(2025, 3, 1)
