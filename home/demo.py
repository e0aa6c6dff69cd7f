"""Demo content for the site's pages, read from ``demo_data/pages.toml`` and built through the
services. Each step returns the number of objects it created, so a second run can say it
changed nothing."""

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from wagtail.rich_text import RichText

from cluster.demo import load_demo_cluster
from cluster.lab.demo import load_demo_lab
from itineraries.demo import load_demo_itineraries
from marketplace.demo.bookings import load_demo_bookings
from marketplace.demo.catalogue import load_experience_index, load_marketplace
from marketplace.demo.operators import load_demo_operators
from marketplace.demo.payments import load_payments

from . import services
from .partners import PARTNERS

DEMO_DATA_DIR = Path(__file__).resolve().parent / "demo_data"
ADMIN_USERNAME = "admin"
Report = Callable[[str], None]


def _partner_list_html() -> str:
    items = "".join(
        f"<li><b>{escape(p.name)}</b> ({escape(p.country_iso2)}) — {escape(str(p.role))}</li>"
        for p in PARTNERS
    )
    return f"<ul>{items}</ul>"


def load_pages(report: Report) -> int:
    """The demo pages ("About the cluster", "Partners") in every language."""
    spec = tomllib.loads((DEMO_DATA_DIR / "pages.toml").read_text(encoding="utf-8"))
    created = 0
    for page_spec in spec["pages"]:
        source = None
        for code, _name in settings.LANGUAGES:
            text = page_spec[code]
            body = services.paragraphs_to_body(text["paragraphs"])
            if page_spec.get("list_partners"):
                body.append(("paragraph", RichText(_partner_list_html())))
            page, was_created = services.standard_page_ensure(
                parent=services.locale_home_get(language_code=code),
                translation_of=source,
                slug=text["slug"],
                title=text["title"],
                intro=text["intro"],
                body=body,
                show_in_menus=page_spec.get("show_in_menus", False),
            )
            source = source or page
            created += was_created
    report(f"Pages: {created} created.")
    return created


def load_admin_user(report: Report) -> int:
    """The administrator: password from DEMO_ADMIN_PASSWORD, or generated and printed once."""
    result = services.admin_user_ensure(
        username=ADMIN_USERNAME,
        email="admin@example.com",
        password=os.environ.get("DEMO_ADMIN_PASSWORD"),
    )
    if not result.created:
        report(
            f"Admin user '{result.username}' already exists (reset its password with "
            f"`python manage.py changepassword {result.username}`)."
        )
    elif result.password:
        report(
            f"Admin user created: username '{result.username}', password '{result.password}' "
            "(shown only this once)."
        )
    else:
        report(f"Admin user created: username '{result.username}', password from "
               "DEMO_ADMIN_PASSWORD.")
    return int(result.created)


# Later issues append their steps (marketplace, itineraries, cluster) here, in order.
STEPS: list[Callable[[Report], int]] = [
    load_pages, load_admin_user, load_marketplace, load_experience_index, load_payments,
    load_demo_operators, load_demo_bookings, load_demo_itineraries, load_demo_cluster,
    load_demo_lab,
]
