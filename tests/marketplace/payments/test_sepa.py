"""SEPA: IBAN and BIC checks, and the pain.001.001.03 file against the shipped ISO 20022 XSD."""

from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from marketplace.demo.payments import albanian_check_digit, demo_iban
from marketplace.payments.sepa import (
    BankAccount,
    BankAccountError,
    SepaFileError,
    SepaPayment,
    bank_account_check,
    sepa_credit_transfer_xml,
)

XSD = Path(__file__).parents[1] / "data" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}
DEBTOR = {"name": "Innotourclust Scarl", "iban": "IT60X0542811101000000123456",
          "bic": "BPMOIT22XXX"}


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(XSD))


def test_valid_accounts_are_normalised():
    assert bank_account_check(iban="al47 2121 1009 0000 0002 3569 8741", bic="tirbaltr",
                              holder="Bujtina") == BankAccount(
        iban="AL47212110090000000235698741", bic="TIRBALTR")
    assert bank_account_check(iban="ME25 5050 0001 2345 6789 51", bic="CKBCMEPGXXX",
                              holder="Konoba") == BankAccount(
        iban="ME25505000012345678951", bic="CKBCMEPGXXX")


@pytest.mark.parametrize(("iban", "bic", "field", "words"), [
    ("AL47212110090000000235698742", "TIRBALTR", "iban", "IBAN of Konoba Ribar"),
    ("ME25505000012345678950", "CKBCMEPG", "iban", "checksum"),  # national mod 97 digits
    ("ME2550500001234567895", "CKBCMEPG", "iban", "IBAN of Konoba Ribar"),  # one short
    ("ME25505000012345678951", "CKBC", "bic", "BIC of Konoba Ribar"),
    ("ME25505000012345678951", "TIRBALTR", "bic", "another country"),
])
def test_invalid_accounts_name_the_supplier(iban, bic, field, words):
    with pytest.raises(BankAccountError) as caught:
        bank_account_check(iban=iban, bic=bic, holder="Konoba Ribar")
    assert caught.value.field == field
    assert words in caught.value.message


def test_pain001_file_validates_against_the_iso_schema(schema):
    payments = [
        SepaPayment(name="Bujtina Çela", account=bank_account_check(
            iban="AL47212110090000000235698741", bic="TIRBALTR", holder="Bujtina"),
            amount_cents=12345, end_to_end_id="ITC-R1-P1", remittance="Innotourclust run 1"),
        SepaPayment(name="Konoba Đurović", account=bank_account_check(
            iban="ME25505000012345678951", bic="CKBCMEPG", holder="Konoba"),
            amount_cents=67800, end_to_end_id="ITC-R1-P2", remittance="Innotourclust run 1"),
    ]
    message_id, xml = sepa_credit_transfer_xml(payments=payments,
                                               execution_date=date(2026, 7, 1), debtor=DEBTOR)
    schema.validate(xml)
    root = ElementTree.fromstring(xml.encode())
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.find("p:MsgId", NS).text == message_id
    assert header.find("p:NbOfTxs", NS).text == "2"
    assert header.find("p:CtrlSum", NS).text == "801.45"
    info = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    assert info.find("p:ReqdExctnDt", NS).text == "2026-07-01"
    assert info.find("p:DbtrAcct/p:Id/p:IBAN", NS).text == DEBTOR["iban"]
    transfers = info.findall("p:CdtTrfTxInf", NS)
    assert [(t.find("p:CdtrAcct/p:Id/p:IBAN", NS).text,
             t.find("p:Amt/p:InstdAmt", NS).text,
             t.find("p:Amt/p:InstdAmt", NS).get("Ccy"),
             t.find("p:PmtId/p:EndToEndId", NS).text,
             t.find("p:Cdtr/p:Nm", NS).text) for t in transfers] == [
        ("AL47212110090000000235698741", "123.45", "EUR", "ITC-R1-P1", "Bujtina Cela"),
        ("ME25505000012345678951", "678.00", "EUR", "ITC-R1-P2", "Konoba Durovic"),
    ]


def test_file_refuses_no_payment_and_non_positive_amounts():
    account = bank_account_check(iban="ME25505000012345678951", bic="CKBCMEPG", holder="K")
    with pytest.raises(SepaFileError):
        sepa_credit_transfer_xml(payments=[], execution_date=date(2026, 7, 1), debtor=DEBTOR)
    with pytest.raises(SepaFileError, match="Konoba"):
        sepa_credit_transfer_xml(
            payments=[SepaPayment(name="Konoba", account=account, amount_cents=0,
                                  end_to_end_id="X", remittance="Y")],
            execution_date=date(2026, 7, 1), debtor=DEBTOR)


def test_an_invalid_debtor_account_is_refused():
    account = bank_account_check(iban="ME25505000012345678951", bic="CKBCMEPG", holder="K")
    with pytest.raises(BankAccountError, match="Innotourclust"):
        sepa_credit_transfer_xml(
            payments=[SepaPayment(name="K", account=account, amount_cents=100,
                                  end_to_end_id="X", remittance="Y")],
            execution_date=date(2026, 7, 1),
            debtor={**DEBTOR, "name": "Innotourclust", "iban": "IT60X0542811101000000123457"})


def test_albanian_national_check_digit():
    # AL47 2121 1009 0000 0002 3569 8741: bank 212, branch 1100, check digit 9.
    assert albanian_check_digit("2121100") == "9"


@pytest.mark.parametrize("country", ["AL", "ME"])
def test_demo_ibans_are_valid_and_stable(country):
    accounts = [demo_iban(country=country, seed=f"{country}:{n}") for n in range(30)]
    for iban, bic in accounts:
        checked = bank_account_check(iban=iban, bic=bic, holder="demo")
        assert checked.iban.startswith(country)
    assert accounts == [demo_iban(country=country, seed=f"{country}:{n}") for n in range(30)]
    assert len({iban for iban, _ in accounts}) == 30
