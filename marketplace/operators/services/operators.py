"""Tour operators: sign-up, a cluster manager's approval or rejection, members and API tokens.

An operator signs up with its company, country and VAT number; the person who signs up becomes
its owner. Until a cluster manager approves it, the owner can sign in but has no operator
powers (no net prices, no operator bookings). The owner of an approved operator invites agents
by email; an invitation is a link to set a password, as for a new supplier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from marketplace.core.choices import Country
from marketplace.core.errors import (
    DuplicateAccount,
    DuplicateOperator,
    InvalidInvitation,
    MarketplaceError,
    OperatorNotPending,
    OperatorPermissionDenied,
)
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP
from marketplace.core.vat import vat_normalise
from marketplace.operators.models import Operator, OperatorMember

_OTHER_VAT = re.compile(r"^[A-Z0-9]{2,32}$")


# SECTION: identity


def operator_country_normalise(*, value: str) -> str:
    """An ISO 3166-1 alpha-2 code in upper case, or ``MarketplaceError`` on the field
    ``country``."""
    code = (value or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise MarketplaceError(_("“%(value)s” is not a country code: use two letters such as "
                                 "DE, GB or FR.") % {"value": value}, field="country")
    return code


def operator_vat_normalise(*, country: str, value: str) -> str:
    """The VAT number in canonical form: the cluster's countries by their rules (Italy's
    check digit, Albania's NIPT, Montenegro's PIB), any other country 2–32 letters and digits
    once spaces, dots, dashes and slashes and a leading country prefix are removed."""
    if country in Country.values:
        return vat_normalise(country=country, value=value)
    cleaned = re.sub(r"[\s.\-/]", "", value or "").upper()
    prefix = "EL" if country == "GR" else country
    if cleaned.startswith(prefix) and len(cleaned) > len(prefix) + 1:
        cleaned = cleaned[len(prefix):]
    if not _OTHER_VAT.match(cleaned):
        raise MarketplaceError(_("A VAT number has 2 to 32 letters and digits."),
                               field="vat_number")
    return cleaned


# SECTION: emails


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _set_password_url(user, base_url: str | None = None) -> str:
    """A one-time link to set a password, as the suppliers' invitations use (Django's password
    reset token: it stops working once the password is set)."""
    path = reverse("marketplace:operator_set_password", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"


def _email_on_commit(*, template: str, subject: str, context: dict, to: list[str],
                     language: str) -> None:
    """Render ``template`` in ``language`` now; send it once the transaction commits."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    with translation.override(language):
        body = render_to_string(f"marketplace/operators/emails/{template}", context)
        subject = str(subject)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients))


def _owners(operator: Operator) -> list[str]:
    emails = (OperatorMember.objects.filter(operator=operator, role=OperatorMember.Role.OWNER)
              .values_list("user__email", flat=True))
    return list(dict.fromkeys([operator.email, *emails]))


def _manager_emails() -> list[str]:
    return list(get_user_model().objects.filter(groups__name=CLUSTER_MANAGERS_GROUP, is_active=True)
                .exclude(email="").values_list("email", flat=True).distinct())


# SECTION: sign-up and review


def _user_exists(email: str) -> bool:
    User = get_user_model()
    return User.objects.filter(username__iexact=email).exists() or User.objects.filter(
        email__iexact=email).exists()


