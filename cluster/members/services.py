"""Writes of the members domain: a company applies, its lifecycle (applied → active →
suspended → left, and back), the sync with the marketplace's supplier pages and operators,
and the profile its users keep up to date."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cluster.members.errors import (
    DuplicateMember,
    MemberError,
    MemberPermissionDenied,
    MemberStateError,
)
from cluster.members.models import Member
from cluster.members.selectors import member_user_may_edit
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.models.sectors import SECTOR_SLUGS
from marketplace.core.choices import Country
from marketplace.core.errors import MarketplaceError
from marketplace.core.location import location_derive
from marketplace.core.vat import vat_normalise
from marketplace.operators.models import Operator
from marketplace.operators.services.operators import (
    operator_country_normalise,
    operator_vat_normalise,
)

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
PROFILE_FIELDS = ("about", "offers", "needs", "website", "email", "phone", "town", "sectors",
                  "languages")

# SECTION: values


def member_vat_normalise(*, country: str, value: str) -> tuple[str, str]:
    """``(country, vat)`` in canonical form: the country as an upper-case ISO code; the
    number by ``marketplace.core.vat`` in Italy, Albania and Montenegro (check digit, NIPT,
    PIB), elsewhere as the operators' sign-up writes it. ``MarketplaceError`` on the field
    that is wrong."""
    country = operator_country_normalise(value=country)
    if country in Country.values:
        return country, vat_normalise(country=country, value=value)
    return country, operator_vat_normalise(country=country, value=value)


def _sectors_clean(sectors: Iterable[str]) -> list[str]:
    slugs = list(dict.fromkeys(s.strip() for s in sectors if s and s.strip()))
    unknown = [s for s in slugs if s not in SECTOR_SLUGS]
    if unknown:
        raise MemberError(_("Unknown sector: %(slugs)s.") % {"slugs": ", ".join(unknown)},
                          field="sectors")
    return slugs


def _languages_clean(languages: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(c.strip().lower() for c in languages if c and c.strip()))
    wrong = [c for c in codes if not _LANGUAGE_CODE.match(c)]
    if wrong:
        raise MemberError(_("A language is written as its ISO code (it, en, sq, cnr…), not "
                            "%(codes)s.") % {"codes": ", ".join(wrong)}, field="languages")
    return codes


def _validated(member: Member, fields: Iterable[str]) -> None:
    """The model's own checks (lengths, email, URL) on ``fields``, as a ``MemberError`` on the
    first wrong field."""
    exclude = [f.name for f in Member._meta.fields if f.name not in set(fields)]
    try:
        member.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise MemberError(" ".join(messages), field=name) from exc


# SECTION: applying


@dataclass(frozen=True)
class MemberApplication:
    """What a company sends when it applies (plain values, as a form or an import gives
    them). ``sectors``: sector slugs; ``languages``: ISO 639 codes; ``lat``/``lon``: WGS84
    degrees, optional (inside the cluster's areas they also give the area)."""

    name: str
    kind: str
    country: str
    vat_number: str
    area: str = ""
    town: str = ""
    lat: float | None = None
    lon: float | None = None
    sectors: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    about: str = ""
    offers: str = ""
    needs: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""


def member_apply(*, application: MemberApplication, users: Iterable = (),
                 applied_on: date | None = None) -> Member:
    """A company applies to join the cluster: a new member with status "applied".

    The VAT or registration number is checked for its country (``member_vat_normalise``); one
    member per company, so a second application for the same country and number is refused
    with ``DuplicateMember`` (409). Wrong values raise ``MemberError`` (400) naming the field;
    nothing is written then. ``users`` may act for the member (the signed-in applicant)."""
    if application.kind not in Member.Kind.values:
        raise MemberError(_("Choose what kind of company this is."), field="kind")
    name = " ".join(application.name.split())
    if not name:
        raise MemberError(_("Give the company's name."), field="name")
    country, vat = member_vat_normalise(country=application.country,
                                        value=application.vat_number)
    if Member.objects.filter(country=country, vat_number=vat).exists():
        raise DuplicateMember(_duplicate_message(country, vat), field="vat_number")
    member = Member(
        name=name, kind=application.kind, country=country, vat_number=vat,
        area=application.area, town=application.town.strip(),
        sectors=_sectors_clean(application.sectors),
        languages=_languages_clean(application.languages), about=application.about.strip(),
        offers=application.offers.strip(), needs=application.needs.strip(),
        website=application.website.strip(), email=application.email.strip(),
        phone=application.phone.strip(), status=Member.Status.APPLIED,
        applied_on=applied_on or timezone.localdate())
    if application.lat is not None and application.lon is not None:
        member.lat, member.lon = application.lat, application.lon
        if country in Country.values:
            member.area = location_derive(lat=application.lat, lon=application.lon).area
    _validated(member, ("name", "area", "town", "website", "email", "phone", "about",
                        "offers", "needs"))
    try:
        with transaction.atomic():
            member.save()
            member.users.add(*[user for user in users if user.is_authenticated])
    except IntegrityError as exc:  # the same company applied at the same moment
        raise DuplicateMember(_duplicate_message(country, vat), field="vat_number") from exc
    return member


def _duplicate_message(country: str, vat: str) -> str:
    return _("The company with VAT or registration number %(vat)s (%(country)s) is already a "
             "member of the cluster or has applied: one membership per company. Ask a cluster "
             "manager to add you to it.") % {"vat": vat, "country": country}


# SECTION: lifecycle

# The statuses each step starts from, and the one it leads to.
_STEPS = {
    "activate": ((Member.Status.APPLIED,), Member.Status.ACTIVE),
    "suspend": ((Member.Status.ACTIVE,), Member.Status.SUSPENDED),
    "leave": ((Member.Status.APPLIED, Member.Status.ACTIVE, Member.Status.SUSPENDED),
              Member.Status.LEFT),
    "reinstate": ((Member.Status.SUSPENDED, Member.Status.LEFT), Member.Status.ACTIVE),
}


def _step(member: Member, step: str, on: date | None) -> tuple[Member, date]:
    """The member locked for the step, and the step's date; ``MemberStateError`` when its
    status does not allow the step or the date is before it applied."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    allowed, _target = _STEPS[step]
    if member.status not in allowed:
        raise MemberStateError(
            _("A member whose status is “%(status)s” cannot be %(step)s.") % {
                "status": member.get_status_display(), "step": _STEP_WORDS[step]()})
    on = on or timezone.localdate()
    if on < member.applied_on:
        raise MemberStateError(_("The date is before the member applied (%(date)s).") % {
            "date": member.applied_on.isoformat()}, field="on")
    return member, on


_STEP_WORDS = {
    "activate": lambda: _("activated"),
    "suspend": lambda: _("suspended"),
    "leave": lambda: _("marked as left"),
    "reinstate": lambda: _("reinstated"),
}


@transaction.atomic
def member_activate(*, member: Member, on: date | None = None) -> Member:
    """Applied → active: the member joins the cluster ``on`` (default today)."""
    member, on = _step(member, "activate", on)
    member.status, member.joined_on = Member.Status.ACTIVE, on
    member.save(update_fields=["status", "joined_on"])
    return member


@transaction.atomic
def member_suspend(*, member: Member, on: date | None = None) -> Member:
    """Active → suspended ``on`` (default today): it leaves the public directory."""
    member, on = _step(member, "suspend", on)
    member.status, member.suspended_on = Member.Status.SUSPENDED, on
    member.save(update_fields=["status", "suspended_on"])
    return member


@transaction.atomic
def member_leave(*, member: Member, on: date | None = None) -> Member:
    """Applied, active or suspended → left ``on`` (default today)."""
    member, on = _step(member, "leave", on)
    member.status, member.left_on = Member.Status.LEFT, on
    member.save(update_fields=["status", "left_on"])
    return member


@transaction.atomic
def member_reinstate(*, member: Member, on: date | None = None) -> Member:
    """Suspended → active (the suspension date is cleared, ``joined_on`` kept), or left →
    active (it joins again ``on``, default today)."""
    member, on = _step(member, "reinstate", on)
    if member.status == Member.Status.LEFT:
        member.joined_on, member.left_on = on, None
    member.status, member.suspended_on = Member.Status.ACTIVE, None
    member.save(update_fields=["status", "joined_on", "suspended_on", "left_on"])
    return member


# SECTION: profile


def member_profile_update(*, member: Member, by, **fields) -> Member:
    """Change what the member tells the cluster (``PROFILE_FIELDS``: about, offers, needs,
    website, email, phone, town, sectors as slugs, languages as ISO codes). Only the member's
    users and cluster managers may (``MemberPermissionDenied``, 403); wrong values raise
    ``MemberError`` (400) naming the field, and nothing is saved."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise MemberError(_("These fields cannot be changed here: %(names)s.") % {
            "names": ", ".join(sorted(unknown))})
    if not member_user_may_edit(member=member, user=by):
        raise MemberPermissionDenied(_("You may not edit this member's profile."))
    if "sectors" in fields:
        fields["sectors"] = _sectors_clean(fields["sectors"])
    if "languages" in fields:
        fields["languages"] = _languages_clean(fields["languages"])
    member = Member.objects.get(pk=member.pk)
    for name, value in fields.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    _validated(member, fields)
    member.save(update_fields=list(fields))
    return member


