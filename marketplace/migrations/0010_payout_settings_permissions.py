"""Cluster managers may keep suppliers' payout accounts and the commission rates."""

from django.db import migrations

MANAGERS = "Cluster managers"
MODELS = {"payoutaccount": "payout account", "commissionrate": "commission rate"}


def grant_managers(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    managers, _ = Group.objects.get_or_create(name=MANAGERS)
    for model, verbose_name in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="marketplace", model=model)
        for verb in ("add", "change", "delete", "view"):
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{verb}_{model}",
                defaults={"name": f"Can {verb} {verbose_name}"})
            managers.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ("marketplace", "0009_operators"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_managers, migrations.RunPython.noop)]