@transaction.atomic
def operator_signup(*, name: str, country: str, vat_number: str, email: str, password: str,
                    contact_name: str, phone: str = "", website: str = "",
                    language: str = "en", notify: bool = True) -> Operator:
    """A pending operator with its owner, a new user who signs in with ``email`` and
    ``password``. ``DuplicateOperator`` (409) when the country and VAT number have signed up
    already, ``DuplicateAccount`` (409) when the email has an account; nothing is written
    then. Cluster managers are told by email (unless ``notify`` is false: demo data)."""
    country = operator_country_normalise(value=country)
    vat = operator_vat_normalise(country=country, value=vat_number)
    email = email.strip()
    if Operator.objects.filter(country=country, vat_number=vat).exists():
        raise DuplicateOperator(_("A tour operator with this VAT number has already signed up "
                                  "from %(country)s.") % {"country": country},
                                field="vat_number")
    if _user_exists(email):
        raise DuplicateAccount(_("An account with this email exists already: sign in, or use "
                                 "another email."), field="email")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            operator = Operator.objects.create(
                name=name.strip(), country=country, vat_number=vat, email=email, phone=phone,
                website=website, contact_name=contact_name.strip(), language=language)
    except IntegrityError as exc:  # signed up at the same moment by someone else
        raise DuplicateOperator(_("A tour operator with this VAT number has already signed "
                                  "up."), field="vat_number") from exc
    first, _sep, last = contact_name.strip().partition(" ")
    user = get_user_model().objects.create_user(
        username=email.lower(), email=email, password=password, first_name=first[:150],
        last_name=last[:150])
    OperatorMember.objects.create(operator=operator, user=user, role=OperatorMember.Role.OWNER)
    if not notify:
        return operator
    _email_on_commit(
        template="signup_received.txt", subject=_("A tour operator is waiting for approval"),
        context={"operator": operator,
                 "url": _absolute(reverse("marketplace_operator_review", args=[operator.pk]))},
        to=_manager_emails(), language=settings.LANGUAGE_CODE)
    return operator


def _pending_locked(operator: Operator) -> Operator:
    operator = Operator.objects.select_for_update().get(pk=operator.pk)
    if operator.status != Operator.Status.PENDING:
        raise OperatorNotPending(_("This tour operator has already been reviewed."))
    return operator


@transaction.atomic
def operator_approve(*, operator: Operator, reviewer, note: str = "",
                     notify: bool = True) -> Operator:
    """Approve a pending operator: its members see net prices and may book under contracts.
    The owner is emailed (in the operator's language) a link to its account page, unless
    ``notify`` is false (demo data)."""
    operator = _pending_locked(operator)
    operator.status = Operator.Status.APPROVED
    operator.reviewed_at = timezone.now()
    operator.reviewed_by = reviewer
    operator.review_note = note
    operator.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    if not notify:
        return operator
    with translation.override(operator.language):
        url = _absolute(reverse("marketplace:operator_account"))
    _email_on_commit(template="approved.txt", subject=_("Your tour operator account is ready"),
                     context={"operator": operator, "url": url}, to=_owners(operator),
                     language=operator.language)
    return operator


@transaction.atomic
def operator_reject(*, operator: Operator, reviewer, note: str) -> Operator:
    """Reject a pending operator, telling the owner why (``note`` is required)."""
    if not (note or "").strip():
        raise MarketplaceError(_("Say why the tour operator is rejected."), field="note")
    operator = _pending_locked(operator)
    operator.status = Operator.Status.REJECTED
    operator.reviewed_at = timezone.now()
    operator.reviewed_by = reviewer
    operator.review_note = note.strip()
    operator.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    _email_on_commit(template="rejected.txt", subject=_("Your tour operator application"),
                     context={"operator": operator}, to=_owners(operator),
                     language=operator.language)
    return operator


# SECTION: members


def operator_membership(*, user) -> OperatorMember | None:
    """The membership of ``user`` (any operator status), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (OperatorMember.objects.select_related("operator").filter(user=user)
            .order_by("pk").first())


def operator_members(*, operator: Operator) -> list[OperatorMember]:
    """The operator's members, owners first, then by email."""
    return list(OperatorMember.objects.filter(operator=operator).select_related("user")
                .order_by("role", "user__email"))


def _require_owner(*, operator: Operator, user) -> None:
    if not operator.is_approved:
        raise OperatorPermissionDenied(_("Members can be managed once the tour operator is "
                                         "approved."))
    if not OperatorMember.objects.filter(operator=operator, user=user,
                                         role=OperatorMember.Role.OWNER).exists():
        raise OperatorPermissionDenied(_("Only the owner of the account manages its members."))


INVITATION_SALT = "marketplace.operator-invitation"
INVITATION_MAX_AGE_S = 7 * 24 * 3600


