"""Signal receivers: thin wiring from Wagtail events to the marketplace's tasks."""

from django.conf import settings
from django.db import transaction

SLOTS_RECEIVER = "marketplace_slots"  # the dispatch uid of ``experience_published``


def experience_published(sender, instance, **kwargs):
    from marketplace.catalogue.models.pages import ExperiencePage
    from marketplace.tasks import materialise_experience_slots

    # Slots belong to the original page (default locale); translations share them, and the
    # nightly sync covers a group whose original is not live.
    if not isinstance(instance, ExperiencePage):
        return
    if instance.locale.language_code != settings.LANGUAGE_CODE:
        return
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # No broker: sync inside the publishing transaction, so the page and its slots land
        # together.
        materialise_experience_slots(instance.pk)
    else:
        # A worker must see the published page: queue the task once the transaction commits.
        transaction.on_commit(lambda: materialise_experience_slots.delay(instance.pk))
