import pytest
from wagtail.models import Page, PageLogEntry

from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.pricing import PriceLine
from marketplace.core.errors import (
    DuplicateProvider,
    InvalidPrices,
    MarketplaceError,
    OutsideClusterAreas,
)
from tests.marketplace.conftest import experience_details, experience_text, italian_vat

pytestmark = pytest.mark.django_db


def test_provider_is_created_live_with_derived_location(make_provider):
    provider = make_provider(lat=41.12066, lon=16.86982, town="Bari")
    provider.refresh_from_db()
    assert provider.live
    assert (provider.country, provider.area, provider.subdivision_id) == ("IT", "IT-75", "IT-BA")
    assert sorted(provider.sectors.values_list("slug", flat=True)) == ["agritourism",
                                                                       "food-wine"]


def test_albanian_provider_gets_its_county(make_provider):
    provider = make_provider(country="AL", vat_number="L01234567A", lat=42.06828,
                             lon=19.51258, town="Shkodër")
    assert (provider.country, provider.area, provider.subdivision_name) == ("AL", "AL",
                                                                            "Shkodër")


def test_duplicate_vat_is_refused(make_provider):
    make_provider(vat_number=italian_vat(42))
    with pytest.raises(DuplicateProvider):
        make_provider(vat_number=italian_vat(42))


def test_point_outside_the_areas_writes_nothing(make_provider):
    pages_before = Page.objects.count()
    with pytest.raises(OutsideClusterAreas):
        make_provider(lat=45.46, lon=9.19)  # Milan
    assert Page.objects.count() == pages_before


def test_unknown_sector_writes_nothing(make_provider):
    make_provider()  # the provider index exists from here on
    pages_before = Page.objects.count()
    with pytest.raises(ValueError, match="unknown sector"):
        make_provider(sector_slugs=["space-travel"])
    assert Page.objects.count() == pages_before


def test_experience_is_created_with_prices_schedule_photos_and_slots(make_experience):
    experience = make_experience()
    experience.refresh_from_db()
    assert experience.live
    assert experience.area == "IT-75"
    assert experience.price_options.count() == 3
    assert experience.weekly_rules.count() == 1
    assert experience.photos.count() == 3
    # Publishing materialised a year of slots: two a day.
    assert Slot.objects.filter(experience=experience).count() >= 2 * 360


def test_experience_with_overlapping_bands_is_refused_whole(make_provider, make_images):
    provider = make_provider()
    pages_before = Page.objects.count()
    bad = (PriceLine(kind="per_person", label="Adult", price_cents=4500, age_min=12, age_max=99),
           PriceLine(kind="per_person", label="Child", price_cents=2000, age_min=6, age_max=17))
    from marketplace.catalogue.services.pages import experience_page_create
    with pytest.raises(InvalidPrices) as excinfo:
        experience_page_create(provider=provider, text=experience_text(),
                                        details=experience_details(prices=bad), photos=[])
    assert "overlaps" in excinfo.value.message
    assert Page.objects.count() == pages_before
    assert not ExperiencePage.objects.exists()


def test_english_translation_shares_prices_and_slots(make_experience):
    from marketplace.catalogue.services.pages import page_translation_create
    experience = make_experience()
    provider = experience.get_parent().specific
    page_translation_create(page=provider.get_parent(), language_code="en",
                                     title="Providers")
    page_translation_create(page=provider, language_code="en", title=provider.title)
    english = page_translation_create(
        page=experience, language_code="en", title="Olive oil tasting in the mill",
        summary="A morning in the underground olive mill.")
    assert english.live and english.locale.language_code == "en"
    assert english.translation_key == experience.translation_key
    assert english.price_options.count() == 3
    assert english.url.startswith("/en/")
    assert not Slot.objects.filter(experience=english).exists()


def test_marketplace_error_is_a_user_error():
    assert MarketplaceError("x").status_code == 400
    assert ProviderPage.parent_page_types == ["marketplace.ProviderIndexPage"]


