"""Reads for the site's pages: the home page that roots each language's tree."""

from wagtail.models import Locale, Page, Site


def locale_home(*, language_code: str, site: Site | None = None) -> Page | None:
    """The home page rooting ``language_code``'s tree on ``site`` (the default site when
    omitted), as its specific page; None when the language or its translation is missing."""
    site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return None
    home = site.root_page.get_translation_or_none(locale)
    return home.specific if home is not None else None
