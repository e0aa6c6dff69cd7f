"""The transport model: roads, Albania-Montenegro border crossings, ferries, one network.

Public entry points: `route`, `travel_time_min`, `travel_time_matrix_min`; the network of the
bundled data is `default_network()`, and `TransportNetwork.build` takes custom data.
"""

from geo.transport.borders import BorderCrossing, is_peak_day, load_border_crossings
from geo.transport.ferries import TIMETABLE_TZ, FerryRoute, load_ferry_routes, parse_months
from geo.transport.legs import BorderLeg, FerryLeg, Leg, RoadLeg, Route
from geo.transport.matrix import travel_time_matrix_min
from geo.transport.network import (
    LAND_MASSES,
    Hub,
    TransportNetwork,
    default_network,
    land_mass,
)
from geo.transport.roads import ROAD_PROFILES, RoadProfile, road_leg_km_min
from geo.transport.routing import route, travel_time_min

__all__ = [
    "LAND_MASSES",
    "ROAD_PROFILES",
    "TIMETABLE_TZ",
    "BorderCrossing",
    "BorderLeg",
    "FerryLeg",
    "FerryRoute",
    "Hub",
    "Leg",
    "RoadLeg",
    "RoadProfile",
    "Route",
    "TransportNetwork",
    "default_network",
    "is_peak_day",
    "land_mass",
    "load_border_crossings",
    "load_ferry_routes",
    "parse_months",
    "road_leg_km_min",
    "route",
    "travel_time_matrix_min",
    "travel_time_min",
]
