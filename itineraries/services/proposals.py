"""The proposal to the client: lock the prices and send it, share links (unguessable,
expiring, revocable), the client's acceptance, and a copy of an itinerary as a template."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from itineraries.models import Itinerary, ItineraryDay, Leg, ShareLink, Stop
from itineraries.selectors.costing import itinerary_costing
from itineraries.selectors.proposal import costing_snapshot
from itineraries.services.itineraries import InvalidItinerary, editable_check

logger = logging.getLogger(__name__)

SHARE_DAYS = 30  # how long a share link works unless the operator says otherwise
MAX_SHARE_DAYS = 180


@transaction.atomic
def itinerary_propose(*, itinerary: Itinerary, by=None, now: datetime | None = None
                      ) -> Itinerary:
    """Lock the prices (a snapshot of the costing, shown to the client from now on) and mark
    the itinerary proposed. Proposing again takes a new snapshot."""
    now = now or timezone.now()
    editable_check(itinerary)
    if not Stop.objects.filter(day__itinerary=itinerary).exists():
        raise InvalidItinerary(_("Add at least one stop before proposing the itinerary."))
    costing = itinerary_costing(itinerary)
    unpriced = sorted({cost.reason for cost in costing.stops.values() if cost.reason})
    if unpriced:
        raise InvalidItinerary(_("Some stops cannot be priced, so the client's price would be "
                                 "wrong: %(reasons)s Replace or remove them first.")
                               % {"reasons": " ".join(unpriced)})
    itinerary.price_snapshot = costing_snapshot(costing, now=now)
    itinerary.proposed_at = now
    itinerary.accepted_at, itinerary.accepted_by_name = None, ""
    itinerary.status = Itinerary.Status.PROPOSED
    itinerary.save(update_fields=["price_snapshot", "proposed_at", "accepted_at",
                                  "accepted_by_name", "status", "updated_at"])
    return itinerary


@transaction.atomic
def share_link_create(*, itinerary: Itinerary, by=None, days: int = SHARE_DAYS,
                      show_contacts: bool = False, now: datetime | None = None) -> ShareLink:
    """A new link to the proposal page, valid ``days`` days. Only a proposed (or accepted or
    booked) itinerary is shared: the client sees the locked prices."""
    now = now or timezone.now()
    if itinerary.proposed_at is None or itinerary.status == Itinerary.Status.DRAFT:
        raise InvalidItinerary(_("Propose the itinerary first: the link shows its locked "
                                 "prices."))
    if itinerary.status == Itinerary.Status.CANCELLED:
        raise InvalidItinerary(_("A cancelled itinerary cannot be shared."))
    if not 1 <= days <= MAX_SHARE_DAYS:
        raise InvalidItinerary(_("A link lasts from 1 to %(max)d days.") % {
            "max": MAX_SHARE_DAYS})
    return ShareLink.objects.create(
        itinerary=itinerary, token=secrets.token_urlsafe(32), show_contacts=show_contacts,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        expires_at=now + timedelta(days=days))


def share_link_revoke(*, link: ShareLink, now: datetime | None = None) -> ShareLink:
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def share_link_usable(*, token: str, now: datetime | None = None) -> ShareLink | None:
    """The link of ``token`` when it works (not expired, not revoked, its itinerary not
    cancelled); None otherwise, so that the page answers 404 whatever the reason."""
    now = now or timezone.now()
    link = (ShareLink.objects.select_related("itinerary", "itinerary__operator")
            .filter(token=token, revoked_at__isnull=True, expires_at__gt=now).first())
    if link is None or link.itinerary.status == Itinerary.Status.CANCELLED:
        return None
    return link


@transaction.atomic
def proposal_accept(*, link: ShareLink, name: str, now: datetime | None = None) -> Itinerary:
    """The client accepts the proposal from its page (giving a name); the operator is told
    by email once the change commits."""
    now = now or timezone.now()
    name = name.strip()
    itinerary = Itinerary.objects.select_for_update().get(pk=link.itinerary_id)
    if not name:
        raise InvalidItinerary(_("Write your name to accept the proposal."))
    if itinerary.status != Itinerary.Status.PROPOSED:
        raise InvalidItinerary(_("This proposal can no longer be accepted (it is %(status)s).")
                               % {"status": itinerary.get_status_display().lower()})
    itinerary.status = Itinerary.Status.ACCEPTED
    itinerary.accepted_at, itinerary.accepted_by_name = now, name[:120]
    itinerary.save(update_fields=["status", "accepted_at", "accepted_by_name", "updated_at"])
    transaction.on_commit(lambda: _accepted_notify(itinerary))
    return itinerary


def _accepted_notify(itinerary: Itinerary) -> None:
    operator = itinerary.operator
    recipients = [address for address in {
        operator.email if operator else "",
        itinerary.created_by.email if itinerary.created_by else ""} if address]
    if not recipients:
        return
    language = operator.language if operator else settings.LANGUAGE_CODE
    with translation.override(language):
        url = settings.SITE_URL.rstrip("/") + reverse("itineraries:builder",
                                                      args=[itinerary.pk])
        subject = _("%(name)s accepted “%(title)s”") % {
            "name": itinerary.accepted_by_name, "title": itinerary.title}
        body = _("%(name)s accepted the proposal “%(title)s” (%(reference)s) on %(when)s.\n\n"
                 "Book it from the builder: %(url)s") % {
            "name": itinerary.accepted_by_name, "title": itinerary.title,
            "reference": itinerary.client_reference or "—",
            "when": timezone.localtime(itinerary.accepted_at).strftime("%d/%m/%Y %H:%M"),
            "url": url}
    try:
        send_mail(subject, body, None, recipients)
    except Exception:  # a failing mail server never undoes the acceptance
        logger.exception("Could not tell the operator that itinerary %s was accepted",
                         itinerary.pk)


@transaction.atomic
def itinerary_duplicate(*, itinerary: Itinerary, by=None, title: str = "") -> Itinerary:
    """A draft copy, as a template: same days, stops and legs, no proposal, links or order."""
    days = list(itinerary.days.all())
    stops = list(Stop.objects.filter(day__itinerary=itinerary))
    legs = list(Leg.objects.filter(itinerary=itinerary))
    copy = Itinerary.objects.get(pk=itinerary.pk)
    copy.pk = None
    copy.title = (title.strip() or _("Copy of %(title)s") % {"title": itinerary.title})[:200]
    copy.status = Itinerary.Status.DRAFT
    copy.proposed_at = copy.accepted_at = copy.price_snapshot = copy.order = None
    copy.accepted_by_name = ""
    copy.created_by = by if getattr(by, "is_authenticated", False) else None
    copy.save()
    new_days = {}
    for day in days:
        new_days[day.pk] = ItineraryDay(itinerary=copy, number=day.number, title=day.title,
                                        notes=day.notes)
    ItineraryDay.objects.bulk_create(new_days.values())
    new_stops = {}
    for stop in stops:
        old_pk = stop.pk
        stop.pk, stop.day = None, new_days[stop.day_id]
        new_stops[old_pk] = stop
    Stop.objects.bulk_create(new_stops.values())
    for leg in legs:
        leg.pk, leg.itinerary = None, copy
        leg.from_stop, leg.to_stop = new_stops[leg.from_stop_id], new_stops[leg.to_stop_id]
    Leg.objects.bulk_create(legs)
    return copy
