"""Joining the cluster: the public application, then a manager's approval or rejection."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from geo.errors import UnknownTown
from geo.regions import find_town
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.services.pages import supplier_page_create
from marketplace.catalogue.services.permissions import sme_group_ensure
from marketplace.core.errors import ApplicationNotPending, DuplicateProvider, MarketplaceError
from marketplace.core.vat import vat_normalise
from marketplace.onboarding.models.applications import ProviderApplication


@dataclass(frozen=True)
class ApprovalResult:
    application: ProviderApplication
    provider: ProviderPage
    invitation_url: str


@transaction.atomic
def supplier_application_create(
    *,
    company_name: str,
    vat_number: str,
    country: str,
    sectors: list[Sector],
    contact_name: str,
    email: str,
    town: str,
    phone: str = "",
    message: str = "",
    language: str = "it",
) -> ProviderApplication:
    """Record a pending application; the VAT number must be valid and not yet a member, the
    town known in the cluster's areas of that country."""
    vat = vat_normalise(country=country, value=vat_number)
    if ProviderPage.objects.filter(vat_number=vat).exists():
        raise DuplicateProvider(_("A member with this VAT or registration number already "
                                  "exists."), field="vat_number")
    if ProviderApplication.objects.filter(
            vat_number=vat, status=ProviderApplication.Status.PENDING).exists():
        raise DuplicateProvider(_("An application with this number is already being "
                                  "reviewed."), field="vat_number")
    try:
        find_town(town, country_iso2=country)
    except UnknownTown as exc:
        raise MarketplaceError(_("We could not find the town “%(town)s” in %(country)s.")
                               % {"town": town, "country": country}, field="town") from exc
    application = ProviderApplication.objects.create(
        company_name=company_name, vat_number=vat, country=country, contact_name=contact_name,
        email=email, phone=phone, town=town, message=message, language=language,
    )
    application.sectors.set(sectors)
    return application


def _invitation_url(user, base_url: str) -> str:
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return f"{base_url.rstrip('/')}{path}"


@transaction.atomic
def supplier_application_approve(*, application: ProviderApplication, reviewer,
                                 base_url: str, comment: str = "") -> ApprovalResult:
    """Approve a pending application: create the ProviderPage at the town's location, the SME's
    group and user, and email an invitation to set a password."""
    application = ProviderApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ProviderApplication.Status.PENDING:
        raise ApplicationNotPending(_("This application has already been reviewed."))
    town = find_town(application.town, country_iso2=application.country)
    provider = supplier_page_create(
        legal_name=application.company_name, vat_number=application.vat_number,
        country=application.country,
        sector_slugs=list(application.sectors.values_list("slug", flat=True)),
        lat=town.point.lat, lon=town.point.lon, town=town.name,
        contact_name=application.contact_name, email=application.email,
        phone=application.phone, story=application.message, publish=True,
    )
    group = sme_group_ensure(provider=provider)
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username=application.email.lower(),
        defaults={"email": application.email, "first_name": application.contact_name[:150]},
    )
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(group)
    application.status = ProviderApplication.Status.APPROVED
    application.reviewed_at = timezone.now()
    application.reviewed_by = reviewer
    application.review_comment = comment
    application.provider_page = provider
    application.user = user
    application.save()
    url = _invitation_url(user, base_url)
    with translation.override(application.language):
        body = render_to_string("marketplace/emails/invitation.txt",
                                {"application": application, "url": url, "provider": provider})
        transaction.on_commit(lambda: send_mail(
            _("Welcome to Innotourclust: set your password"), body, None, [application.email]))
    return ApprovalResult(application=application, provider=provider, invitation_url=url)


@transaction.atomic
def supplier_application_reject(*, application: ProviderApplication, reviewer,
                                comment: str) -> ProviderApplication:
    """Reject a pending application with a comment sent to the applicant."""
    application = ProviderApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ProviderApplication.Status.PENDING:
        raise ApplicationNotPending(_("This application has already been reviewed."))
    application.status = ProviderApplication.Status.REJECTED
    application.reviewed_at = timezone.now()
    application.reviewed_by = reviewer
    application.review_comment = comment
    application.save()
    with translation.override(application.language):
        body = render_to_string("marketplace/emails/rejection.txt",
                                {"application": application})
        transaction.on_commit(lambda: send_mail(
            _("Your application to Innotourclust"), body, None, [application.email]))
    return application
