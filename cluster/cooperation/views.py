"""The cooperation board's public pages: the open posts with filters, a new post, a post with
its replies and the reply form, closing a post. Views parse, call one service or selector, and
shape the output; a service's error becomes the form's error with its status."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Locale

from cluster.cooperation.errors import CooperationError
from cluster.cooperation.forms import BoardFilterForm, PostForm, ReplyForm
from cluster.cooperation.models import Post
from cluster.cooperation.selectors import (
    BoardFilters,
    post_board,
    post_get,
    post_replies_visible,
    post_user_may_close,
    user_post_members,
    user_reply_members,
)
from cluster.cooperation.services import post_close, post_create, reply_create
from cluster.members.selectors import member_sector_labels
from marketplace.core.errors import form_error_add


def _sector_labels() -> dict[str, str]:
    return member_sector_labels(locale=Locale.get_active())


@require_GET
def post_list(request):
    """The board: open posts of active members, newest first, with filters. Filters that
    cannot be read give 400 with their messages."""
    labels = _sector_labels()
    form = BoardFilterForm(request.GET, sector_labels=labels)
    if not form.is_valid():
        return render(request, "cluster/cooperation/post_list.html", {"form": form}, status=400)
    filters = BoardFilters(**{name: form.cleaned_data[name] or "" for name in (
        "kind", "sector", "area", "text")})
    page = post_board(filters=filters, page_number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cluster/cooperation/post_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "cards": [(post, [labels.get(slug, slug) for slug in post.sectors]) for post in page],
        "may_post": bool(user_post_members(user=request.user)),
    })


@require_http_methods(["GET", "POST"])
def post_new(request):
    """A signed-in user of an active member posts an offer or a need for it; a user who acts
    for no active member gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    members = user_post_members(user=request.user)
    if not members:
        return render(request, "cluster/cooperation/post_form.html", {"form": None},
                      status=403)
    form = PostForm(request.POST or None, members=members, sector_labels=_sector_labels())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            member = next(m for m in members if m.pk == data.pop("member"))
            try:
                post = post_create(member=member, by=request.user, **data)
            except CooperationError as exc:
                status = form_error_add(form, exc)
            else:
                return redirect("cluster:post_detail", pk=post.pk)
        else:
            status = 400
    return render(request, "cluster/cooperation/post_form.html", {"form": form},
                  status=status)


def _post_or_404(pk: int) -> Post:
    try:
        return post_get(pk=pk)
    except Post.DoesNotExist as exc:
        raise Http404 from exc


def _detail(request, post: Post, *, form: ReplyForm | None = None, error: str = "",
            status: int = 200):
    labels = _sector_labels()
    members = user_reply_members(post=post, user=request.user)
    if form is None and members:
        form = ReplyForm(members=members)
    return render(request, "cluster/cooperation/post_detail.html", {
        "post": post, "form": form, "error": error,
        "sector_names": [labels.get(slug, slug) for slug in post.sectors],
        "replies": post_replies_visible(post=post, user=request.user),
        "may_close": post.is_open and post_user_may_close(post=post, user=request.user),
    }, status=status)


@require_http_methods(["GET", "POST"])
def post_detail(request, pk: int):
    """A post for any signed-in user, with the replies they may read; the users of other
    active members reply here (POST)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _post_or_404(pk)
    if request.method == "GET":
        return _detail(request, post)
    members = user_reply_members(post=post, user=request.user)
    if not members:
        return _detail(request, post, status=403, error=_refusal(post))
    form = ReplyForm(request.POST, members=members)
    if not form.is_valid():
        return _detail(request, post, form=form, status=400)
    member = next(m for m in members if m.pk == form.cleaned_data["member"])
    try:
        reply_create(post=post, member=member, by=request.user, body=form.cleaned_data["body"])
    except CooperationError as exc:
        return _detail(request, post, form=form, status=form_error_add(form, exc))
    return redirect(f"{request.path}?replied=1#replies")


def _refusal(post: Post) -> str:
    if not post.is_open:
        return _("This post is closed: it takes no more replies.")
    return _("Only the users of another active member of the cluster can reply to this post.")


@require_POST
def post_close_view(request, pk: int):
    """The post's member's users (or a cluster manager) close it; anyone else gets 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _post_or_404(pk)
    try:
        post_close(post=post, by=request.user)
    except CooperationError as exc:
        return _detail(request, post, error=exc.message, status=exc.status_code)
    return redirect("cluster:post_detail", pk=post.pk)
