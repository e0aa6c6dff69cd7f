"""Navigation for the site chrome: the main menu and the language switcher."""

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Page, Site

from home.selectors import locale_home

register = template.Library()


def _locale_home(request, language_code: str) -> Page | None:
    site = Site.find_for_request(request)
    return locale_home(language_code=language_code, site=site) if site else None


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The current locale's home page and its live children marked "show in menus"."""
    request = context.get("request")
    home = _locale_home(request, translation.get_language()) if request else None
    items = home.get_children().live().in_menu().specific() if home else []
    return {"home": home, "items": items, "page": context.get("page"), "request": request}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One link per language: to this page's translation, else to that language's home."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p
            for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else None
        if url is None:
            url = f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return {"links": links}
