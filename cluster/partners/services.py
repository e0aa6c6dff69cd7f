"""Writes of the partners domain: save a bundle as a curated one-day draft trip."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from cluster.partners.errors import BundleNotSaved
from cluster.partners.selectors import bundle_on_day
from itineraries.models import Itinerary
from itineraries.services.itineraries import itinerary_create
from itineraries.services.stops import stop_add_slot
from marketplace.catalogue.models.pages import ProviderPage

MAX_PARTS = 4


@transaction.atomic
def bundle_draft_save(*, provider: ProviderPage, partner: ProviderPage,
                      experiences: Sequence[int], day: date, by=None) -> Itinerary:
    """Save the bundle of ``experiences`` (ids: two to four live experiences of ``provider``
    and ``partner``, at least one of each) on the local date ``day`` as a curated itinerary
    (no operator) of one day, in draft, with the slots that fit that day (the scarcest part
    with the most places), for the party the bundle is sized for. ``by`` is the user who
    saves it. Refused (``BundleNotSaved``) when the parts are wrong or the day has no room."""
    ids = list(dict.fromkeys(int(pk) for pk in experiences))
    if partner.pk == provider.pk or partner.locale_id != provider.locale_id:
        raise BundleNotSaved(_("Choose another supplier as the partner."))
    if not 2 <= len(ids) <= MAX_PARTS:
        raise BundleNotSaved(_("A bundle has from 2 to %(max)d experiences.") % {
            "max": MAX_PARTS})
    bundle, parts = bundle_on_day(experience_ids=ids, day=day, locale_id=provider.locale_id)
    sides = {part.provider_path for part in parts}
    if len(parts) != len(ids) or sides != {provider.path, partner.path}:
        raise BundleNotSaved(_("A bundle joins live experiences of you and your partner, at "
                               "least one of each."))
    if bundle is None:
        raise BundleNotSaved(_("There is no room for the bundle on %(day)s: choose another "
                               "date.") % {"day": day.isoformat()})
    itinerary = itinerary_create(
        operator=None, title=f"{provider.title} + {partner.title}"[:200], start_date=day,
        day_count=1, adults=bundle.party, created_by=by)
    for stop in bundle.dates[0].stops:
        stop_add_slot(itinerary=itinerary, day_number=1, slot_id=stop.slot_id)
    return itinerary
