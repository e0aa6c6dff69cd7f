"""The cooperation domain's errors: each carries a message that can be shown to the user and
the status code of the response (``form_error_add`` turns one into form errors)."""

from marketplace.core.errors import MarketplaceError


class CooperationError(MarketplaceError):
    """Base class: a user-caused problem with a post or a reply (400 with its message)."""


class CooperationPermissionDenied(CooperationError):
    """The user may not act for this member or on this post."""

    status_code = 403


class CooperationStateError(CooperationError):
    """The post or the member does not allow this now: a closed post, one's own post, a
    member that is not active."""

    status_code = 409
