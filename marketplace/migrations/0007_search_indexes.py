"""Indexes for the search at scale (100,000 experiences):

* ``wagtailcore_page (depth, path)``: a page's children (the main menu, a provider's
  experiences) are ``depth = d AND path BETWEEN …``; the path index alone walks every
  descendant;
* the facet counts read only the page id, sector, area and lodging flag of every match, and the
  page's locale and live flag: narrow covering indexes let PostgreSQL answer from the indexes
  (SQLite gets the same columns as plain composite indexes).
"""

from django.db import migrations

INDEXES = {
    "postgresql": [
        ("marketplace_page_depth_path_idx", "wagtailcore_page (depth, path)"),
        ("marketplace_page_locale_live_idx", "wagtailcore_page (locale_id, id) INCLUDE (live)"),
        ("marketplace_experience_facets_idx",
         "marketplace_experiencepage (page_ptr_id) INCLUDE (sector_id, area, is_lodging)"),
    ],
    "sqlite": [
        ("marketplace_page_depth_path_idx", "wagtailcore_page (depth, path)"),
        ("marketplace_page_locale_live_idx", "wagtailcore_page (locale_id, id, live)"),
        ("marketplace_experience_facets_idx",
         "marketplace_experiencepage (page_ptr_id, sector_id, area, is_lodging)"),
    ],
}


def create(apps, schema_editor):
    for name, target in INDEXES.get(schema_editor.connection.vendor, []):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    for name, _target in INDEXES.get(schema_editor.connection.vendor, []):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0006_experience_search_text"),
                    ("wagtailcore", "0094_alter_page_locale")]

    operations = [migrations.RunPython(create, drop)]
