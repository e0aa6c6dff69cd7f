"""The events' domain errors, each with a message a cluster manager (or a member) can read
(they are the marketplace's kind of error, so the one way of turning them into a response
applies)."""

from marketplace.core.errors import MarketplaceError


class InvalidEvent(MarketplaceError):
    """An event's times, place or capacity are not acceptable."""


class EventStateError(MarketplaceError):
    """The event is not in a state that allows this (cancelling a held event…)."""

    status_code = 409


class RegistrationRefused(MarketplaceError):
    """The company cannot register: the event is cancelled, over or full, the member is not
    active, or it is registered already."""

    status_code = 409


class CheckInRefused(MarketplaceError):
    """The registration exists but cannot be checked in (cancelled, or its event is)."""

    status_code = 409


class UnknownRegistration(MarketplaceError):
    """No registration has this token."""

    status_code = 404


class FeedbackRefused(MarketplaceError):
    """Feedback from a company that did not attend, given twice, or with a bad rating."""

    status_code = 409
