"""Writes for the marketplace's pages: providers, experiences and their translations."""

from dataclasses import dataclass, field
from datetime import time

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import Locale, Page, Revision, TranslatableMixin
from wagtail.rich_text import RichText
from wagtail.signals import copy_for_translation_done, page_published

from home.services import locale_home_get, paragraphs_to_body
from marketplace.catalogue.models.pages import (
    AreaPage,
    ExperienceIndexPage,
    ExperiencePage,
    ExperiencePhoto,
    ProviderIndexPage,
    ProviderPage,
)
from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.models.schedules import WEEKDAY_FIELDS, DateException, WeeklyRule
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.pricing import (
    PriceLine,
    price_lines_validate,
    price_per_adult_eur_cents,
)
from marketplace.core.errors import DuplicateProvider, InvalidPrices
from marketplace.core.location import location_apply
from marketplace.core.vat import vat_normalise

DEFAULT_LANGUAGE = "it"


@dataclass(frozen=True)
class WeeklyRuleSpec:
    """Weekdays (Monday = 0) with start times, or with opening hours for free-flow visits."""

    weekdays: tuple[int, ...]
    start_times: tuple[time, ...] = ()
    opens_at: time | None = None
    closes_at: time | None = None


@dataclass(frozen=True)
class DateExceptionSpec:
    date: "object"
    kind: str = DateException.CLOSED
    start_time: time | None = None
    note: str = ""


@dataclass(frozen=True)
class ExperienceText:
    """The texts of an experience in one language."""

    title: str
    summary: str
    paragraphs: tuple[str, ...] = ()
    meeting_point: str = ""
    inclusions: str = ""
    slug: str = ""


@dataclass(frozen=True)
class ExperienceDetails:
    """The structured, language-independent facts of an experience."""

    sector_slug: str
    lat: float
    lon: float
    prices: tuple[PriceLine, ...]
    weekly_rules: tuple[WeeklyRuleSpec, ...]
    duration_min: int = 120
    capacity: int = 10
    group_min: int = 1
    group_max: int = 10
    currency: str = "EUR"
    booking_mode: str = "instant"
    cutoff_hours: int = 24
    schedule_kind: str = "start_times"
    season_start_month: int = 1
    season_end_month: int = 12
    languages: str = "it,en"
    tags: tuple[str, ...] = ()
    cancellation: str = "standard"
    cancellation_hours: int = 24
    cancellation_refund_pct: int = 100
    is_lodging: bool = False
    rooms: int = 0
    wheelchair_accessible: bool = False
    family_friendly: bool = False
    operator_commission_pct: int = 20
    date_exceptions: tuple[DateExceptionSpec, ...] = field(default_factory=tuple)


INDEX_TITLES = {
    "provider": {"it": ("Imprese", "imprese"), "en": ("Providers", "providers"),
                 "sq": ("Bizneset", "bizneset"), "sr-latn": ("Preduzeća", "preduzeca")},
    # One slug in every language: /<lang>/experiences/ is the address people share.
    "experience": {"it": ("Esperienze", "experiences"), "en": ("Experiences", "experiences"),
                   "sq": ("Përvoja", "experiences"), "sr-latn": ("Iskustva", "experiences")},
}


def _index_ensure(model, titles: dict, language_code: str):
    home = locale_home_get(language_code=language_code)
    existing = model.objects.child_of(home).first()
    if existing is not None:
        return existing
    title, slug = titles.get(language_code, titles["en"])
    index = model(title=title, slug=slug, locale=home.locale, show_in_menus=True)
    source = (model.objects.filter(locale__language_code=DEFAULT_LANGUAGE).first()
              if language_code != DEFAULT_LANGUAGE else None)
    if source is not None:
        index.translation_key = source.translation_key
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def supplier_index_ensure(*, language_code: str = DEFAULT_LANGUAGE) -> ProviderIndexPage:
    """The ProviderIndexPage under the language's home page, created when missing."""
    return _index_ensure(ProviderIndexPage, INDEX_TITLES["provider"], language_code)


def experience_index_ensure(*, language_code: str = DEFAULT_LANGUAGE) -> ExperienceIndexPage:
    """The ExperienceIndexPage (browse and search) under the language's home page, created
    when missing; ``/<lang>/experiences/`` in English."""
    return _index_ensure(ExperienceIndexPage, INDEX_TITLES["experience"], language_code)


