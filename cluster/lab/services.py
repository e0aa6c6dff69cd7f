"""Writes of the digital lab: a member marks a module as done (its readiness recorded then),
and the readiness after is recorded later (when it marks it again, or on a call)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from cluster.lab.models import LabModulePage, ModuleCompletion
from cluster.lab.selectors import company_readiness
from cluster.members.models import Member


def _original(module: LabModulePage) -> LabModulePage:
    """The module's page in the default language (a completion counts for every language)."""
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None or module.locale_id == default.pk:
        return module
    return (LabModulePage.objects.filter(translation_key=module.translation_key,
                                         locale=default).first() or module)


@transaction.atomic
def module_complete(*, member: Member, module: LabModulePage, by=None,
                    now=None) -> tuple[ModuleCompletion, bool]:
    """Record that ``member`` has done ``module`` (any language's page of it), with the
    company's readiness (%) at that moment; idempotent: a second call returns the first
    record unchanged. Returns the completion and whether it was created."""
    module = _original(module)
    existing = (ModuleCompletion.objects.select_for_update()
                .filter(member=member, module=module).first())
    if existing is not None:
        return existing, False
    completion = ModuleCompletion.objects.create(
        member=member, module=module, completed_at=now or timezone.now(), completed_by=by,
        readiness_before=company_readiness(provider=member.provider))
    return completion, True


@transaction.atomic
def readiness_gain_record(*, member: Member, module: LabModulePage | None = None,
                          now=None) -> int:
    """Record the company's readiness (%) now as the ``readiness_after`` of its completion of
    ``module`` (or of every completion of the member); a later call overwrites it with the
    newer figure. Returns the number of completions updated."""
    completions = ModuleCompletion.objects.select_for_update().filter(member=member)
    if module is not None:
        completions = completions.filter(module=_original(module))
    return completions.update(readiness_after=company_readiness(provider=member.provider),
                              after_recorded_at=now or timezone.now())
