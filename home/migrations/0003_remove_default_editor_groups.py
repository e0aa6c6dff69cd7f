"""Remove Wagtail's default "Editors" and "Moderators" groups.

Wagtail's initial data gives both page rights over the whole tree (and images and documents
in the root collection): anyone put in them by habit would edit every supplier's pages. The
site's groups are the cluster managers' and one per supplier, scoped to its own subtree and
collection. A group that still has members keeps them, but loses its page and collection
rights.
"""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        if not group.user_set.exists():
            group.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_locale_homepages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
