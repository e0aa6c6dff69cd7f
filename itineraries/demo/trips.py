"""What the demo itineraries are: the operators' trips and the cluster's sample trips, as
days of wanted stops (a town and radius; an experience or a night; required or optional) and
free items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal

# What a demo trip may not have (a night without lodging is accepted where none is open).
BAD_CONFLICTS = {"overlap", "travel", "no-route", "full", "cutoff", "driving"}
FIRST_DAY_OFFSET = 21  # trips start three weeks ahead at the earliest...
START_DAYS_TRIED = 28  # ...and within the four weeks after that
HUB_RADIUS_KM = 150.0  # an operator's trip stays around one contracted supplier
INDEX_TEXT = {"it": ("Viaggi di esempio", "viaggi-di-esempio",
                     "Itinerari di più giorni scelti dal cluster: esperienze, notti e "
                     "spostamenti già combinati. Scegli una data e prenota tutto insieme."),
              "en": ("Sample trips", "sample-trips",
                     "Multi-day trips put together by the cluster: experiences, nights and the "
                     "travel between them already fitted. Pick a date and book them at once.")}


@dataclass(frozen=True)
class Want:
    """One stop wanted on a day: an experience (or a night's lodging) met within ``radius_km``
    of one of the towns ``near`` (tried in order); no towns: any of the trip's candidates.
    An optional stop is left out when nothing fits."""

    near: tuple[str, ...] = ()
    lodging: bool = False
    required: bool = False
    radius_km: float = 15.0


@dataclass(frozen=True)
class Item:
    """A free item of a day at ``at`` (local time), priced per person, placed at ``town``
    (None: the place of the day's last located stop; "": nowhere)."""

    kind: str
    title: str
    at: time
    duration_min: int
    cost_per_person_cents: int = 0
    town: str | None = ""


@dataclass(frozen=True)
class Day:
    wants: tuple[Want, ...] = ()
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class TripSpec:
    title: str
    days: tuple[Day, ...]
    adults: int = 2
    child_ages: tuple[int, ...] = ()
    rooms: int = 1
    markup_pct: Decimal = Decimal(0)
    client_reference: str = ""
    # The sample trip's pages: language code -> (title, slug, introduction).
    pages: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    booked: bool = False  # an operator's trip: booked on account, else proposed and shared


def _activity(*near: str, required: bool = False, radius_km: float = 15.0) -> Want:
    return Want(near=near, required=required, radius_km=radius_km)


def _night(*near: str, radius_km: float = 15.0) -> Want:
    return Want(near=near, lodging=True, radius_km=radius_km)


ANY, ANY_NIGHT = Want(), Want(lodging=True)
WELCOME_DINNER = Item("meal", "Welcome dinner", time(20, 0), 120, 3800, town=None)
ARRIVAL = Item("note", "Arrival: meet the local host at the first stop", time(8, 0), 0)
AIRPORT = Item("transfer", "Private transfer to the airport", time(16, 30), 120, 3000)
OPERATOR_TRIPS = {
    "operator-de@example.com": (
        TripSpec("Becker family: slow days in the south", client_reference="AE-2027-014",
                 days=(Day((ANY, ANY, ANY_NIGHT), (ARRIVAL, WELCOME_DINNER)),
                       Day((ANY, ANY, ANY_NIGHT)), Day((ANY,), (AIRPORT,))),
                 child_ages=(9,), markup_pct=Decimal(18)),
        TripSpec("Müller couple: Adriatic short break", client_reference="AE-2027-022",
                 days=(Day((ANY, ANY, ANY_NIGHT), (ARRIVAL, WELCOME_DINNER)),
                       Day((ANY, ANY, ANY_NIGHT)), Day((ANY, ANY, ANY_NIGHT)),
                       Day((ANY,), (AIRPORT,))),
                 markup_pct=Decimal(15), booked=True)),
    "operator-gb@example.com": (
        TripSpec("Hart family: a taste of the Balkans", client_reference="TAJ-0412",
                 days=(Day((ANY, ANY, ANY_NIGHT), (ARRIVAL, WELCOME_DINNER)),
                       Day((ANY, ANY, ANY_NIGHT)), Day((ANY, ANY, ANY_NIGHT)),
                       Day((ANY,), (AIRPORT,))),
                 child_ages=(12,), markup_pct=Decimal(20)),
        TripSpec("Patel party: long weekend with the makers", client_reference="TAJ-0431",
                 days=(Day((ANY, ANY, ANY_NIGHT), (ARRIVAL, WELCOME_DINNER)),
                       Day((ANY, ANY, ANY_NIGHT)), Day((ANY,), (AIRPORT,))),
                 adults=3, rooms=2, markup_pct=Decimal(22), booked=True)),
}
SAMPLE_TRIPS = (
    TripSpec("Salento in three days", days=(
        Day((_activity("Lecce", required=True), _activity("Lecce"),
             _night("Lecce", "Otranto", "Gallipoli", radius_km=40))),
        Day((_activity("Otranto", "Galatina", required=True, radius_km=20),
             _activity("Otranto", "Galatina", "Lecce", radius_km=20),
             _night("Otranto", "Lecce", "Gallipoli", radius_km=40))),
        Day((_activity("Gallipoli", "Nardò", "Santa Maria di Leuca", "Lecce", required=True,
                       radius_km=20),),)),
        pages={"it": ("Il Salento in tre giorni", "salento-in-tre-giorni",
                      "Il barocco di Lecce, i mosaici di Otranto e il mare di Gallipoli: tre "
                      "giorni nel tacco d'Italia con chi ci vive."),
               "en": ("Salento in three days", "salento-in-three-days",
                      "Lecce's baroque, Otranto's mosaics and Gallipoli's sea: three days in "
                      "the heel of Italy with the people who live there.")}),
    TripSpec("Molise villages and tratturi", days=(
        Day((_activity("Campobasso", "Isernia", required=True, radius_km=25),
             _activity("Campobasso", "Isernia", radius_km=25),
             _night("Campobasso", "Isernia", "Frosolone", radius_km=30))),
        Day((_activity("Frosolone", "Agnone", "Isernia", required=True, radius_km=25),
             _activity("Agnone", "Frosolone", "Isernia", radius_km=25),
             _night("Agnone", "Frosolone", "Isernia", radius_km=30))),
        Day((_activity("Agnone", "Isernia", "Venafro", "Larino", required=True,
                       radius_km=25),),)),
        child_ages=(10,),
        pages={"it": ("Borghi e tratturi del Molise", "borghi-e-tratturi-del-molise",
                      "Campane di Agnone, formaggi d'alpeggio e le vie della transumanza: "
                      "tre giorni tra i borghi del Molise interno."),
               "en": ("Molise villages and tratturi", "molise-villages-and-tratturi",
                      "Agnone's bells, mountain cheeses and the old drove roads of the "
                      "transhumance: three days among the villages of inland Molise.")}),
    TripSpec("Across the Adriatic: Bari, Durrës, Shkodër, Kotor", days=(
        # Day 1 ends at the port: the night ferry to Durrës is the night's bed.
        Day((_activity("Bari", required=True, radius_km=8),),
            (Item("note", "Night ferry Bari–Durrës: check in two hours before sailing",
                  time(19, 30), 0),)),
        Day((_activity("Durrës", required=True, radius_km=10),
             _night("Shkodër", radius_km=10), _activity("Shkodër", radius_km=10))),
        # Over the border: the night in Kotor first, a morning in Shkodër only if it leaves
        # the time to get there.
        Day((_night("Kotor", radius_km=8), _activity("Kotor", radius_km=8),
             _activity("Shkodër", radius_km=10))),
        Day((_activity("Kotor", "Tivat", "Budva", required=True, radius_km=25),),)),
        pages={"it": ("Attraverso l'Adriatico: Bari, Durazzo, Scutari, Cattaro",
                      "attraverso-adriatico",
                      "Dalla Bari di San Nicola al traghetto notturno per Durazzo, poi il lago "
                      "di Scutari e, passato il confine, le mura di Cattaro."),
               "en": ("Across the Adriatic: Bari, Durrës, Shkodër, Kotor",
                      "across-the-adriatic",
                      "From St Nicholas's Bari to the night ferry to Durrës, then Lake "
                      "Shkodër and, over the border, the walls of Kotor.")}),
)


# SECTION: placing stops