@transaction.atomic
def area_page_ensure(*, area: str, language_code: str, title: str, slug: str, intro: str,
                     paragraphs: tuple[str, ...] = ()) -> tuple[AreaPage, bool]:
    """The landing page of ``area`` (an Area id) under the language's home page, linked to
    the same area's page in the default language; created when missing."""
    home = locale_home_get(language_code=language_code)
    existing = AreaPage.objects.child_of(home).filter(area=area).first()
    if existing is not None:
        return existing, False
    page = AreaPage(area=area, title=title, slug=slug, intro=intro, locale=home.locale,
                    body=paragraphs_to_body(list(paragraphs)), show_in_menus=False)
    source = AreaPage.objects.filter(area=area,
                                     locale__language_code=DEFAULT_LANGUAGE).first()
    if source is not None and language_code != DEFAULT_LANGUAGE:
        page.translation_key = source.translation_key
    home.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def sectors_by_slug(slugs: list[str] | tuple[str, ...], *, language_code: str = DEFAULT_LANGUAGE
                    ) -> list[Sector]:
    """The default-locale sectors with these slugs; ``ValueError`` names an unknown one."""
    found = {s.slug: s for s in Sector.objects.filter(slug__in=slugs,
                                                       locale__language_code=language_code)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValueError(f"unknown sector: {', '.join(unknown)}")
    return [found[slug] for slug in slugs]


@transaction.atomic
def supplier_page_create(
    *,
    legal_name: str,
    vat_number: str,
    country: str,
    sector_slugs: list[str],
    lat: float,
    lon: float,
    town: str = "",
    contact_name: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    address: str = "",
    languages: str = "",
    story: str = "",
    publish: bool = True,
) -> ProviderPage:
    """Create a ProviderPage under the default locale's provider index.

    The VAT number is validated for its country and must be new; the point (degrees WGS84)
    must lie in the cluster's areas, which also gives country, area and subdivision.
    """
    vat = vat_normalise(country=country, value=vat_number)
    if ProviderPage.objects.filter(vat_number=vat).exists():
        raise DuplicateProvider(f"A provider with VAT or registration number {vat} exists.",
                                field="vat_number")
    index = supplier_index_ensure()
    page = ProviderPage(
        title=legal_name, slug=_free_slug(index, legal_name), legal_name=legal_name,
        vat_number=vat, town=town, contact_name=contact_name, email=email, phone=phone,
        website=website, address=address, languages=languages,
        story=f"<p>{escape(story)}</p>" if story else "", locale=index.locale,
    )
    location_apply(obj=page, lat=lat, lon=lon)
    page.sectors = sectors_by_slug(sector_slugs)
    for name, value in _published_state(publish=publish).items():
        setattr(page, name, value)
    index.add_child(instance=page)
    _first_revision_save(page, publish=publish)
    return page


def _sectors_localised(page: Page, *, locale: Locale) -> dict:
    """The page's sectors (a translatable snippet) in ``locale``, as wagtail-localize points a
    translation at them, so the page names them in its own language."""
    if isinstance(page, ExperiencePage) and page.sector_id:
        return {"sector": Sector.objects.filter(
            translation_key=page.sector.translation_key, locale=locale).first() or page.sector}
    if isinstance(page, ProviderPage):
        sectors = list(page.sectors.all())
        localised = {s.translation_key: s for s in Sector.objects.filter(
            translation_key__in=[s.translation_key for s in sectors], locale=locale)}
        return {"sectors": [localised.get(s.translation_key, s) for s in sectors]}
    return {}


def _free_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:70] or "page"
    slug, n = base, 1
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _apply_details(page: ExperiencePage, details: ExperienceDetails) -> None:
    errors = price_lines_validate(list(details.prices))
    if errors:
        raise InvalidPrices(errors)
    location_apply(obj=page, lat=details.lat, lon=details.lon)
    page.sector = sectors_by_slug([details.sector_slug])[0]
    for name in ("duration_min", "capacity", "group_min", "group_max", "currency",
                 "booking_mode", "cutoff_hours", "schedule_kind", "season_start_month",
                 "season_end_month", "languages", "cancellation", "cancellation_hours",
                 "cancellation_refund_pct", "is_lodging", "rooms", "wheelchair_accessible",
                 "family_friendly", "operator_commission_pct"):
        setattr(page, name, getattr(details, name))
    page.price_options = [PriceOption(**vars(line)) for line in details.prices]
    page.price_from_eur_cents = price_per_adult_eur_cents(list(details.prices),
                                                          currency=details.currency)
    page.weekly_rules = [
        WeeklyRule(
            **{day: i in rule.weekdays for i, day in enumerate(WEEKDAY_FIELDS)},
            start_times=", ".join(t.strftime("%H:%M") for t in rule.start_times),
            opens_at=rule.opens_at, closes_at=rule.closes_at,
        )
        for rule in details.weekly_rules
    ]
    page.date_exceptions = [DateException(**vars(exc)) for exc in details.date_exceptions]


def _apply_text(page: ExperiencePage, text: ExperienceText) -> None:
    page.title = text.title
    page.summary = text.summary
    page.meeting_point = text.meeting_point
    page.inclusions = text.inclusions
    page.body = paragraphs_to_body(list(text.paragraphs))


