"""``ExperiencePage.search_text`` (title and summary, accents dropped, case folded) for the text
search, filled for existing pages; on PostgreSQL a trigram index serves ``LIKE '%word%'``."""

from django.db import migrations, models

TRIGRAM_INDEX = "marketplace_experience_search_trgm"


def fill(apps, schema_editor):
    from marketplace.core.normalise import search_text

    ExperiencePage = apps.get_model("marketplace", "ExperiencePage")
    pages = list(ExperiencePage.objects.only("pk", "title", "summary"))
    for page in pages:
        page.search_text = search_text(page.title, page.summary)
    ExperiencePage.objects.bulk_update(pages, ["search_text"], batch_size=1000)


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON marketplace_experiencepage "
        "USING gin (search_text gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ("marketplace", "0005_page_title_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="experiencepage",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False,
                                   help_text="Title and summary as the search compares them; "
                                             "set on every save.",
                                   verbose_name="search text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
