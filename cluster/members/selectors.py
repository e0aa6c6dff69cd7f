"""Reads of the members domain: the public directory (active members only), a member's
profile, the directory as GeoJSON for the map, and who may edit a member."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse

from cluster.members.models import Member
from geo.geojson import to_geojson
from geo.types import LatLng
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.selectors.search import sector_names
from marketplace.core.languages import language_name
from marketplace.core.roles import user_is_cluster_manager

DIRECTORY_PAGE_SIZE = 24
MAX_MAP_FEATURES = 2000


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory's visitor filters on; empty strings filter nothing. ``country`` is
    an ISO 3166-1 alpha-2 code, ``area`` an ``Area`` value, ``sector`` a sector slug,
    ``language`` an ISO 639 code, ``text`` words looked for in names, offers and needs."""

    country: str = ""
    area: str = ""
    sector: str = ""
    language: str = ""
    text: str = ""


def _json_item(value: str) -> str:
    """How one string of a JSON list is written in the column (quoted), so that looking for
    ``"food"`` never matches ``"food-wine"``. Works on SQLite and PostgreSQL alike."""
    return f'"{value}"'


def member_directory_queryset(*, filters: DirectoryFilters) -> QuerySet:
    """The active members that match ``filters``, by name."""
    queryset = Member.objects.filter(status=Member.Status.ACTIVE)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    if filters.area:
        queryset = queryset.filter(area=filters.area)
    if filters.sector:
        queryset = queryset.filter(sectors__icontains=_json_item(filters.sector))
    if filters.language:
        queryset = queryset.filter(languages__icontains=_json_item(filters.language))
    for word in filters.text.split():
        queryset = queryset.filter(Q(name__icontains=word) | Q(offers__icontains=word)
                                   | Q(needs__icontains=word))
    return queryset.order_by("name", "pk")


def member_directory(*, filters: DirectoryFilters, page_number: int | str = 1,
                     per_page: int = DIRECTORY_PAGE_SIZE) -> Page:
    """One page of the public directory: active members matching ``filters``, by name. Two
    queries (count and rows) whatever the number of members; a page number out of range gives
    the last page."""
    paginator = Paginator(member_directory_queryset(filters=filters).only(
        "pk", "name", "kind", "country", "area", "town", "sectors", "languages", "offers",
        "needs"), per_page)
    return paginator.get_page(page_number)


def member_sector_labels(*, locale) -> dict[str, str]:
    """Sector names by slug in ``locale`` (the catalogue's translated snippets), one query."""
    return sector_names(locale=locale)


def member_language_labels(codes, *, language_code: str) -> list[str]:
    """The names of ``codes`` (ISO 639) in ``language_code``, in the order given."""
    return [language_name(code, language_code=language_code) for code in codes]


def member_profile_get(*, pk: int) -> Member:
    """An active member with its supplier page, or ``Member.DoesNotExist``."""
    return Member.objects.select_related("provider").get(pk=pk, status=Member.Status.ACTIVE)


def member_supplier_page(*, member: Member, locale) -> ProviderPage | None:
    """The member's live supplier page in ``locale`` where translated, else in the default
    language; None when it has none or the page is not live."""
    provider = member.provider
    if provider is None or not provider.live:
        return None
    translated = provider.get_translation_or_none(locale)
    return translated if translated is not None and translated.live else provider


def member_user_may_edit(*, member: Member, user) -> bool:
    """Whether ``user`` may edit ``member``'s profile: one of its users, or a cluster
    manager. The one rule the edit view and ``member_profile_update`` apply."""
    if not user.is_authenticated:
        return False
    return user_is_cluster_manager(user) or member.users.filter(pk=user.pk).exists()


def member_editable_get(*, pk: int, user) -> Member:
    """The member ``user`` may edit, or ``Member.DoesNotExist`` (also when it exists but the
    user may not edit it: the page does not tell others it is there)."""
    member = Member.objects.get(pk=pk)
    if not member_user_may_edit(member=member, user=user):
        raise Member.DoesNotExist
    return member


def member_features(*, filters: DirectoryFilters, limit: int = MAX_MAP_FEATURES) -> dict:
    """The directory's members that have a position, as a GeoJSON FeatureCollection (Points;
    ``geo.to_geojson`` writes [lon, lat], WGS84 degrees) with id, name, kind, town and the
    profile's url in the active language. One query; at most ``limit`` features, and
    ``truncated`` says whether some were left out."""
    rows = list(member_directory_queryset(filters=filters).exclude(lat=None).exclude(lon=None)
                .values_list("pk", "name", "kind", "town", "lat", "lon")[:limit + 1])
    kinds = dict(Member.Kind.choices)
    features = []
    for pk, name, kind, town, lat, lon in rows[:limit]:
        properties = {"id": pk, "name": name, "kind": str(kinds.get(kind, kind)),
                      "town": town, "url": reverse("cluster:member_detail", args=[pk])}
        feature = to_geojson(LatLng(lat, lon), properties=properties)
        feature["properties"] = properties
        features.append(feature)
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}
