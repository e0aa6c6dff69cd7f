"""Operators: the contact person and the language of our emails; cluster managers may review
operators and manage contracts."""

from django.db import migrations, models

MANAGERS = "Cluster managers"
MODELS = {"operator": "tour operator", "operatormember": "operator member",
          "contract": "contract", "contractoverride": "contract override"}


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
        ("marketplace", "0008_bookings_payments"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="operator",
            name="contact_name",
            field=models.CharField(blank=True, max_length=120, verbose_name="contact person"),
        ),
        migrations.AddField(
            model_name="operator",
            name="language",
            field=models.CharField(
                choices=[("it", "Italiano"), ("en", "English"), ("sq", "Shqip"),
                         ("sr-latn", "Crnogorski")],
                default="en", help_text="The language of our emails.", max_length=10,
                verbose_name="language"),
        ),
        migrations.RunPython(grant_managers, migrations.RunPython.noop),
    ]
