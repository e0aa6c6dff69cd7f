"""The trip optimiser: the team orienteering problem with time windows (TOPTW) and multi-day
trips with lodging choice built on it. Pure Python and numba; no Django."""

from geo.optimiser.checker import TourCheck, check_tours, tour_starts
from geo.optimiser.errors import InfeasibleTrip, InvalidProblem, OptimiserError
from geo.optimiser.problem import TourProblem, TourSolution, TourSpec
from geo.optimiser.solver import SearchSettings, solve_tours, warm_up
from geo.optimiser.trip_types import (
    Experience,
    Lodging,
    TripDay,
    TripPlan,
    TripRequest,
    TripVisit,
)
from geo.optimiser.trips import plan_trip

__all__ = [
    "Experience",
    "InfeasibleTrip",
    "InvalidProblem",
    "Lodging",
    "OptimiserError",
    "SearchSettings",
    "TourCheck",
    "TourProblem",
    "TourSolution",
    "TourSpec",
    "TripDay",
    "TripPlan",
    "TripRequest",
    "TripVisit",
    "check_tours",
    "plan_trip",
    "solve_tours",
    "tour_starts",
    "warm_up",
]
