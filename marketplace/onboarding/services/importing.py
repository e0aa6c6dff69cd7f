"""Importing providers from a chamber of commerce register: a CSV file, all or nothing.

The file is UTF-8 (a byte-order mark is fine) with a header row. The delimiter, ``,`` or ``;``
(Italian spreadsheet exports), is read from the header; with ``;`` a decimal comma is accepted
in ``lat`` and ``lon``. Column names ignore case; unknown columns are ignored and named in the
report. Rows are numbered as in a spreadsheet: the header is row 1; blank rows are skipped.

* ``company_name`` (required): the legal name, also the title of a new page.
* ``vat_number`` (required): partita IVA (IT), NIPT (AL) or PIB (ME), checked for ``country``;
  it identifies the provider, so importing a file again updates instead of duplicating.
* ``country`` (required): ``IT``, ``AL`` or ``ME``.
* ``sectors`` (required): sector slugs or names (in any of the site's languages, any case),
  separated by ``;`` or ``,``, e.g. ``agritourism;food-wine``.
* ``town`` (required): a town of the reference data in that country (diacritics optional).
* ``lat``, ``lon`` (optional, degrees WGS84): both or neither; without them the town centre.
  The point must lie in the cluster's areas and in ``country``.
* ``contact_name``, ``email``, ``phone``, ``website``, ``address``, ``languages`` (ISO 639
  codes such as ``it,en``), ``story`` (plain text): optional.

A provider whose VAT number exists gets its legal name, contact fields, town, location and
sectors updated, and is republished, only when something differs; a blank optional cell keeps
the page's value, and without coordinates the location is kept unless the town changed. The
story is only read when the provider is created.
"""

import csv
import io
import math
import re
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from geo.errors import UnknownTown
from geo.regions import find_town, fold_name
from geo.types import Town
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.services.pages import (
    DEFAULT_LANGUAGE,
    sectors_by_slug,
    supplier_page_create,
)
from marketplace.core.choices import Country
from marketplace.core.errors import MarketplaceError, OutsideClusterAreas
from marketplace.core.location import location_apply, location_derive
from marketplace.core.vat import vat_normalise

REQUIRED_COLUMNS = ("company_name", "vat_number", "country", "sectors", "town")
CONTACT_COLUMNS = ("contact_name", "email", "phone", "website", "address", "languages")
OPTIONAL_COLUMNS = ("lat", "lon", *CONTACT_COLUMNS, "story")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
SAME_POINT_DEG = 1e-7  # about 1 cm: float round trips through the database are not "changes"

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")


