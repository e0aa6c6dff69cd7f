"""Exceptions of the trip optimiser."""


class OptimiserError(Exception):
    """Base class of the optimiser's errors."""


class InvalidProblem(OptimiserError, ValueError):
    """The problem's arrays disagree in shape, hold negative times or name unknown nodes."""


class InfeasibleTrip(OptimiserError):
    """No trip satisfies the hard requirements (required places, countries, lodgings)."""