def operator_member_invite(*, operator: Operator, email: str, by, name: str = "",
                           base_url: str | None = None) -> None:
    """Email ``email`` a signed link, valid for seven days, to join ``operator`` as an agent
    (``by`` must be an owner of the approved operator). Nothing is created until the invited
    person accepts, and the answer is the same whether the address has an account or not."""
    _require_owner(operator=operator, user=by)
    email = (email or "").strip()
    if not email:
        raise MarketplaceError(_("Give the agent's email."), field="email")
    token = signing.dumps({"operator": operator.pk, "email": email.lower(),
                           "name": (name or "").strip()[:120]}, salt=INVITATION_SALT)
    with translation.override(operator.language):
        path = reverse("marketplace:operator_invitation", kwargs={"token": token})
    url = f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"
    _email_on_commit(template="member_invitation.txt",
                     subject=_("You are invited to %(operator)s on Innotourclust")
                     % {"operator": operator.name},
                     context={"operator": operator, "by": by, "url": url},
                     to=[email], language=operator.language)


@dataclass(frozen=True)
class Invitation:
    operator: Operator
    email: str
    name: str


def operator_invitation_read(*, token: str) -> Invitation:
    """The invitation a link carries; ``InvalidInvitation`` when it is forged, expired, or
    its operator is no longer approved."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE_S)
        operator = Operator.objects.get(pk=data["operator"], status=Operator.Status.APPROVED)
    except (signing.BadSignature, KeyError, TypeError, Operator.DoesNotExist) as exc:
        raise InvalidInvitation(_("This invitation is not valid any more. Ask the owner of "
                                  "the tour operator account to invite you again.")) from exc
    return Invitation(operator=operator, email=data["email"], name=data.get("name", ""))


def invitation_account(*, invitation: Invitation):
    """The existing account of the invited address, if any."""
    User = get_user_model()
    return (User.objects.filter(username__iexact=invitation.email).first()
            or User.objects.filter(email__iexact=invitation.email).order_by("pk").first())


@transaction.atomic
def operator_invitation_accept(*, token: str, user=None, password: str = "") -> OperatorMember:
    """The invited person accepts: signed in as the invited address (``user``), or, when the
    address has no account yet, with a new ``password``. A person already in an operator
    cannot join another."""
    invitation = operator_invitation_read(token=token)
    existing = invitation_account(invitation=invitation)
    if user is None:
        if existing is not None:
            raise OperatorPermissionDenied(_("Sign in to accept the invitation."))
        first, _sep, last = invitation.name.partition(" ")
        user = get_user_model().objects.create_user(
            username=invitation.email, email=invitation.email, password=password,
            first_name=first[:150], last_name=last[:150])
    elif existing is None or existing.pk != user.pk:
        raise OperatorPermissionDenied(_("This invitation is for another address."))
    if OperatorMember.objects.filter(user=user).exists():
        raise DuplicateAccount(_("You are already a member of a tour operator."))
    return OperatorMember.objects.create(operator=invitation.operator, user=user,
                                         role=OperatorMember.Role.AGENT)


@transaction.atomic
def operator_member_remove(*, member: OperatorMember, by) -> None:
    """Remove an agent from its operator (``by`` must be an owner of the approved operator;
    owners cannot be removed here). The user keeps its account, without operator powers."""
    member = OperatorMember.objects.select_related("operator").get(pk=member.pk)
    _require_owner(operator=member.operator, user=by)
    if member.role == OperatorMember.Role.OWNER:
        raise OperatorPermissionDenied(_("An owner cannot be removed; ask a cluster manager."))
    member.delete()
    Token.objects.filter(user_id=member.user_id).delete()


def operator_api_token(*, user, renew: bool = False) -> str:
    """The API token of a member of an approved operator (created on first use; ``renew``
    replaces it). With it, the API shows the operator's net prices."""
    from marketplace.operators.selectors import operator_member_operator

    if operator_member_operator(user=user) is None:
        raise OperatorPermissionDenied(_("API tokens are for members of approved tour "
                                         "operators."))
    with transaction.atomic():
        if renew:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
    return token.key
