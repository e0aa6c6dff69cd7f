"""Booking emails: confirmation with the voucher, a request to the supplier with signed
accept/decline links, a decline, a cancellation. Each is written in its reader's language (the
order's for the buyer, the supplier's own for the supplier) and sent once the surrounding
transaction commits; a failing mail server is logged, never undoes a booking.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from marketplace.bookings.documents.vouchers import voucher_filename, voucher_pdf
from marketplace.bookings.models import Booking
from marketplace.bookings.selectors import booking_action_token, experience_in_language
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.money import money_format

logger = logging.getLogger(__name__)

# Codes suppliers write in ProviderPage.languages that name a site language differently.
LANGUAGE_ALIASES = {"cnr": "sr-latn", "sr": "sr-latn", "me": "sr-latn"}


@dataclass
class _Mail:
    to: str
    subject: str
    template: str
    context: dict
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


def _site_url(path: str, **query: str) -> str:
    url = f"{settings.SITE_URL.rstrip('/')}{path}"
    return f"{url}?{urlencode(query)}" if query else url


def supplier_language(*, provider: ProviderPage) -> str:
    """The site language to write to a supplier in: the first of the languages it speaks that
    the site has, else its page's language."""
    site_languages = {code for code, _name in settings.LANGUAGES}
    for code in (provider.languages or "").replace(";", ",").split(","):
        code = LANGUAGE_ALIASES.get(code.strip().lower(), code.strip().lower())
        if code in site_languages:
            return code
    return provider.locale.language_code


def order_url(*, order) -> str:
    """The absolute link to the order's page, with the guest's access token, in the order's
    language."""
    with translation.override(order.language):
        path = reverse("marketplace:order_detail", kwargs={"reference": order.reference})
    return _site_url(path, token=order.access_token)


def booking_respond_url(*, booking: Booking, action: str, language: str) -> str:
    """The signed link that lets the supplier ``accept`` or ``decline`` a request (valid until
    ``booking.respond_by``)."""
    with translation.override(language):
        path = reverse("marketplace:booking_respond", kwargs={"action": action})
    return _site_url(path, token=booking_action_token(booking=booking, action=action))


def _context(booking: Booking, language: str) -> dict:
    """What every booking email shows, formatted in ``language`` (active when called)."""
    experience = experience_in_language(experience=booking.experience, language=language)
    starts = booking.slot.starts_at.astimezone(LOCAL_TZ)
    return {
        "booking": booking,
        "order": booking.order,
        "provider": booking.provider,
        "experience_title": experience.title,
        "meeting_point": experience.meeting_point,
        "when": formats.date_format(starts, "l j F Y") + f", {starts:%H:%M}",
        "lines": [f"{line.quantity} × {line.label}" for line in booking.lines.all()],
        "price": money_format(amount_cents=booking.price_cents, currency=booking.currency),
    }


def _send(mails: list[_Mail], language: str) -> None:
    """Render now (in ``language``), send after the commit."""
    messages = []
    with translation.override(language):
        for mail in mails:
            text = render_to_string(f"marketplace/emails/{mail.template}.txt", mail.context)
            html = render_to_string(f"marketplace/emails/{mail.template}.html", mail.context)
            message = EmailMultiAlternatives(mail.subject, text, None, [mail.to])
            message.attach_alternative(html, "text/html")
            for name, content, mimetype in mail.attachments:
                message.attach(name, content, mimetype)
            messages.append(message)

    def deliver():
        for message in messages:
            message.send()

    transaction.on_commit(deliver, robust=True)


def booking_confirmed_notify(*, booking: Booking) -> None:
    """Tell the buyer the booking is confirmed, with the voucher PDF and the order's link."""
    order = booking.order
    with translation.override(order.language):
        context = _context(booking, order.language) | {"order_url": order_url(order=order)}
        mail = _Mail(to=order.email,
                     subject=_("Booking confirmed: %(title)s, %(when)s") % {
                         "title": context["experience_title"], "when": context["when"]},
                     template="booking_confirmed", context=context,
                     attachments=[(voucher_filename(booking=booking),
                                   voucher_pdf(booking=booking), "application/pdf")])
    _send([mail], order.language)


