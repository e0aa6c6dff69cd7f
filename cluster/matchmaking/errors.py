"""The matchmaking domain's errors: each carries a message that can be shown to the user."""

from marketplace.core.errors import MarketplaceError


class MatchmakingError(MarketplaceError):
    """Base class of the B2B matchmaking errors."""


class InvalidScheduleInput(MatchmakingError):
    """The scheduler was given inconsistent input (an unknown participant, slot or table…)."""


class MeetingRequestNotAllowed(MatchmakingError):
    """A meeting cannot be requested: not a B2B event, not registered, oneself, twice…"""

    status_code = 409


class MeetingRequestStateError(MatchmakingError):
    """The request is not in a state that allows this (already answered…)."""

    status_code = 409


class SlotNotAvailable(MatchmakingError):
    """A slot cannot be used or blocked: another event's, taken, blocked by a participant…"""

    status_code = 409


class ScheduleStateError(MatchmakingError):
    """The event's schedule is not in a state that allows this (published, not run…)."""

    status_code = 409
