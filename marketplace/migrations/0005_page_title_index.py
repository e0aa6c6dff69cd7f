"""An index on Wagtail's page titles: the experience search sorts by title by default."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0004_area_pages"), ("wagtailcore", "0094_alter_page_locale")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS marketplace_page_title_idx ON wagtailcore_page (title)",
            "DROP INDEX IF EXISTS marketplace_page_title_idx",
        ),
    ]
