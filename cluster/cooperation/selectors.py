"""Reads of the cooperation domain: the board of open posts (filtered, paginated), a post with
the replies its reader may see, and the members a user may post or reply for."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from cluster.cooperation.models import Post, Reply
from cluster.members.models import Member
from cluster.members.selectors import member_user_may_edit
from marketplace.core.roles import user_is_cluster_manager

BOARD_PAGE_SIZE = 20


@dataclass(frozen=True)
class BoardFilters:
    """What the board's reader filters on; empty strings filter nothing. ``kind`` is a
    ``Post.Kind`` value, ``sector`` a sector slug, ``area`` an ``Area`` value, ``text`` words
    looked for in titles and texts."""

    kind: str = ""
    sector: str = ""
    area: str = ""
    text: str = ""


def _json_item(value: str) -> str:
    """One string of a JSON list as the column holds it (quoted), so ``"food"`` never matches
    ``"food-wine"``."""
    return f'"{value}"'


def post_board_queryset(*, filters: BoardFilters) -> QuerySet:
    """The open posts of active members that match ``filters``, newest first."""
    queryset = Post.objects.filter(status=Post.Status.OPEN, member__status=Member.Status.ACTIVE)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.sector:
        queryset = queryset.filter(sectors__icontains=_json_item(filters.sector))
    if filters.area:
        queryset = queryset.filter(area=filters.area)
    for word in filters.text.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(body__icontains=word))
    return queryset.order_by("-created_at", "-pk")


def post_board(*, filters: BoardFilters, page_number: int | str | None = 1,
               per_page: int = BOARD_PAGE_SIZE) -> Page:
    """One page of the board: open posts matching ``filters``, newest first, each with its
    member's name and kind. Two queries (count and rows) whatever the number of posts; a page
    number out of range gives the last page."""
    queryset = post_board_queryset(filters=filters).select_related("member").only(
        "pk", "kind", "title", "body", "sectors", "area", "status", "created_at",
        "member__id", "member__name", "member__kind", "member__town")
    return Paginator(queryset, per_page).get_page(page_number)


def post_get(*, pk: int) -> Post:
    """A post with its member, or ``Post.DoesNotExist``. Any signed-in user may read a post;
    its replies are another matter (``post_replies_visible``)."""
    return Post.objects.select_related("member").get(pk=pk)


def post_user_may_close(*, post: Post, user) -> bool:
    """Whether ``user`` may close ``post``: one of its member's users, or a cluster manager.
    The one rule the close button and ``post_close`` apply."""
    return member_user_may_edit(member=post.member, user=user)


def post_replies_visible(*, post: Post, user) -> list[Reply]:
    """The replies to ``post`` that ``user`` may read, oldest first: all of them for the post's
    member's users and cluster managers; for anyone else only those of the members ``user``
    acts for (a company never reads its competitors' answers). One or two queries."""
    replies = post.replies.select_related("member", "created_by")
    if not post_user_may_close(post=post, user=user):
        if not user.is_authenticated:
            return []
        replies = replies.filter(member__users=user)
    return list(replies.order_by("created_at", "pk"))


def user_post_members(*, user) -> list[Member]:
    """The active members ``user`` acts for (as one of their users), by name: the companies
    the user may post for."""
    if not user.is_authenticated:
        return []
    return list(Member.objects.filter(users=user, status=Member.Status.ACTIVE)
                .order_by("name", "pk"))


def user_reply_members(*, post: Post, user) -> list[Member]:
    """The members ``user`` may reply to ``post`` for: the active members they act for, but
    not the post's own member; none when the post is closed."""
    if not post.is_open:
        return []
    return [member for member in user_post_members(user=user) if member.pk != post.member_id]


def member_user_acts_for(*, member: Member, user) -> bool:
    """Whether ``user`` is one of ``member``'s users (managers are not, by this test)."""
    return bool(user.is_authenticated and member.users.filter(pk=user.pk).exists())


def member_recipients(*, member: Member) -> list[str]:
    """The addresses that write to ``member``: its own email and its active users', once
    each, sorted."""
    addresses = {member.email, *member.users.filter(is_active=True).values_list(
        "email", flat=True)}
    return sorted(address for address in addresses if address)


def user_is_manager(user) -> bool:
    """Cluster managers (and superusers) may act for any member."""
    return bool(user.is_authenticated and user_is_cluster_manager(user))
