"""Signal receivers: thin wiring from Wagtail events to the marketplace's tasks."""

from django.conf import settings


def experience_published(sender, instance, **kwargs):
    from .models import ExperiencePage

    # Slots belong to the original page (default locale); translations share them.
    is_original = instance.locale.language_code == settings.LANGUAGE_CODE
    if isinstance(instance, ExperiencePage) and is_original:
        from .tasks import materialise_experience_slots

        materialise_experience_slots.delay(instance.pk)