# SECTION: sync with the marketplace


def members_sync(report: Callable[[str], None] | None = None) -> int:
    """A member for every live supplier page (default language) and every approved operator:
    each is matched to a member by its country and normalised VAT number, so a company with a
    supplier page and an operator account is one member. New members are active from the
    page's first publication or the operator's approval; a matched member gets the page or
    operator linked and its users added. Returns how many members were created or changed;
    running it again changes nothing (0). ``report`` receives a line for each change and each
    record that could not be matched."""
    say = report or (lambda line: None)
    changed = 0
    with transaction.atomic():
        members = {(m.country, m.vat_number): m for m in Member.objects.all()}
        for source in [*_provider_sources(), *_operator_sources()]:
            try:
                changed += _sync_one(source, members, say)
            except MarketplaceError as exc:
                say(f"skipped {source.label}: {exc.message}")
    return changed


@dataclass
class _Source:
    """A supplier page or an operator, as a member would be made of it."""

    label: str
    link: str  # "provider" or "operator"
    obj: object
    country: str
    vat_number: str
    fields: dict
    user_ids: set
    joined_on: date


def _provider_sources() -> list[_Source]:
    locale = Locale.get_default()
    pages = list(ProviderPage.objects.live().filter(locale=locale)
                 .prefetch_related("sectors").order_by("pk"))
    users = _provider_user_ids([page.pk for page in pages])
    sources = []
    for page in pages:
        first = page.first_published_at or page.latest_revision_created_at or timezone.now()
        sources.append(_Source(
            label=f"supplier page {page.pk} ({page.title})", link="provider", obj=page,
            country=page.country, vat_number=page.vat_number, user_ids=users.get(page.pk, set()),
            joined_on=timezone.localdate(first),
            fields=dict(name=page.legal_name or page.title, kind=Member.Kind.SUPPLIER,
                        area=page.area, town=page.town, lat=page.lat, lon=page.lon,
                        sectors=[s.slug for s in page.sectors.all()],
                        languages=[c.strip().lower() for c in page.languages.split(",")
                                   if c.strip()],
                        about=strip_tags(page.story).strip(), website=page.website,
                        email=page.email, phone=page.phone)))
    return sources


