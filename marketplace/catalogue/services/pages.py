"""Writes for the marketplace's pages: providers, experiences and their translations."""

from dataclasses import dataclass, field
from datetime import time

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

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
    page.live = publish  # a draft is not live until its revision is published
    index.add_child(instance=page)
    revision = page.save_revision(clean=False)  # add_child has just validated the page
    if publish:
        revision.publish()
    return page


def _sectors_localise(page: Page, *, locale: Locale) -> None:
    """Point a translated page at its locale's translations of its sectors (a translatable
    snippet), as wagtail-localize does, so the page names them in its own language."""
    if isinstance(page, ExperiencePage) and page.sector_id:
        page.sector = Sector.objects.filter(
            translation_key=page.sector.translation_key, locale=locale).first() or page.sector
    elif isinstance(page, ProviderPage):
        sectors = list(page.sectors.all())
        localised = {s.translation_key: s for s in Sector.objects.filter(
            translation_key__in=[s.translation_key for s in sectors], locale=locale)}
        page.sectors = [localised.get(s.translation_key, s) for s in sectors]


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
    page.live = publish  # a draft is not live until its revision is published
    provider.add_child(instance=page)
    if details.tags:
        page.tags.set(list(details.tags))
    revision = page.save_revision(clean=False)  # add_child has just validated the page
    if publish:
        revision.publish()
    return page


@transaction.atomic
def page_translation_create(*, page: Page, language_code: str, title: str,
                            publish: bool = True, **texts: str) -> Page:
    """Translate a page into another locale: copies it (structure, prices, schedule), sets the
    given texts (``summary``, ``intro``, ``meeting_point``...) and publishes it.

    The parent must already exist in that locale; an existing translation is updated.
    """
    locale = Locale.objects.get(language_code=language_code)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
    translation = translation.specific
    translation.title = title
    _sectors_localise(translation, locale=locale)
    for name, value in texts.items():
        if name == "paragraphs":
            translation.body = paragraphs_to_body(list(value))
        elif name == "story":
            translation.story = RichText(f"<p>{escape(value)}</p>").source
        else:
            setattr(translation, name, value)
    revision = translation.save_revision()
    if publish:
        revision.publish()
        translation.refresh_from_db()
    return translation