def booking_requested_notify(*, booking: Booking) -> None:
    """Ask the supplier to accept or decline a request (signed links, valid until the
    deadline) and tell the buyer the request is pending."""
    order, provider = booking.order, booking.provider
    language = supplier_language(provider=provider)
    if provider.email:
        with translation.override(language):
            context = _context(booking, language) | {
                "accept_url": booking_respond_url(booking=booking, action="accept",
                                                  language=language),
                "decline_url": booking_respond_url(booking=booking, action="decline",
                                                   language=language),
                "respond_by": _local_datetime(booking.respond_by),
            }
            mail = _Mail(to=provider.email,
                         subject=_("New booking request %(reference)s: please answer by "
                                   "%(deadline)s") % {"reference": order.reference,
                                                      "deadline": context["respond_by"]},
                         template="booking_requested_supplier", context=context)
        _send([mail], language)
    else:
        logger.warning("Provider %s has no email: request %s waits in its dashboard",
                       provider.pk, booking.pk)
    with translation.override(order.language):
        context = _context(booking, order.language) | {
            "order_url": order_url(order=order),
            "respond_by": _local_datetime(booking.respond_by)}
        mail = _Mail(to=order.email,
                     subject=_("Request sent: %(title)s, %(when)s") % {
                         "title": context["experience_title"], "when": context["when"]},
                     template="booking_requested_buyer", context=context)
    _send([mail], order.language)


def booking_declined_notify(*, booking: Booking) -> None:
    """Tell the buyer the supplier declined (or did not answer in time) and that everything
    paid for the booking is refunded."""
    order = booking.order
    with translation.override(order.language):
        context = _context(booking, order.language) | {
            "order_url": order_url(order=order),
            "refund": money_format(amount_cents=booking.price_cents, currency=booking.currency),
            "by_deadline": booking.cancelled_by == Booking.CancelledBy.SYSTEM,
        }
        mail = _Mail(to=order.email,
                     subject=_("Request not accepted: %(title)s") % {
                         "title": context["experience_title"]},
                     template="booking_declined", context=context)
    _send([mail], order.language)


def booking_cancelled_notify(*, booking: Booking, refund_cents: int) -> None:
    """Tell the buyer and the supplier that a booking was cancelled, by whom, and the refund
    (cents) the buyer gets."""
    order, provider = booking.order, booking.provider
    mails_by_language = []
    with translation.override(order.language):
        context = _context(booking, order.language) | {
            "order_url": order_url(order=order),
            "refund": money_format(amount_cents=refund_cents, currency=booking.currency),
            "refund_cents": refund_cents,
            "by": booking.cancelled_by,
        }
        mails_by_language.append((order.language, _Mail(
            to=order.email, subject=_("Booking cancelled: %(title)s, %(when)s") % {
                "title": context["experience_title"], "when": context["when"]},
            template="booking_cancelled_buyer", context=context)))
    if provider.email:
        language = supplier_language(provider=provider)
        with translation.override(language):
            context = _context(booking, language) | {
                "refund": money_format(amount_cents=refund_cents, currency=booking.currency),
                "by": booking.cancelled_by,
            }
            mails_by_language.append((language, _Mail(
                to=provider.email, subject=_("Booking %(reference)s cancelled: %(when)s") % {
                    "reference": order.reference, "when": context["when"]},
                template="booking_cancelled_supplier", context=context)))
    for language, mail in mails_by_language:
        _send([mail], language)


def _local_datetime(moment) -> str:
    if moment is None:
        return ""
    return formats.date_format(moment.astimezone(LOCAL_TZ), "j F Y, H:i")