def _provider_user_ids(page_ids: list[int]) -> dict[int, set]:
    """The users of each supplier page's group (those with permissions on the page)."""
    rows = get_user_model().objects.filter(
        groups__page_permissions__page_id__in=page_ids).values_list(
        "groups__page_permissions__page_id", "pk").distinct()
    found: dict[int, set] = {}
    for page_id, user_id in rows:
        found.setdefault(page_id, set()).add(user_id)
    return found


def _operator_sources() -> list[_Source]:
    operators = Operator.objects.filter(status=Operator.Status.APPROVED).prefetch_related(
        "members").order_by("pk")
    return [_Source(
        label=f"operator {operator.pk} ({operator.name})", link="operator", obj=operator,
        country=operator.country, vat_number=operator.vat_number,
        user_ids={m.user_id for m in operator.members.all()},
        joined_on=timezone.localdate(operator.reviewed_at or operator.created_at),
        fields=dict(name=operator.name, kind=Member.Kind.OPERATOR, website=operator.website,
                    email=operator.email, phone=operator.phone))
        for operator in operators]


def _sync_one(source: _Source, members: dict, say) -> int:
    """Create or link the member of ``source``; 1 when something changed, else 0."""
    linked = Member.objects.filter(**{source.link: source.obj}).first()
    if linked is not None:
        return _users_add(linked, source, say)
    country, vat = member_vat_normalise(country=source.country, value=source.vat_number)
    member = members.get((country, vat))
    if member is None:
        member = Member.objects.create(
            country=country, vat_number=vat, status=Member.Status.ACTIVE,
            applied_on=source.joined_on, joined_on=source.joined_on,
            **{source.link: source.obj}, **source.fields)
        members[(country, vat)] = member
        member.users.add(*source.user_ids)
        say(f"created member {member.pk} ({member.name}) from {source.label}")
        return 1
    if getattr(member, f"{source.link}_id") is not None:
        say(f"skipped {source.label}: member {member.pk} has another {source.link}")
        return 0
    setattr(member, source.link, source.obj)
    member.save(update_fields=[source.link])
    _users_add(member, source, say)
    say(f"linked {source.label} to member {member.pk} ({member.name})")
    return 1


def _users_add(member: Member, source: _Source, say) -> int:
    missing = source.user_ids - set(member.users.values_list("pk", flat=True))
    if not missing:
        return 0
    member.users.add(*missing)
    say(f"added {len(missing)} user(s) of {source.label} to member {member.pk}")
    return 1
