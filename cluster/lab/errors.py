"""The digital lab's errors: each carries a message that can be shown to the SME."""

from marketplace.core.errors import MarketplaceError


class NotALabMember(MarketplaceError):
    """The company is not a member of the cluster yet: it cannot record a module as done."""