def test_with_a_broker_slots_are_queued_after_commit(make_experience, settings,
                                                      django_capture_on_commit_callbacks):
    from unittest import mock

    settings.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("marketplace.tasks.materialise_experience_slots.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            experience = make_experience()
        delay.assert_not_called()
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(experience.pk)


PUBLISHED_STATE = ("live", "has_unpublished_changes", "expired", "draft_title", "title",
                   "search_text", "url_path")


def _published_state(page) -> dict:
    page = type(page).objects.get(pk=page.pk)
    state = {name: getattr(page, name) for name in PUBLISHED_STATE}
    state.update(
        live_is_latest=page.live_revision_id == page.latest_revision_id is not None,
        published=page.first_published_at is not None and page.last_published_at is not None,
        revisions=page.revisions.count(),
        publish_logs=PageLogEntry.objects.filter(page=page, action="wagtail.publish").count(),
        prices=list(page.price_options.values_list("label", "price_cents")),
        photos=page.photos.count(),
        tags=sorted(page.tags.names()),
    )
    return state


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_new_page_is_published_as_wagtails_publish_leaves_it(make_experience, language):
    """The services publish a new page from its first save (no second save from the revision);
    the page must end as ``Revision.publish`` leaves a page published the long way."""
    from marketplace.catalogue.services.pages import page_translation_create

    def created(publish):
        experience = make_experience(publish=publish, tags=("olive oil", "family"))
        if language == "it":
            return experience
        provider = experience.get_parent().specific
        page_translation_create(page=provider.get_parent(), language_code="en",
                                title="Providers")
        page_translation_create(page=provider, language_code="en", title=provider.title)
        return page_translation_create(page=experience, language_code="en", publish=publish,
                                       title=f"Olive oil tasting {provider.pk}",
                                       summary="A morning in the underground olive mill.")

    fast = created(publish=True)
    slow = created(publish=False)
    assert not slow.live and slow.has_unpublished_changes
    slow.get_latest_revision().publish()
    fast_state, slow_state = _published_state(fast), _published_state(slow)
    for differs in ("title", "draft_title", "search_text", "url_path"):
        fast_state.pop(differs), slow_state.pop(differs)
    assert fast_state == slow_state
    assert fast_state["live"] and fast_state["live_is_latest"] and fast_state["publish_logs"] == 1
    assert fast_state["tags"] == ["family", "olive oil"]
    # The revision holds the page as published: rebuilding it changes nothing.
    fast = type(fast).objects.get(pk=fast.pk)
    rebuilt = fast.live_revision.as_object()
    assert (rebuilt.title, rebuilt.summary, list(rebuilt.price_options.all())) == (
        fast.title, fast.summary, list(fast.price_options.all()))
    if language == "it":
        assert Slot.objects.filter(experience=fast).count() == Slot.objects.filter(
            experience=slow).count() > 0


def test_a_new_translation_redirects_from_no_slug_nobody_saw(
        make_experience, django_capture_on_commit_callbacks):
    """The copy takes its translated slug before its first save: Wagtail's redirect from a
    changed slug must not be made for a page that was never public under the old one."""
    from wagtail.contrib.redirects.models import Redirect

    from marketplace.catalogue.services.pages import page_translation_create

    experience = make_experience()
    provider = experience.get_parent().specific
    page_translation_create(page=provider.get_parent(), language_code="en", title="Providers",
                            slug="providers")
    page_translation_create(page=provider, language_code="en", title=provider.title)
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail redirects on commit
        english = page_translation_create(page=experience, language_code="en",
                                          title="Olive oil tasting", slug="olive-oil-tasting")
    assert english.url == f"/en/providers/{provider.slug}/olive-oil-tasting/"
    assert not Redirect.objects.exists()
    # An existing translation renamed later does redirect from its public URL.
    with django_capture_on_commit_callbacks(execute=True):
        page_translation_create(page=experience, language_code="en", title="Olive oil tasting",
                                slug="olive-oil-morning")
    assert list(Redirect.objects.values_list("old_path", flat=True)) == [
        f"/en/providers/{provider.slug}/olive-oil-tasting"]
