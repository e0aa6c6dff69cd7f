"""Innotourclust's geo layer: a pure Python library (no Django, no settings).

Value types, regions, the transport network, travel-time matrices and the trip optimiser.
Configuration arrives as arguments; units are in the names. Heavy dependencies (geopandas,
scipy) load on first use.
"""

from geo.distance import (
    EARTH_RADIUS_KM,
    EARTH_RADIUS_M,
    haversine_km,
    haversine_km_arrays,
    one_to_many_km,
    pairwise_km,
)
from geo.errors import (
    GeoError,
    InvalidCoordinates,
    InvalidDatetime,
    NoRoute,
    OutsideAreas,
    UnknownTown,
)
from geo.geojson import to_geojson
from geo.optimiser import (
    Experience as TripExperience,
)
from geo.optimiser import (
    InfeasibleTrip,
    InvalidProblem,
    OptimiserError,
    SearchSettings,
    TourCheck,
    TourProblem,
    TourSolution,
    TourSpec,
    TripDay,
    TripPlan,
    TripRequest,
    TripVisit,
    check_tours,
    plan_trip,
    solve_tours,
    tour_starts,
    warm_up,
)
from geo.optimiser import (
    Lodging as TripLodging,
)
from geo.regions import SNAP_TOLERANCE_KM, find_town, load_towns, locate, locate_many
from geo.transport import (
    BorderLeg,
    FerryLeg,
    Leg,
    RoadLeg,
    Route,
    TransportNetwork,
    default_network,
    route,
    travel_time_matrix_min,
    travel_time_min,
)
from geo.types import BBox, LatLng, Location, Town

__all__ = [
    "EARTH_RADIUS_KM",
    "InfeasibleTrip",
    "InvalidProblem",
    "OptimiserError",
    "SearchSettings",
    "TourCheck",
    "TourProblem",
    "TourSolution",
    "TourSpec",
    "TripDay",
    "TripExperience",
    "TripLodging",
    "TripPlan",
    "TripRequest",
    "TripVisit",
    "check_tours",
    "plan_trip",
    "solve_tours",
    "tour_starts",
    "warm_up",
    "EARTH_RADIUS_M",
    "SNAP_TOLERANCE_KM",
    "BBox",
    "BorderLeg",
    "FerryLeg",
    "GeoError",
    "InvalidCoordinates",
    "InvalidDatetime",
    "LatLng",
    "Leg",
    "Location",
    "NoRoute",
    "OutsideAreas",
    "RoadLeg",
    "Route",
    "Town",
    "TransportNetwork",
    "UnknownTown",
    "default_network",
    "find_town",
    "haversine_km",
    "haversine_km_arrays",
    "load_towns",
    "locate",
    "locate_many",
    "one_to_many_km",
    "pairwise_km",
    "route",
    "to_geojson",
    "travel_time_matrix_min",
    "travel_time_min",
]
