"""The trip optimiser: the team orienteering problem with time windows (TOPTW) and multi-day
trips with lodging choice built on it. Pure Python and numba; no Django."""

from geo.optimiser.errors import InfeasibleTrip, InvalidProblem, OptimiserError
from geo.optimiser.problem import TourProblem, TourSolution, TourSpec
from geo.optimiser.solver import SearchSettings, solve_tours, warm_up

__all__ = [
    "InfeasibleTrip",
    "InvalidProblem",
    "OptimiserError",
    "SearchSettings",
    "TourProblem",
    "TourSolution",
    "TourSpec",
    "solve_tours",
    "warm_up",
]
