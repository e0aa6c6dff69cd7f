"""The conflicts of an itinerary, in words: what does not work and where."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from geo import LatLng, default_network, haversine_km
from itineraries.models import Itinerary, Leg, Stop
from itineraries.selectors.plan import DayPlan, itinerary_plan
from marketplace.catalogue.models.pages import ExperiencePage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.slots import slots_with_places_left
from marketplace.core.dates import LOCAL_TZ

DRIVING_LIMIT_MIN = 6 * 60  # a day's driving (road legs, waits excluded), as coaches plan it


@dataclass(frozen=True)
class Conflict:
    """Something of the itinerary that does not work, said in words; ``stop_id`` is the stop
    it concerns (None: the whole day), ``day`` the day's number."""

    day: int
    stop_id: int | None
    code: str
    message: str


def itinerary_conflicts(itinerary: Itinerary, *, now=None,
                        plan: list[DayPlan] | None = None) -> list[Conflict]:
    """Slot full for the party, overlapping stops, too little time to travel to the next
    stop, closed that day (a stop left on another date), cut-off passed, a ferry that does
    not sail that day or season or in time, more than a day's driving, a night without a
    lodging. Two queries whatever the number of stops (and the plan's three
    without ``plan``)."""
    now = now or timezone.now()
    plan = plan if plan is not None else itinerary_plan(itinerary)
    conflicts: list[Conflict] = []
    slot_ids = [s.slot_id for d in plan for s in d.stops if s.slot_id]
    places = dict(slots_with_places_left(Slot.objects.filter(pk__in=slot_ids), now=now)
                  .values_list("pk", "places_left"))
    cutoffs = dict(ExperiencePage.objects.filter(
        pk__in={s.experience_id for d in plan for s in d.stops if s.experience_id})
        .values_list("pk", "cutoff_hours"))
    ordered = [(d.number, s) for d in plan for s in d.stops]
    legs_after = {k: v for d in plan for k, v in d.legs_after.items()}
    dates = {d.number: d.date for d in plan}
    for number, stop in ordered:
        on = timezone.localtime(stop.starts_at, LOCAL_TZ).date()
        if on != dates[number]:
            conflicts.append(Conflict(number, stop.pk, "closed", _(
                "%(title)s does not run on %(date)s (closed that day): it is still set for "
                "%(other)s. Choose another stop for this day, or move it.") % {
                "title": stop.title, "date": _date(dates[number]), "other": _date(on)}))
        if stop.slot_id:
            left = places.get(stop.slot_id, 0)
            if left < itinerary.party_size:
                conflicts.append(Conflict(number, stop.pk, "full", _(
                    "%(title)s has %(left)d places left on this date; the party is %(n)d.")
                    % {"title": stop.title, "left": left, "n": itinerary.party_size}))
            cutoff = cutoffs.get(stop.experience_id, 0)
            if stop.starts_at - timedelta(hours=cutoff) <= now:
                conflicts.append(Conflict(number, stop.pk, "cutoff", _(
                    "%(title)s can no longer be booked for this date (booking closes "
                    "%(hours)d hours before).") % {"title": stop.title, "hours": cutoff}))
    for (number, a), (_n, b) in zip(ordered, ordered[1:], strict=False):
        if a.kind == Stop.Kind.LODGING or b.kind == Stop.Kind.NOTE:
            continue
        if b.starts_at < a.ends_at and a.day_id == b.day_id:
            conflicts.append(Conflict(number, b.pk, "overlap", _(
                "%(b)s starts at %(start)s, before %(a)s ends at %(end)s.") % {
                "a": a.title, "b": b.title, "start": _clock(b.starts_at),
                "end": _clock(a.ends_at)}))
            continue
        legs = legs_after.get(a.pk, [])
        if a.is_located and b.is_located and (a.lat, a.lon) != (b.lat, b.lon):
            if not legs:
                conflicts.append(Conflict(number, b.pk, "no-route", _(
                    "No way to reach %(b)s from %(a)s in time: %(why)s") % {
                    "a": a.title, "b": b.title, "why": _no_sailing(a, b)}))
                continue
            arrive = max(leg.depart_at + timedelta(minutes=leg.total_min) for leg in legs)
            if arrive > b.starts_at:
                ferries = [leg for leg in legs if leg.kind == Leg.Kind.FERRY]
                detail = (_(" (the ferry sails at %(at)s)") % {"at": _clock(ferries[0].sails_at)}
                          if ferries and ferries[0].sails_at else "")
                conflicts.append(Conflict(number, b.pk, "travel", _(
                    "Too little time to travel from %(a)s to %(b)s: arriving at %(arrive)s, "
                    "it starts at %(start)s%(detail)s.") % {
                    "a": a.title, "b": b.title, "arrive": _clock(arrive),
                    "start": _clock(b.starts_at), "detail": detail}))
    for day in plan:
        driving = sum(leg.duration_min for legs in day.legs_after.values() for leg in legs
                      if leg.kind == Leg.Kind.ROAD)
        if driving > DRIVING_LIMIT_MIN:
            conflicts.append(Conflict(day.number, None, "driving", _(
                "Day %(n)d has %(h)s hours of driving, more than %(limit)d.") % {
                "n": day.number, "h": f"{driving / 60:.1f}",
                "limit": DRIVING_LIMIT_MIN // 60}))
        if day.number < itinerary.day_count and day.stops and not any(
                s.kind == Stop.Kind.LODGING for s in day.stops) and not _sails_overnight(day):
            conflicts.append(Conflict(day.number, None, "no-lodging", _(
                "The night after day %(n)d has no lodging.") % {"n": day.number}))
    return conflicts


def _sails_overnight(day: DayPlan) -> bool:
    return any(leg.kind == Leg.Kind.FERRY and leg.overnight
               for legs in day.legs_after.values() for leg in legs)


# How far from a stop its port may be, for the words of a missed sailing.
PORT_REACH_KM = 150


def _no_sailing(a: Stop, b: Stop) -> str:
    """Why no route was found, as a planner says it: which ferry does not sail that day or
    season, or sails before the stop ends, and what to change."""
    leaving = timezone.localtime(a.ends_at, LOCAL_TZ)
    routes = [edge.route for edge in default_network().ferry_edges
              if haversine_km(edge.route.from_point, LatLng(a.lat, a.lon)) <= PORT_REACH_KM
              and haversine_km(edge.route.to_point, LatLng(b.lat, b.lon)) <= PORT_REACH_KM]
    if not routes:
        return _("no ferry or road joins them.")
    names = ", ".join(sorted({f"{r.from_port}–{r.to_port}" for r in routes}))
    day = leaving.date()
    if not any(route.sails_on(day) for route in routes):
        out_of_season = [r for r in routes if day.month not in r.months]
        if len(out_of_season) == len(routes):
            months = sorted({m for r in routes for m in r.months})
            return _("no ferry %(routes)s sails in %(month)s (season: %(season)s). Choose "
                     "dates in season, or a way by land.") % {
                "routes": names, "month": _month(day.month),
                "season": ", ".join(_month(m) for m in months)}
        return _("no ferry %(routes)s sails on %(date)s. Start a day earlier or later, or "
                 "end the trip on this side.") % {"routes": names, "date": _date(day)}
    departures = sorted(d for r in routes
                        for d in r.departures(leaving.replace(hour=0, minute=0), leaving
                                              .replace(hour=23, minute=59)))
    return _("the ferries %(routes)s leave at %(times)s that day, before %(a)s ends at "
             "%(end)s.") % {"routes": names, "a": a.title, "end": _clock(a.ends_at),
                            "times": ", ".join(_clock(d) for d in departures)}


def _month(number: int) -> str:
    return formats.date_format(date(2000, number, 1), "F")


def _date(day) -> str:
    return formats.date_format(day, "l j F Y")


def _clock(moment) -> str:
    return timezone.localtime(moment, LOCAL_TZ).strftime("%H:%M")
