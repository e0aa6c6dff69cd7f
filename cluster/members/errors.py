"""The members domain's errors: each carries a message that can be shown to the user and the
status code of the response (marketplace's ``form_error_add`` turns one into form errors)."""

from marketplace.core.errors import MarketplaceError


class MemberError(MarketplaceError):
    """Base class: a user-caused problem with a member, shown as a 4xx with its message."""


class DuplicateMember(MemberError):
    """This company (country and VAT or registration number) is a member or has applied."""

    status_code = 409


class MemberStateError(MemberError):
    """The member's status does not allow this step (activating a member who left…)."""

    status_code = 409


class MemberPermissionDenied(MemberError):
    """The user may not act for this member."""

    status_code = 403
