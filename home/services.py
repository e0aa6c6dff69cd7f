"""Writes for the site's pages and the demo administrator. Every function is idempotent."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import RichText

from .models import HomePage, StandardPage
from .selectors import locale_home


@dataclass(frozen=True)
class AdminUserResult:
    username: str
    created: bool
    password: str | None  # only when the password was generated here and must be shown once


def locale_home_get(*, language_code: str) -> HomePage:
    """The HomePage that roots the given language's tree (created by the data migration);
    raises ``Page.DoesNotExist`` when there is none (``selectors.locale_home``)."""
    home = locale_home(language_code=language_code)
    if home is None:
        raise Page.DoesNotExist(f"No home page for the language {language_code!r}.")
    return home


def paragraphs_to_body(paragraphs: list[str]) -> list[tuple[str, RichText]]:
    """Plain-text paragraphs as StreamField ``paragraph`` blocks (escaped rich text)."""
    return [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in paragraphs]


@transaction.atomic
def standard_page_ensure(
    *,
    parent: Page,
    translation_of: Page | None,
    slug: str,
    title: str,
    intro: str,
    body: list[tuple[str, RichText]],
    show_in_menus: bool = False,
) -> tuple[StandardPage, bool]:
    """Create and publish a StandardPage under ``parent`` unless one with ``slug`` exists there.

    ``translation_of`` links the new page to its source in another locale (same translation
    key). Returns the page and whether it was created; an existing page is left untouched.
    """
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing, False
    page = StandardPage(
        title=title,
        slug=slug,
        intro=intro,
        body=body,
        show_in_menus=show_in_menus,
        locale=parent.locale,
    )
    if translation_of is not None:
        page.translation_key = translation_of.translation_key
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def admin_user_ensure(*, username: str, email: str, password: str | None) -> AdminUserResult:
    """Create a superuser unless ``username`` exists. Without a password, one is generated.

    The generated password is returned once so that the caller can show it; an existing user
    keeps its password.
    """
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return AdminUserResult(username=username, created=False, password=None)
    generated = None
    if not password:
        password = generated = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email=email, password=password)
    return AdminUserResult(username=username, created=True, password=generated)