@dataclass(frozen=True)
class RowError:
    """A problem in the file: ``row`` as numbered in a spreadsheet (header = 1), ``None`` for
    the file as a whole; ``column`` is empty when no single column is at fault."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row} if self.row else _("file")
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do); with errors, nothing was written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()
    dry_run: bool = False
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_text(self) -> str:
        """The report as plain text lines, for the command line."""
        if not self.ok:
            lines = [_("The file was refused (%(count)d errors); nothing was written.")
                     % {"count": len(self.errors)}]
            lines += [f"  {error}" for error in self.errors]
            return "\n".join(lines)
        counts = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        lines = [_("Dry run: nothing was written.")] if self.dry_run else []
        lines.append(_("Providers created: %(created)d, updated: %(updated)d, unchanged: "
                       "%(unchanged)d.") % counts)
        if self.ignored_columns:
            lines.append(_("Ignored columns: %(columns)s.")
                         % {"columns": ", ".join(self.ignored_columns)})
        return "\n".join(lines)

    __str__ = as_text


@dataclass(frozen=True)
class _Row:
    """A valid row, normalised: the VAT number canonical, the town found, sectors as slugs."""

    number: int
    legal_name: str
    vat: str
    country: str
    sector_slugs: tuple[str, ...]
    town: Town
    point: tuple[float, float] | None  # (lat, lon) given in the file; None: the town centre
    contact: dict[str, str] = field(default_factory=dict)  # only the non-blank cells
    story: str = ""


class _RowFailed(Exception):
    """Leaves the write transaction, rolling it back, when a service refuses a row."""

    def __init__(self, error: RowError):
        super().__init__(error.message)
        self.error = error


def suppliers_import(*, file: TextIO | BinaryIO | bytes | str, dry_run: bool = False
                     ) -> ImportReport:
    """Create or update ProviderPages from a register CSV (columns in the module docstring).

    Every row is checked first; if any is wrong the report lists every error and nothing is
    written. Otherwise, in one transaction, new VAT numbers become published provider pages
    and known ones are updated when they differ. ``dry_run`` checks and counts only.
    """
    header, records, errors = _table_read(file)
    ignored = tuple(name for name in header if name and name not in COLUMNS)
    if errors:
        return ImportReport(errors=tuple(errors), dry_run=dry_run, ignored_columns=ignored)
    rows, errors = _rows_validate(header, records)
    if errors:
        return ImportReport(errors=tuple(errors), dry_run=dry_run, ignored_columns=ignored)
    try:
        with transaction.atomic():
            created, updated, unchanged = _rows_apply(rows, dry_run=dry_run)
    except _RowFailed as failed:
        return ImportReport(errors=(failed.error,), dry_run=dry_run, ignored_columns=ignored)
    return ImportReport(created=created, updated=updated, unchanged=unchanged, dry_run=dry_run,
                        ignored_columns=ignored)


# SECTION: reading the file


def _table_read(file) -> tuple[list[str], list[tuple[int, list[str]]], list[RowError]]:
    """The normalised header and the non-blank records with their row numbers, or the
    file-level errors (not UTF-8, not CSV, no rows, missing or repeated columns)."""
    raw = file.read() if hasattr(file, "read") else file
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    except UnicodeDecodeError:
        return [], [], [RowError(None, "", _("The file is not UTF-8 text: save it as “CSV UTF-8” "
                                             "and upload it again."))]
    first_line = next(iter(text.splitlines()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        return [], [], [RowError(None, "", _("The file is not a readable CSV file: %(error)s.")
                                 % {"error": exc})]
    if not table:
        return [], [], [RowError(None, "", _("The file is empty."))]
    header = [re.sub(r"[\s\-]+", "_", name.strip().lower()) for name in table[0]]
    records = [(number, cells) for number, cells in enumerate(table[1:], start=2)
               if any(cell.strip() for cell in cells)]
    errors = [RowError(None, name, _("The column “%(column)s” is missing.") % {"column": name})
              for name in REQUIRED_COLUMNS if name not in header]
    errors += [RowError(None, name, _("The column “%(column)s” appears twice.")
                        % {"column": name})
               for name in sorted({n for n in header if n in COLUMNS and header.count(n) > 1})]
    if not records and not errors:
        errors.append(RowError(None, "", _("The file has a header but no rows.")))
    return header, records, errors


# SECTION: checking the rows


def _rows_validate(header: list[str], records: list[tuple[int, list[str]]]
                   ) -> tuple[list[_Row], list[RowError]]:
    """Every record checked; the second of two rows with the same VAT number is an error."""
    sector_keys = _sector_keys()
    rows: list[_Row] = []
    errors: list[RowError] = []
    first_row_of_vat: dict[str, int] = {}
    for number, cells in records:
        if any(cell.strip() for cell in cells[len(header):]):
            errors.append(RowError(number, "", _(
                "This row has more values than the header has columns: is a value holding the "
                "delimiter without quotes?")))
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
        vat, row, row_errors = _row_validate(number, values, sector_keys)
        if vat in first_row_of_vat:
            row_errors.append(RowError(number, "vat_number", _(
                "The VAT number %(vat)s is also on row %(row)d.")
                % {"vat": vat, "row": first_row_of_vat[vat]}))
        elif vat is not None:
            first_row_of_vat[vat] = number
        errors += row_errors
        if row is not None and not row_errors:
            rows.append(row)
    return rows, errors


def _sector_keys() -> dict[str, str]:
    """Folded slugs and sector names of every locale, each pointing to its slug."""
    keys: dict[str, str] = {}
    for slug, name in Sector.objects.values_list("slug", "name"):
        keys[fold_name(name)] = slug
    keys.update({fold_name(slug): slug for slug in keys.values()})
    return keys


def _row_validate(number: int, values: dict[str, str], sector_keys: dict[str, str]
                  ) -> tuple[str | None, _Row | None, list[RowError]]:
    """The canonical VAT number (when valid, to find duplicates even in a wrong row) and the
    row, or ``None`` and the row's errors."""
    errors = [RowError(number, name, _("This value is required."))
              for name in REQUIRED_COLUMNS if not values.get(name)]
    country = values.get("country", "").upper()
    if country and country not in Country.values:
        errors.append(RowError(number, "country", _("The country must be IT, AL or ME.")))
        country = ""
    vat = sectors = town = point = None
    if country and values.get("vat_number"):
        vat = _checked(errors, number, "vat_number",
                       lambda: vat_normalise(country=country, value=values["vat_number"]))
    if values.get("sectors"):
        sectors = _checked(errors, number, "sectors",
                           lambda: _sector_slugs(values["sectors"], sector_keys))
    if country and values.get("town"):
        town = _checked(errors, number, "town", lambda: _town(values["town"], country))
    if town is not None:
        point = _point(errors, number, values, country)
    contact = _contact(errors, number, values)
    errors += _too_long(number, {"company_name": values.get("company_name", ""), **contact})
    if errors:
        return vat, None, errors
    row = _Row(number=number, legal_name=values["company_name"], vat=vat, country=country,
               sector_slugs=sectors, town=town, point=point, contact=contact,
               story=values.get("story", ""))
    return vat, row, []


