"""Create the four locales and one HomePage per locale, the roots of the site's page trees.

Wagtail's own initial data leaves a placeholder "Welcome" page and a Site pointing at it; both
are replaced here. The home pages share one translation key, so each is the translation of the
Italian (default) home page.
"""

import uuid

from django.db import migrations

LANGUAGES = ("it", "en", "sq", "sr-latn")
HOME_TITLES = {
    "it": "Innotourclust",
    "en": "Innotourclust",
    "sq": "Innotourclust",
    "sr-latn": "Innotourclust",
}
HERO_TITLES = {
    "it": "Esperienze autentiche tra Puglia, Molise, Albania e Montenegro",
    "en": "Authentic experiences across Puglia, Molise, Albania and Montenegro",
    "sq": "Përvoja autentike në Puglia, Molise, Shqipëri dhe Mal të Zi",
    "sr-latn": "Autentična iskustva u Apuliji, Molizeu, Albaniji i Crnoj Gori",
}


def create_homepages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}

    placeholder_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=placeholder_type, depth=2).delete()

    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    translation_key = uuid.uuid4()
    homes = {}
    for position, code in enumerate(LANGUAGES, start=1):
        slug = "home" if code == "it" else f"home-{code}"
        homes[code] = HomePage.objects.create(
            title=HOME_TITLES[code],
            draft_title=HOME_TITLES[code],
            hero_title=HERO_TITLES[code],
            slug=slug,
            content_type=homepage_type,
            path=f"{root.path}{position:04d}",
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locales[code],
            translation_key=translation_key,
            live=True,
        )
    root.numchild = len(LANGUAGES)
    root.save(update_fields=["numchild"])

    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="Innotourclust",
        root_page=homes["it"],
        is_default_site=True,
    )


def remove_homepages(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_homepages, remove_homepages)]
