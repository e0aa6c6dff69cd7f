"""The agreements' domain errors, each with a message a cluster manager can read (they are
the marketplace's kind of error, so the one way of turning them into a response applies)."""

from marketplace.core.errors import MarketplaceError


class InvalidAgreement(MarketplaceError):
    """The agreement's parties, dates, type or contract terms are not acceptable."""


class InvalidAgreementDocument(MarketplaceError):
    """The signed document is not a PDF, DOCX, ODT, JPEG or PNG, or is too large."""


class AgreementStateError(MarketplaceError):
    """The agreement is not in a state that allows this (signing a withdrawn one…)."""

    status_code = 409
