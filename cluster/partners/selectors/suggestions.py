"""Who should sell with whom: a supplier's complementary partners, ranked, in words.

A partner runs experiences of sectors the supplier has not, within ``max_travel_min`` of it
(``geo``'s road, ferry and border times), in months and languages it shares and for groups of
a size both take. Everything is read in a fixed number of queries (providers in a bounding box
around the supplier first, then their experiences, then the slots of the top partners), and
the ranking runs on plain objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from cluster.partners.selectors.bundles import (
    HORIZON_DAYS,
    Bundle,
    BundlePart,
    bundle_dates,
    bundle_party,
    experience_parts,
    part_travel_min,
    slot_rows,
)
from geo import BBox, LatLng, OutsideAreas, travel_time_matrix_min
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.sectors import Sector

MAX_TRAVEL_MIN = 60
FASTEST_KMH = 110  # no road leg is faster: the bounding box cannot miss a partner in reach
PARTS_PER_SIDE = 3  # the bundle picks among each side's best three experiences
SHORTLIST_FACTOR = 4  # bundles are tried for four times as many partners as shown


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One reason of a partner's score: its points and what it means, in words."""

    points: float
    words: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A partner for the supplier: its score with the reasons, a sentence that sums it up
    and a one-day bundle (None when no two experiences of theirs fit together)."""

    partner_id: int
    partner_title: str
    town: str
    travel_min: int
    score: float
    lines: tuple[ScoreLine, ...]
    summary: str
    bundle: Bundle | None


@dataclass(slots=True)
class _Candidate:
    provider: dict
    travel_min: float
    parts: list[BundlePart]  # its experiences that complement one of the supplier's
    own: list[BundlePart]  # the supplier's experiences they complement


def partner_suggestions(*, provider: ProviderPage, limit: int = 5, today: date | None = None,
                        max_travel_min: int = MAX_TRAVEL_MIN) -> list[Suggestion]:
    """The ``limit`` best partners of ``provider``, best first.

    A partner is another live supplier of the same locale, at most ``max_travel_min`` minutes
    from ``provider``'s point, with an experience whose sector is none of the supplier's
    (its page's sectors and its experiences') that shares at least one month of season, one
    language and one group size with one of the supplier's experiences. The bundle's dates
    are those of the next ``HORIZON_DAYS`` days after ``today`` (local) on which every part
    has a slot with room. Six queries, however many candidates.
    """
    today = today or timezone.localdate()
    own = experience_parts(ExperiencePage.objects.child_of(provider))
    point = _point(provider, own)
    if not own or point is None:
        return []
    own_sectors = set(provider.sectors.values_list("pk", flat=True))
    own_sectors |= {part.sector_id for part in own}
    candidates = _candidates(provider, point, own, own_sectors, max_travel_min)
    if not candidates:
        return []
    names = _sector_names()
    ranked = sorted((_scored(c, own_sectors, names, max_travel_min) for c in candidates),
                    key=lambda pair: (-pair[0], pair[1].travel_min, pair[1].provider["title"]))
    # Bundles for a wider shortlist than shown: a partner whose experiences never fit with
    # the supplier's on one day falls behind one whose do (the dates count in the score).
    top = [candidate for _score, candidate in ranked[:limit * SHORTLIST_FACTOR]]
    bundles = _bundles(top, today)
    suggestions = [_suggestion(c, own_sectors, names, max_travel_min, bundles[i])
                   for i, c in enumerate(top)]
    suggestions.sort(key=lambda s: (s.bundle is None or not s.bundle.dates, -s.score,
                                    s.travel_min, s.partner_title))
    return suggestions[:limit]


def _point(provider: ProviderPage, own: list[BundlePart]) -> LatLng | None:
    if provider.lat is not None and provider.lon is not None:
        return LatLng(provider.lat, provider.lon)
    located = [p for p in own if p.lat is not None and p.lon is not None]
    return LatLng(located[0].lat, located[0].lon) if located else None


def _candidates(provider, point, own, own_sectors, max_travel_min) -> list[_Candidate]:
    """Providers in the box the fastest road could reach, their complementary experiences,
    then the ones ``geo`` really puts within ``max_travel_min`` (one matrix for all)."""
    box = BBox.from_center(point, FASTEST_KMH * max_travel_min / 60)
    providers = list(
        ProviderPage.objects.live().filter(
            locale_id=provider.locale_id, lat__range=(box.south, box.north),
            lon__range=(box.west, box.east)).exclude(pk=provider.pk)
        .order_by("pk").values("pk", "title", "path", "lat", "lon", "town"))
    if not providers:
        return []
    parts_of: dict[str, list[BundlePart]] = {p["path"]: [] for p in providers}
    prefix = len(provider.path)
    others = (ExperiencePage.objects.filter(locale_id=provider.locale_id, depth=provider.depth + 1)
              .annotate(parent_path=Substr("path", 1, prefix))
              .filter(parent_path__in=list(parts_of)))
    for part in experience_parts(others):
        if part.sector_id not in own_sectors:
            parts_of[part.provider_path].append(part)
    providers = [p for p in providers if parts_of[p["path"]]]
    if not providers:
        return []
    try:
        minutes = travel_time_matrix_min(
            [point, *(LatLng(p["lat"], p["lon"]) for p in providers)])[0, 1:]
    except OutsideAreas:
        return []
    found = []
    for row, travel_min in zip(providers, minutes, strict=True):
        if not travel_min <= max_travel_min:  # inf: no route
            continue
        pairs = [(mine, theirs) for theirs in parts_of[row["path"]] for mine in own
                 if _complement(mine, theirs)]
        if pairs:
            found.append(_Candidate(
                provider=row, travel_min=float(travel_min),
                parts=_unique(theirs for _mine, theirs in pairs),
                own=_unique(mine for mine, _theirs in pairs)))
    return found


def _complement(mine: BundlePart, theirs: BundlePart) -> bool:
    return bool(mine.months & theirs.months and mine.languages & theirs.languages
                and bundle_party([mine, theirs]) is not None)


def _unique(parts) -> list[BundlePart]:
    seen: dict[int, BundlePart] = {}
    for part in parts:
        seen.setdefault(part.experience_id, part)
    return list(seen.values())


def _sector_names() -> dict[int, str]:
    """Each sector's name in the active language (else its own), by the pk of any of its
    translations (one query: the taxonomy is a handful of rows)."""
    rows = list(Sector.objects.values_list("pk", "translation_key", "locale__language_code",
                                           "name"))
    language = (get_language() or "").lower()
    wanted = {key: name for _pk, key, code, name in rows if code.lower() == language}
    return {pk: wanted.get(key, name) for pk, key, _code, name in rows}


# SECTION: the score, in words


def _scored(candidate: _Candidate, own_sectors, names, max_travel_min):
    lines = _lines(candidate, own_sectors, names, max_travel_min, bundle=None)
    return sum(line.points for line in lines), candidate


def _lines(candidate: _Candidate, own_sectors, names, max_travel_min,
           bundle: Bundle | None) -> list[ScoreLine]:
    new_sectors = sorted({p.sector_id for p in candidate.parts} - own_sectors - {None},
                         key=lambda pk: names.get(pk, ""))
    months = _union(p.months for p in candidate.parts) & _union(p.months for p in candidate.own)
    languages = (_union(p.languages for p in candidate.parts)
                 & _union(p.languages for p in candidate.own))
    groups = [bundle_party([m, t]) for m in candidate.own for t in candidate.parts]
    largest = max(min(m.group_max, t.group_max) for m in candidate.own for t in candidate.parts)
    minutes = round(candidate.travel_min)
    lines = [
        ScoreLine(20.0 * min(len(new_sectors), 2), _("new to you: %(sectors)s") % {
            "sectors": ", ".join(names.get(pk, "?") for pk in new_sectors)}),
        ScoreLine(round(30.0 * (1 - candidate.travel_min / max_travel_min), 1),
                  _("%(minutes)d min away") % {"minutes": minutes}),
        ScoreLine(round(15.0 * len(months) / 12, 1),
                  _("open %(months)s like you") % {"months": month_ranges(months)}),
        ScoreLine(5.0 * min(len(languages), 3),
                  _("speaks %(languages)s") % {"languages": language_names(languages)}),
        ScoreLine(10.0, _("groups of %(low)d to %(high)d fit both") % {
            "low": min(g for g in groups if g is not None), "high": largest}),
    ]
    if bundle is not None and bundle.dates:
        lines.append(ScoreLine(
            float(min(len(bundle.dates), 10)),
            _("%(count)d dates together in the next %(days)d days") % {
                "count": len(bundle.dates), "days": HORIZON_DAYS}))
    return lines


def _union(sets) -> set:
    found: set = set()
    for item in sets:
        found |= item
    return found


def month_ranges(months) -> str:
    """Months as runs of consecutive ones: "June–September", "all year"."""
    months = sorted(months)
    if len(months) == 12:
        return _("all year")
    runs: list[list[int]] = []
    for month in months:
        if runs and month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    if len(runs) > 1 and runs[0][0] == 1 and runs[-1][-1] == 12:
        runs[0] = runs.pop() + runs[0]  # a season across the new year
    return ", ".join(str(MONTHS[r[0]]) if len(r) == 1 else f"{MONTHS[r[0]]}–{MONTHS[r[-1]]}"
                     for r in runs)


def language_names(codes) -> str:
    """Language codes in words in the active language: "Italian and English"."""
    names = []
    for code in sorted(codes):
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    if len(names) < 2:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def _suggestion(candidate: _Candidate, own_sectors, names, max_travel_min,
                bundle: Bundle | None) -> Suggestion:
    lines = _lines(candidate, own_sectors, names, max_travel_min, bundle)
    best = candidate.parts[0]
    months = best.months & _union(p.months for p in candidate.own)
    summary = _("%(title)s (%(sector)s), %(minutes)d min away, %(languages)s, open %(months)s "
                "like you") % {
        "title": best.title, "sector": names.get(best.sector_id, "?"),
        "minutes": round(candidate.travel_min),
        "languages": language_names(best.languages & _union(p.languages for p in candidate.own)),
        "months": month_ranges(months)}
    return Suggestion(
        partner_id=candidate.provider["pk"], partner_title=candidate.provider["title"],
        town=candidate.provider["town"], travel_min=round(candidate.travel_min),
        score=round(sum(line.points for line in lines), 1), lines=tuple(lines),
        summary=summary, bundle=bundle)


# SECTION: the bundles of the top partners


def _bundles(top: list[_Candidate], today: date) -> list[Bundle | None]:
    """For each partner, the combination of two to four of both sides' best experiences with
    the most bookable dates (then the most parts): one query for every slot, one travel
    matrix for every part."""
    choices = [_choices(c) for c in top]
    parts = _unique(part for combos in choices for combo in combos for part in combo)
    slots = slot_rows(experience_ids=[p.experience_id for p in parts],
                      first_day=today + timedelta(days=1),
                      last_day=today + timedelta(days=HORIZON_DAYS))
    travel = part_travel_min(parts)
    found: list[Bundle | None] = []
    for combos in choices:
        best, best_key = None, None
        for combo in combos:
            party = bundle_party(combo)
            dates = bundle_dates(parts=combo, party=party, slots=slots, travel=travel)
            key = (len(dates) > 0, len(combo), len(dates))
            if best_key is None or key > best_key:
                best, best_key = Bundle(parts=combo, party=party, dates=tuple(dates)), key
        found.append(best)
    return found


def _choices(candidate: _Candidate) -> list[tuple[BundlePart, ...]]:
    """The combinations of two to four of both sides' best experiences with at least one of
    each side, a common language and a group size that suits all."""
    own = sorted(candidate.own, key=lambda p: -len(p.months))[:PARTS_PER_SIDE]
    theirs = candidate.parts[:PARTS_PER_SIDE]
    pool = own + theirs
    combos = []
    for size in range(2, len(pool) + 1):
        for combo in combinations(pool, size):
            if (any(p in own for p in combo) and any(p in theirs for p in combo)
                    and _common_languages(combo) and bundle_party(combo) is not None):
                combos.append(combo)
    return combos


def _common_languages(combo) -> frozenset[str]:
    common = combo[0].languages
    for part in combo[1:]:
        common &= part.languages
    return common
