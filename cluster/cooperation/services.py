"""Writes of the cooperation domain: a member posts an offer or a need, closes it, another
member replies. Each write is one transaction and emails the companies concerned once it
commits; a failing mail server is logged and never undoes the write."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cluster.cooperation.errors import (
    CooperationError,
    CooperationPermissionDenied,
    CooperationStateError,
)
from cluster.cooperation.models import (
    BODY_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Post,
    Reply,
)
from cluster.cooperation.selectors import (
    member_recipients,
    member_user_acts_for,
    post_user_may_close,
)
from cluster.members.models import Member
from cluster.members.selectors import member_user_may_edit
from marketplace.catalogue.models.sectors import SECTOR_SLUGS
from marketplace.core.choices import Area

logger = logging.getLogger(__name__)

# SECTION: values


def _text(value: str, *, field: str, max_length: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CooperationError(missing, field=field)
    if len(value) > max_length:
        raise CooperationError(_("At most %(n)d characters, please (this has %(count)d).") % {
            "n": max_length, "count": len(value)}, field=field)
    return value


def _sectors_clean(sectors: Iterable[str]) -> list[str]:
    slugs = list(dict.fromkeys(s.strip() for s in sectors if s and s.strip()))
    unknown = [s for s in slugs if s not in SECTOR_SLUGS]
    if unknown:
        raise CooperationError(_("Unknown sector: %(slugs)s.") % {"slugs": ", ".join(unknown)},
                               field="sectors")
    return slugs


def _active(member: Member) -> None:
    """``CooperationStateError`` unless ``member`` is active now (read afresh: the object
    passed in may be older than a suspension)."""
    if not Member.objects.filter(pk=member.pk, status=Member.Status.ACTIVE).exists():
        raise CooperationStateError(
            _("Only active members of the cluster can post and reply; %(name)s is not active.")
            % {"name": member.name}, field="member")


# SECTION: posts


def post_create(*, member: Member, by, kind: str, title: str, body: str,
                sectors: Iterable[str] = (), area: str = "") -> Post:
    """``member`` posts an offer or a need (``kind``: a ``Post.Kind`` value) on the board.

    ``by`` must be one of the member's users or a cluster manager
    (``CooperationPermissionDenied``, 403) and the member must be active
    (``CooperationStateError``, 409). The title (at most 150 characters) and the text (at most
    5000) are required; ``sectors`` are sector slugs, ``area`` an ``Area`` value or "". Wrong
    values raise ``CooperationError`` (400) naming the field; nothing is written then. The
    member's addresses are told once the post is saved."""
    if not member_user_may_edit(member=member, user=by):
        raise CooperationPermissionDenied(_("You may not post for this member."),
                                          field="member")
    _active(member)
    if kind not in Post.Kind.values:
        raise CooperationError(_("Choose whether this is an offer or a need."), field="kind")
    if area and area not in Area.values:
        raise CooperationError(_("Choose one of the cluster's areas."), field="area")
    post = Post(member=member, kind=kind, created_by=by, area=area,
                title=" ".join(_text(title, field="title", max_length=TITLE_MAX_LENGTH,
                                     missing=_("Give the post a title.")).split()),
                body=_text(body, field="body", max_length=BODY_MAX_LENGTH,
                           missing=_("Say what you offer or look for.")),
                sectors=_sectors_clean(sectors))
    with transaction.atomic():
        post.save()
        _notify(member, template="post_created", post=post)
    return post


@transaction.atomic
def post_close(*, post: Post, by) -> Post:
    """The post's member (one of its users, or a cluster manager) closes ``post``: it leaves
    the board and takes no more replies; ``closed_at`` is now. ``CooperationPermissionDenied``
    (403) for anyone else, ``CooperationStateError`` (409) when it is closed already. The
    members that replied are told."""
    post = Post.objects.select_for_update().select_related("member").get(pk=post.pk)
    if not post_user_may_close(post=post, user=by):
        raise CooperationPermissionDenied(_("Only the member that posted this may close it."))
    if not post.is_open:
        raise CooperationStateError(_("This post is closed already."))
    post.status, post.closed_at = Post.Status.CLOSED, timezone.now()
    post.save(update_fields=["status", "closed_at"])
    for member in Member.objects.filter(cooperation_replies__post=post).distinct():
        _notify(member, template="post_closed", post=post)
    return post


# SECTION: replies


@transaction.atomic
def reply_create(*, post: Post, member: Member, by, body: str) -> Reply:
    """``member`` replies to ``post`` (at most 3000 characters of text, required).

    ``by`` must be one of ``member``'s users (``CooperationPermissionDenied``, 403); the member
    must be active, and may not reply to its own post or to a closed one
    (``CooperationStateError``, 409). The post's member is told once the reply is saved."""
    if not member_user_acts_for(member=member, user=by):
        raise CooperationPermissionDenied(_("You may not reply for this member."),
                                          field="member")
    _active(member)
    post = Post.objects.select_for_update().select_related("member").get(pk=post.pk)
    if post.member_id == member.pk:
        raise CooperationStateError(_("A member cannot reply to its own post."))
    if not post.is_open:
        raise CooperationStateError(_("This post is closed: it takes no more replies."))
    reply = Reply.objects.create(
        post=post, member=member, created_by=by,
        body=_text(body, field="body", max_length=REPLY_MAX_LENGTH,
                   missing=_("Write your reply.")))
    _notify(post.member, template="reply_created", post=post, reply=reply)
    return reply


# SECTION: notifications


def _language(member: Member) -> str:
    """The site language to write to ``member`` in: the first it speaks that the site has."""
    site_languages = {code for code, _name in settings.LANGUAGES}
    aliases = {"cnr": "sr-latn", "sr": "sr-latn"}
    for code in member.languages or ():
        code = aliases.get(code, code)
        if code in site_languages:
            return code
    return settings.LANGUAGE_CODE


def _notify(member: Member, *, template: str, post: Post, reply: Reply | None = None) -> None:
    """Write to ``member``'s addresses in its language now; send once the transaction
    commits. A failing mail server is logged; it never undoes the write."""
    to = member_recipients(member=member)
    if not to:
        return
    with translation.override(_language(member)):
        url = settings.SITE_URL.rstrip("/") + reverse("cluster:post_detail", args=[post.pk])
        context = {"member": member, "post": post, "reply": reply, "url": url}
        subject = " ".join(render_to_string(
            f"cluster/cooperation/emails/{template}_subject.txt", context).split())
        body = render_to_string(f"cluster/cooperation/emails/{template}.txt", context)
    message = EmailMessage(subject, body, None, to)

    def deliver() -> None:
        try:
            get_connection().send_messages([message])
        except Exception:  # the post or reply stands; the reader finds it on the board
            logger.exception("Could not email member %s about post %s", member.pk, post.pk)

    transaction.on_commit(deliver)