@transaction.atomic
def experience_page_create(
    *,
    provider: ProviderPage,
    text: ExperienceText,
    details: ExperienceDetails,
    photos: list = (),
    publish: bool = True,
) -> ExperiencePage:
    """Create an ExperiencePage under ``provider`` with its prices, schedule and photos.

    Prices are validated (``InvalidPrices``), the meeting point located (degrees WGS84,
    ``OutsideClusterAreas``). Publishing materialises its slots (see ``page_published``).
    """
    page = ExperiencePage(slug=_free_slug(provider, text.slug or text.title),
                          locale=provider.locale)
    _apply_text(page, text)
    _apply_details(page, details)
    page.photos = [ExperiencePhoto(image=image) for image in photos]
    for name, value in _published_state(publish=publish).items():
        setattr(page, name, value)
    page.tags.set(list(details.tags))  # kept in memory, saved with the page's other rows
    provider.add_child(instance=page)
    _first_revision_save(page, publish=publish)
    return page


@transaction.atomic
def page_translation_create(*, page: Page, language_code: str, title: str,
                            publish: bool = True, **texts: str) -> Page:
    """Translate a page into another locale: copies it (structure, prices, schedule), sets the
    given texts (``summary``, ``intro``, ``meeting_point``, ``slug``...) and publishes it.

    A missing parent translation is created as an alias of the parent (as Wagtail does); an
    existing translation is updated and published again.
    """
    locale = Locale.objects.get(language_code=language_code)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        return _translation_copy(page.specific, locale=locale, publish=publish,
                                 attrs=_translated_attrs(page.specific, locale=locale,
                                                         title=title, texts=texts))
    translation = translation.specific
    for name, value in _translated_attrs(translation, locale=locale, title=title,
                                         texts=texts).items():
        setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
        translation.refresh_from_db()
    return translation


def _translated_attrs(page: Page, *, locale: Locale, title: str, texts: dict) -> dict:
    """The fields a translation of ``page`` sets: title, texts, and the locale's sectors."""
    attrs: dict = {"title": title, **_sectors_localised(page, locale=locale)}
    for name, value in texts.items():
        if name == "paragraphs":
            attrs["body"] = paragraphs_to_body(list(value))
        elif name == "story":
            attrs["story"] = RichText(f"<p>{escape(value)}</p>").source
        else:
            attrs[name] = value
    return attrs


def _translation_copy(page: Page, *, locale: Locale, publish: bool, attrs: dict) -> Page:
    """A new translation of ``page``, made as Wagtail's ``copy_for_translation`` makes it
    (child rows copied, translatable ones moved to the locale, the same translation key), with
    the translated texts and the published state given before its first save: the copy is
    validated and saved once, and no redirect is made from a slug that was never public."""
    source = page if page.live else page.get_latest_revision_as_object()
    parent = page.get_parent().specific
    translated_parent = (parent.get_translation_or_none(locale)
                         or parent.copy_for_translation(locale, copy_parents=True, alias=True))
    attrs = {**attrs, "locale": locale,
             "slug": find_available_slug(translated_parent, attrs.get("slug") or page.slug),
             **_published_state(publish=publish)}

    def child_localise(original, copy, relation, child) -> None:
        if isinstance(child, TranslatableMixin):
            child.locale = locale

    translation = source.copy(
        to=translated_parent, update_attrs=attrs, copy_revisions=False, keep_live=False,
        reset_translation_key=False, process_child_object=child_localise,
        log_action="wagtail.copy_for_translation")
    copy_for_translation_done.send(sender=CopyPageForTranslationAction, source_obj=page,
                                   target_obj=translation)
    # The copy saved its first revision and, being live, sent ``page_published``.
    if publish:
        _live_revision_set(translation, revision=translation.latest_revision)
    return translation


# SECTION: publishing a new page


def _published_state(*, publish: bool) -> dict:
    """The state publishing gives a page (live, no unpublished changes, published now), or a
    draft's state, for a page about to be saved for the first time."""
    if not publish:
        return {"live": False, "has_unpublished_changes": True}
    now = timezone.now()
    return {"live": True, "has_unpublished_changes": False, "expired": False,
            "first_published_at": now, "last_published_at": now}


def _first_revision_save(page: Page, *, publish: bool) -> Revision:
    """Save the first revision of a page just saved in its ``_published_state``; when
    published, make that revision the live one, send ``page_published`` and log the
    publication, as ``Revision.publish`` does.

    ``Revision.publish`` would rebuild the page from the revision and save it (and every child
    row) again; for a page saved a moment ago from the same object that changes nothing, and
    was most of the time of creating a page.
    """
    revision = page.save_revision(clean=False, changed=not publish)  # validated when saved
    if publish:
        page_published.send(sender=page.specific_class, instance=page, revision=revision)
        _live_revision_set(page, revision=revision)
    return revision


def _live_revision_set(page: Page, *, revision: Revision) -> None:
    """Make ``revision`` the live one of a page published from its first save, and log it."""
    page.live_revision = revision
    # One column, and the page has just been saved (search and reference indexes).
    type(page).objects.filter(pk=page.pk).update(live_revision=revision)
    log(instance=page, action="wagtail.publish", revision=revision, content_changed=True)