def _checked(errors: list[RowError], number: int, column: str, check):
    """The result of ``check()``, or ``None`` with its MarketplaceError added to ``errors``."""
    try:
        return check()
    except MarketplaceError as exc:
        errors.append(RowError(number, column, exc.message))
        return None


def _sector_slugs(cell: str, sector_keys: dict[str, str]) -> tuple[str, ...]:
    slugs: list[str] = []
    for part in filter(None, (p.strip() for p in re.split(r"[;,]", cell))):
        slug = sector_keys.get(fold_name(part))
        if slug is None:
            raise MarketplaceError(_("Unknown sector “%(sector)s”; the sectors are: %(known)s.")
                                   % {"sector": part,
                                      "known": ", ".join(sorted(set(sector_keys.values())))})
        if slug not in slugs:
            slugs.append(slug)
    return tuple(slugs)


def _town(name: str, country: str) -> Town:
    try:
        return find_town(name, country_iso2=country)
    except UnknownTown as exc:
        raise MarketplaceError(_("No town named “%(town)s” in %(country)s in the reference "
                                 "data: check the spelling.")
                               % {"town": name, "country": country}) from exc


def _point(errors: list[RowError], number: int, values: dict[str, str], country: str
           ) -> tuple[float, float] | None:
    """The coordinates given in the row, checked; ``None`` when both cells are blank."""
    cells = {name: values.get(name, "") for name in ("lat", "lon")}
    if not any(cells.values()):
        return None
    numbers: dict[str, float] = {}
    for name, cell in cells.items():
        if not cell:
            errors.append(RowError(number, name, _("Give both lat and lon, or neither (the "
                                                   "town centre is then used).")))
            continue
        try:
            numbers[name] = float(cell.replace(",", ".") if cell.count(",") == 1 else cell)
        except ValueError:
            numbers[name] = math.nan
        if not math.isfinite(numbers[name]):
            errors.append(RowError(number, name, _("“%(value)s” is not a number of degrees.")
                                   % {"value": cell}))
    if len(numbers) < 2 or not all(map(math.isfinite, numbers.values())):
        return None
    lat, lon = numbers["lat"], numbers["lon"]
    try:
        found = location_derive(lat=lat, lon=lon).country
    except OutsideClusterAreas as exc:
        errors.append(RowError(number, "lat", exc.message))
        return None
    if found != country:
        errors.append(RowError(number, "lat", _(
            "The point %(lat).5f, %(lon).5f lies in %(found)s, not in %(country)s.")
            % {"lat": lat, "lon": lon, "found": found, "country": country}))
        return None
    return lat, lon


