"""The lab's fixtures: the marketplace's supplier and experience factories, a member for a
supplier, and the lab's pages in Italian and English (the English ones translations)."""

import itertools
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from cluster.lab.models import LabIndexPage, LabModulePage
from cluster.members.models import Member
from home.models import HomePage
from marketplace.catalogue.services.permissions import sme_group_ensure
from tests.marketplace.conftest import (  # noqa: F401  (fixtures used by these tests)
    make_experience,
    make_images,
    make_provider,
    short_slot_horizon,
)

_vat = itertools.count(1)


@pytest.fixture
def make_member(db):
    def make(provider):
        return Member.objects.create(
            name=provider.title, kind=Member.Kind.SUPPLIER, country="IT",
            vat_number=f"IT{next(_vat):011d}", status=Member.Status.ACTIVE,
            applied_on=date(2026, 1, 1), joined_on=date(2026, 1, 2), provider=provider)

    return make


@pytest.fixture
def sme_user(db):
    def make(provider, name):
        user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw")
        user.groups.add(sme_group_ensure(provider=provider))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
        return user

    return make


def _module(index, gap, title, slug, source=None):
    page = LabModulePage(title=title, slug=slug, gap=gap, what="<p>What to do.</p>",
                         why="<p>Why it sells.</p>", how="<p>How to do it.</p>",
                         checklist=[("item", "Natural light"), ("item", "Landscape")],
                         estimated_min=20, locale=index.locale)
    if source is not None:
        page.translation_key = source.translation_key
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def lab(db):
    """The lab in Italian and English with modules for photos, payout and availability."""
    pages = {}
    source_index = None
    for code, title, slug in (("it", "Laboratorio digitale", "laboratorio-digitale"),
                              ("en", "Digital lab", "digital-lab")):
        home = HomePage.objects.get(locale__language_code=code)
        index = LabIndexPage(title=title, slug=slug, intro=f"{title}: intro",
                             locale=home.locale)
        if source_index is not None:
            index.translation_key = source_index.translation_key
        home.add_child(instance=index)
        index.save_revision().publish()
        source_index = source_index or index
        pages[code, "index"] = index
        for gap in ("photos", "payout_account", "availability"):
            source = pages.get(("it", gap))
            pages[code, gap] = _module(index, gap, f"{gap} module {code}", f"{gap}-{code}",
                                       source)
    return pages
