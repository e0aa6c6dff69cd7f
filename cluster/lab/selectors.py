"""Reads of the digital lab: an SME's gaps with the modules that close them, its readiness
(one definition) and the managers' view of the lab's progress.

Everything a company's checks need is read once (its experiences with their photos and prices,
their translations, the payout account, the next 60 days' slots with places left), then the
checks are computed on plain objects; ``experience_readiness`` adds one query per experience
for its English version."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cluster.lab.models import LabGap, LabModulePage, ModuleCompletion
from cluster.members.models import Member
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.selectors.experiences import experience_readiness
from marketplace.catalogue.selectors.slots import slots_with_places_left
from marketplace.payments.models import PayoutAccount

AVAILABILITY_DAYS = 60
AVAILABILITY_MIN_SLOTS = 10  # bookable slots (with room) across the company's experiences


@dataclass(frozen=True)
class Check:
    """One check of a company: ``gap`` is the lab's gap it stands for; ``experience`` the
    title of the experience it is about, "" for the company's own checks."""

    gap: str
    label: str
    ok: bool
    experience: str = ""


@dataclass(frozen=True)
class Gap:
    """A gap of the company: what is missing, on which experiences, and the live module pages
    (in the active language) that close it."""

    code: str
    label: str
    experiences: tuple[str, ...]
    modules: tuple[LabModulePage, ...] = field(default=())


def _provider_of(*, member: Member | None, provider: ProviderPage | None) -> ProviderPage | None:
    if provider is not None:
        return provider
    return member.provider if member is not None else None


def company_checks(*, provider: ProviderPage, today=None) -> list[Check]:
    """Every check of the company: each experience's listing checklist
    (``experience_readiness``) and whether it is translated into every content language, then
    the payout account and enough bookable slots (``AVAILABILITY_MIN_SLOTS`` with places left
    in the next ``AVAILABILITY_DAYS`` days across its experiences)."""
    experiences = list(
        ExperiencePage.objects.child_of(provider).select_related("locale")
        .prefetch_related("photos", "price_options").order_by("path"))
    checks: list[Check] = []
    translated = _languages_by_key([e.translation_key for e in experiences])
    languages = set(Locale.objects.values_list("language_code", flat=True))
    for experience in experiences:
        readiness = experience_readiness(page=experience, today=today)
        checks += [Check(item.key, str(item.label), item.ok, experience.title)
                   for item in readiness.items]
        missing = languages - translated[experience.translation_key] - {"en"}
        checks.append(Check(LabGap.TRANSLATIONS, _("A version in every language of the site"),
                            not missing, experience.title))
    checks.append(Check(LabGap.PAYOUT_ACCOUNT, _("A payout account"),
                        PayoutAccount.objects.filter(provider=provider).exists()))
    checks.append(Check(LabGap.AVAILABILITY,
                        _("At least %(count)d bookable slots in the next %(days)d days")
                        % {"count": AVAILABILITY_MIN_SLOTS, "days": AVAILABILITY_DAYS},
                        _bookable_slots(experiences) >= AVAILABILITY_MIN_SLOTS))
    return checks


def _languages_by_key(keys: list) -> dict:
    languages: dict = defaultdict(set)
    rows = (ExperiencePage.objects.filter(translation_key__in=keys).order_by()
            .values_list("translation_key", "locale__language_code"))
    for key, code in rows:
        languages[key].add(code)
    return languages


def _bookable_slots(experiences: list[ExperiencePage]) -> int:
    now = timezone.now()
    slots = Slot.objects.filter(experience__in=[e.pk for e in experiences], starts_at__gte=now,
                                starts_at__lt=now + timedelta(days=AVAILABILITY_DAYS))
    return slots_with_places_left(slots.order_by(), now=now).filter(places_left__gt=0).count()


def readiness_of(checks: list[Check]) -> int:
    """0–100: the share of the checks that pass (0 for a company with no experience)."""
    if not any(check.experience for check in checks):
        return 0
    return round(100 * sum(check.ok for check in checks) / len(checks))


def company_readiness(*, provider: ProviderPage | None) -> int:
    """The company's listing readiness, 0–100 %: the share of its checks
    (``company_checks``) that pass, i.e. the mean over every experience's checklist item and
    translation plus the company's payout account and availability; 0 without a provider or
    an experience. The one definition the lab records before and after a module."""
    if provider is None:
        return 0
    return readiness_of(company_checks(provider=provider))


def company_gaps(*, member: Member | None = None, provider: ProviderPage | None = None,
                 checks: list[Check] | None = None) -> list[Gap]:
    """The company's gaps in the lab's order (``LabGap``), each with the experiences it
    concerns and the live module pages of the active language that close it; ``checks`` when
    the caller has them already (``company_checks``)."""
    provider = _provider_of(member=member, provider=provider)
    if provider is None:
        return []
    if checks is None:
        checks = company_checks(provider=provider)
    failing: dict[str, list[Check]] = defaultdict(list)
    labels: dict[str, str] = {}
    for check in checks:
        if not check.ok:
            failing[check.gap].append(check)
            labels.setdefault(check.gap, check.label)
    modules = lab_modules_by_gap()
    return [Gap(code, labels[code], tuple(c.experience for c in failing[code] if c.experience),
                tuple(modules.get(code, ())))
            for code in LabGap.values if code in failing]


def lab_modules_by_gap(*, language_code: str | None = None) -> dict[str, list[LabModulePage]]:
    """The live module pages of a language (the active one by default), by gap; one query."""
    locale = (Locale.objects.filter(language_code=language_code).first() if language_code
              else Locale.get_active())
    modules: dict[str, list[LabModulePage]] = defaultdict(list)
    for page in LabModulePage.objects.live().filter(locale=locale).order_by("path"):
        modules[page.gap].append(page)
    return modules


def member_completions(*, member: Member | None) -> dict[int, ModuleCompletion]:
    """The member's completions by the module's translation key (so a module done in one
    language shows as done in every other); one query."""
    if member is None:
        return {}
    rows = ModuleCompletion.objects.filter(member=member).select_related("module")
    return {row.module.translation_key: row for row in rows}


@dataclass(frozen=True)
class LabProgressRow:
    """One company in the lab: modules done, readiness when it started and last recorded,
    and the points gained (the sum of after − before over the completions recorded)."""

    member_id: int
    name: str
    completions: int
    modules: tuple[str, ...]
    first_readiness: int
    last_readiness: int | None
    gain: int


def lab_progress() -> list[LabProgressRow]:
    """For the managers: every member that did at least one module, most modules first; one
    query."""
    rows: dict[int, list[ModuleCompletion]] = defaultdict(list)
    completions = (ModuleCompletion.objects.select_related("member", "module")
                   .order_by("member__name", "member_id", "completed_at", "pk"))
    for completion in completions:
        rows[completion.member_id].append(completion)
    progress = []
    for member_id, done in rows.items():
        recorded = [c for c in done if c.readiness_after is not None]
        last = max(recorded, key=lambda c: c.after_recorded_at or c.completed_at) if recorded \
            else None
        progress.append(LabProgressRow(
            member_id=member_id, name=done[0].member.name, completions=len(done),
            modules=tuple(c.module.title for c in done),
            first_readiness=done[0].readiness_before,
            last_readiness=last.readiness_after if last else None,
            gain=sum(c.gain for c in recorded)))
    return sorted(progress, key=lambda row: (-row.completions, row.name))
