"""Create the eight sectors in every locale, the "Cluster managers" group and the "Cluster
review" workflow, assigned to the root page so every listing goes through it."""

import uuid

from django.db import migrations

SECTORS = [
    ("hospitality", {"it": "Ospitalità", "en": "Hospitality", "sq": "Mikpritje",
                     "sr-latn": "Ugostiteljstvo"}),
    ("agritourism", {"it": "Agriturismo", "en": "Agritourism", "sq": "Agroturizëm",
                     "sr-latn": "Agroturizam"}),
    ("food-wine", {"it": "Enogastronomia", "en": "Food & wine", "sq": "Ushqim dhe verë",
                   "sr-latn": "Hrana i vino"}),
    ("fishing-sea", {"it": "Pesca e mare", "en": "Fishing & sea", "sq": "Peshkim dhe det",
                     "sr-latn": "Ribolov i more"}),
    ("crafts", {"it": "Artigianato", "en": "Crafts", "sq": "Zejtari", "sr-latn": "Zanati"}),
    ("culture-heritage", {"it": "Cultura e patrimonio", "en": "Culture & heritage",
                          "sq": "Kulturë dhe trashëgimi", "sr-latn": "Kultura i baština"}),
    ("nature-outdoor", {"it": "Natura e outdoor", "en": "Nature & outdoor",
                        "sq": "Natyrë dhe aktivitete", "sr-latn": "Priroda i aktivnosti"}),
    ("wellness", {"it": "Benessere", "en": "Wellness", "sq": "Mirëqenie", "sr-latn": "Velnes"}),
]

MANAGERS = "Cluster managers"
PAGE_CODENAMES = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page",
                  "unlock_page"]
IMAGE_CODENAMES = ["add_image", "change_image", "choose_image"]


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_sectors(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    Sector = apps.get_model("marketplace.Sector")
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for order, (slug, names) in enumerate(SECTORS):
        key = uuid.uuid4()
        for code, name in names.items():
            if code in locales:
                Sector.objects.get_or_create(
                    slug=slug, locale=locales[code],
                    defaults={"name": name, "translation_key": key, "sort_order": order},
                )


def create_managers_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    ContentType = apps.get_model("contenttypes.ContentType")
    ClusterReviewTask = apps.get_model("marketplace.ClusterReviewTask")

    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    managers.permissions.add(_permission(apps, "wagtailadmin", "admin", "access_admin"))
    for model in ("providerapplication", "sector", "resource"):
        for verb in ("add", "change", "delete", "view"):
            managers.permissions.add(_permission(apps, "marketplace", model, f"{verb}_{model}"))
    root = Page.objects.get(depth=1)
    for codename in PAGE_CODENAMES:
        GroupPagePermission.objects.get_or_create(
            group=managers, page=root,
            permission=_permission(apps, "wagtailcore", "page", codename),
        )
    root_collection = Collection.objects.get(depth=1)
    for codename in IMAGE_CODENAMES:
        GroupCollectionPermission.objects.get_or_create(
            group=managers, collection=root_collection,
            permission=_permission(apps, "wagtailimages", "image", codename),
        )

    task_type, _ = ContentType.objects.get_or_create(app_label="marketplace",
                                                    model="clusterreviewtask")
    task, _ = ClusterReviewTask.objects.get_or_create(
        name="Cluster manager review", defaults={"content_type": task_type, "active": True}
    )
    task.groups.add(managers)
    workflow, _ = Workflow.objects.get_or_create(name="Cluster review",
                                                 defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_initial"),
        ("home", "0002_create_locale_homepages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(create_sectors, migrations.RunPython.noop),
        migrations.RunPython(create_managers_and_workflow, migrations.RunPython.noop),
    ]