def _contact(errors: list[RowError], number: int, values: dict[str, str]) -> dict[str, str]:
    """The non-blank contact cells, normalised (website with a scheme, languages as codes)."""
    contact = {name: values[name] for name in CONTACT_COLUMNS if values.get(name)}
    if "email" in contact:
        try:
            validate_email(contact["email"])
        except ValidationError:
            errors.append(RowError(number, "email", _("“%(value)s” is not an email address.")
                                   % {"value": contact["email"]}))
    if "website" in contact:
        if "://" not in contact["website"]:
            contact["website"] = f"https://{contact['website']}"
        try:
            URLValidator(schemes=["http", "https"])(contact["website"])
        except ValidationError:
            errors.append(RowError(number, "website", _("“%(value)s” is not a web address.")
                                   % {"value": values["website"]}))
    if "languages" in contact:
        codes = [c for c in re.split(r"[\s,;/]+", contact["languages"].lower()) if c]
        if not all(_LANGUAGE_CODE.match(code) for code in codes):
            errors.append(RowError(number, "languages", _(
                "Languages are ISO 639 codes separated by commas, e.g. it,en,sq.")))
        contact["languages"] = ",".join(codes)
    return contact


def _too_long(number: int, texts: dict[str, str]) -> list[RowError]:
    columns = {"company_name": "legal_name"}
    errors = []
    for column, text in texts.items():
        limit = ProviderPage._meta.get_field(columns.get(column, column)).max_length
        if len(text) > limit:
            errors.append(RowError(number, column, _("At most %(limit)d characters.")
                                   % {"limit": limit}))
    return errors


# SECTION: writing


def _rows_apply(rows: list[_Row], *, dry_run: bool) -> tuple[int, int, int]:
    """Create the new providers and update the changed ones; (created, updated, unchanged)."""
    existing = {page.vat_number: page for page in ProviderPage.objects.filter(
        vat_number__in=[row.vat for row in rows], locale__language_code=DEFAULT_LANGUAGE)}
    created = updated = unchanged = 0
    for row in rows:
        page = existing.get(row.vat)
        if page is None:
            created += 1
            if not dry_run:
                _provider_create(row)
            continue
        changes = _changes(page, row)
        if not changes:
            unchanged += 1
            continue
        updated += 1
        if not dry_run:
            _provider_update(page, row, changes)
    return created, updated, unchanged


def _provider_create(row: _Row) -> None:
    lat, lon = row.point or (row.town.point.lat, row.town.point.lon)
    try:
        supplier_page_create(
            legal_name=row.legal_name, vat_number=row.vat, country=row.country,
            sector_slugs=list(row.sector_slugs), lat=lat, lon=lon, town=row.town.name,
            story=row.story, publish=True, **row.contact)
    except MarketplaceError as exc:
        raise _RowFailed(RowError(row.number, exc.field or "", exc.message)) from exc


def _changes(page: ProviderPage, row: _Row) -> dict[str, object]:
    """The differences between the page and the row: fields by name, plus ``point`` and
    ``sector_slugs`` when those change. Empty when the page already says what the row says."""
    wanted = {"legal_name": row.legal_name, "town": row.town.name, **row.contact}
    changes: dict[str, object] = {name: value for name, value in wanted.items()
                                  if getattr(page, name) != value}
    point = _point_wanted(page, row)
    if point is not None:
        changes["point"] = point
    if {sector.slug for sector in page.sectors.all()} != set(row.sector_slugs):
        changes["sector_slugs"] = row.sector_slugs
    return changes


def _point_wanted(page: ProviderPage, row: _Row) -> tuple[float, float] | None:
    """The new location, or ``None`` to keep the page's: without coordinates in the row an
    editor's more precise point stays, unless the town changed."""
    if row.point is not None:
        target = row.point
    elif page.lat is None or page.lon is None or fold_name(page.town) != fold_name(row.town.name):
        target = (row.town.point.lat, row.town.point.lon)
    else:
        return None
    if page.lat is None or page.lon is None:
        return target
    same = abs(page.lat - target[0]) < SAME_POINT_DEG and abs(page.lon - target[1]) < SAME_POINT_DEG
    return None if same else target


def _provider_update(page: ProviderPage, row: _Row, changes: dict[str, object]) -> None:
    changes = dict(changes)
    point = changes.pop("point", None)
    sector_slugs = changes.pop("sector_slugs", None)
    for name, value in changes.items():
        setattr(page, name, value)
    if point is not None:
        location_apply(obj=page, lat=point[0], lon=point[1])
    if sector_slugs is not None:
        page.sectors = sectors_by_slug(list(sector_slugs))
    page.save_revision().publish()
