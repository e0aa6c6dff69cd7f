"""SEPA credit transfers: IBAN and BIC checks (schwifty) and the ISO 20022 pain.001.001.03
file that the cluster's bank executes (sepaxml, validated against the schema it ships).

Suppliers in Albania and Montenegro are paid this way: Stripe Connect cannot pay out there,
and both countries joined the SEPA schemes. Amounts are integer euro cents.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from sepaxml import SepaTransfer
from sepaxml.validation import ValidationError as SepaValidationError

from marketplace.core.errors import BankAccountError, SepaFileError

SCHEMA = "pain.001.001.03"


@dataclass(frozen=True)
class BankAccount:
    """A checked account: the IBAN in its compact form, the 8 or 11 letter BIC."""

    iban: str
    bic: str


def bank_account_check(*, iban: str, bic: str, holder: str) -> BankAccount:
    """Check an IBAN (length, format and check digits of its country, and the national check
    digits where schwifty knows the algorithm) and a BIC (format, and the same country as
    the IBAN). ``holder`` names the account in the error message."""
    try:
        with warnings.catch_warnings():  # countries without a national checksum warn
            warnings.simplefilter("ignore")
            checked_iban = IBAN(iban.strip(), validate_bban=True)
    except SchwiftyException as exc:
        raise BankAccountError(_("The IBAN of %(holder)s (“%(iban)s”) is not valid: %(error)s")
                               % {"holder": holder, "iban": iban, "error": exc},
                               field="iban") from exc
    try:
        checked_bic = BIC(bic.strip())
    except SchwiftyException as exc:
        raise BankAccountError(_("The BIC of %(holder)s (“%(bic)s”) is not valid: %(error)s")
                               % {"holder": holder, "bic": bic, "error": exc},
                               field="bic") from exc
    if checked_bic.country_code != checked_iban.country_code:
        raise BankAccountError(
            _("The BIC of %(holder)s (%(bic)s) is from another country than its IBAN "
              "(%(country)s).") % {"holder": holder, "bic": str(checked_bic),
                                   "country": checked_iban.country_code}, field="bic")
    return BankAccount(iban=checked_iban.compact, bic=str(checked_bic))


@dataclass(frozen=True)
class SepaPayment:
    """One credit transfer of the file: to ``name``'s account, ``amount_cents`` euro cents.
    ``end_to_end_id`` (≤ 35 characters) comes back on the creditor's statement with
    ``remittance`` (≤ 140)."""

    name: str
    account: BankAccount
    amount_cents: int
    end_to_end_id: str
    remittance: str


def sepa_credit_transfer_xml(*, payments: list[SepaPayment], execution_date: date,
                             debtor: dict[str, str] | None = None) -> tuple[str, str]:
    """The pain.001.001.03 file paying ``payments`` from the cluster's account
    (``settings.SEPA_DEBTOR``: name, iban, bic) as one batch on ``execution_date``. Returns
    the message id and the XML text; raises ``SepaFileError`` if it does not validate."""
    if not payments:
        raise SepaFileError(_("A SEPA file needs at least one payment."))
    debtor = debtor or settings.SEPA_DEBTOR
    account = bank_account_check(iban=debtor["iban"], bic=debtor["bic"], holder=debtor["name"])
    transfer = SepaTransfer({"name": debtor["name"], "IBAN": account.iban, "BIC": account.bic,
                             "batch": True, "currency": "EUR"}, schema=SCHEMA)
    for payment in payments:
        if payment.amount_cents <= 0:
            raise SepaFileError(_("The transfer to %(name)s is not a positive amount.")
                                % {"name": payment.name})
        transfer.add_payment({
            "name": payment.name, "IBAN": payment.account.iban, "BIC": payment.account.bic,
            "amount": payment.amount_cents, "execution_date": execution_date,
            "description": payment.remittance, "endtoend_id": payment.end_to_end_id[:35],
        })
    try:
        xml = transfer.export(validate=True, pretty_print=True)
    except SepaValidationError as exc:
        raise SepaFileError(_("The SEPA file does not validate against %(schema)s: %(error)s")
                            % {"schema": SCHEMA, "error": exc.__cause__ or exc}) from exc
    return transfer.msg_id, xml.decode("utf-8")
