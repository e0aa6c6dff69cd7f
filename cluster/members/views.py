"""The members' public pages: the directory (list and map), a member's profile, its editing
by its users, and the form to join the cluster. Views parse, call one service or selector,
and shape the output."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Locale

from cluster.members.errors import MemberError
from cluster.members.forms import DirectoryFilterForm, JoinForm, ProfileForm
from cluster.members.models import Member
from cluster.members.selectors import (
    DirectoryFilters,
    member_directory,
    member_editable_get,
    member_features,
    member_language_labels,
    member_profile_get,
    member_sector_labels,
    member_supplier_page,
)
from cluster.members.services import PROFILE_FIELDS, MemberApplication, member_apply
from cluster.members.services import member_profile_update as profile_update
from marketplace.core.choices import Country
from marketplace.core.errors import MarketplaceError, form_error_add


def _labels() -> dict:
    """Sector names in the page's language, and that language's code, for forms and pages."""
    return {"sector_labels": member_sector_labels(locale=Locale.get_active()),
            "language_code": translation.get_language()}


def _filters(request, labels: dict) -> tuple[DirectoryFilterForm, DirectoryFilters | None]:
    form = DirectoryFilterForm(request.GET, **labels)
    if not form.is_valid():
        return form, None
    return form, DirectoryFilters(**{name: form.cleaned_data[name] or "" for name in (
        "country", "area", "sector", "language", "text")})


@require_GET
def member_list(request):
    """The directory of active members: filters, cards and a map of the same members.
    Filters that cannot be read give 400 with their messages."""
    labels = _labels()
    form, filters = _filters(request, labels)
    context = {"form": form}
    if filters is None:
        return render(request, "cluster/members/member_list.html", context, status=400)
    query = request.GET.copy()
    query.pop("page", None)
    page = member_directory(filters=filters, page_number=request.GET.get("page"))
    names = labels["sector_labels"]
    context.update(page=page, query=query.urlencode(),
                   cards=[(member, [names.get(slug, slug) for slug in member.sectors])
                          for member in page])
    return render(request, "cluster/members/member_list.html", context)


@require_GET
def members_geojson(request):
    """The directory's members (same filters) as a GeoJSON FeatureCollection for the map."""
    form, filters = _filters(request, _labels())
    if filters is None:
        return JsonResponse({"errors": {name: list(messages)
                                        for name, messages in form.errors.items()}}, status=400)
    return JsonResponse(member_features(filters=filters),
                        json_dumps_params={"ensure_ascii": False})


@require_GET
def member_detail(request, pk: int):
    """An active member's profile, its sectors and languages named in the page's language."""
    try:
        member = member_profile_get(pk=pk)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    labels = _labels()
    return render(request, "cluster/members/member_detail.html", {
        "member": member,
        "country_name": dict(Country.choices).get(member.country, member.country),
        "sector_names": [labels["sector_labels"].get(slug, slug) for slug in member.sectors],
        "language_names": member_language_labels(member.languages,
                                                 language_code=labels["language_code"]),
        "supplier_page": member_supplier_page(member=member, locale=Locale.get_active()),
    })


@require_http_methods(["GET", "POST"])
def member_edit(request, pk: int):
    """The member's users and cluster managers edit its profile; anyone else gets 404 (a
    visitor who is not signed in is asked to sign in)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        member = member_editable_get(pk=pk, user=request.user)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    initial = {name: getattr(member, name) for name in PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial, **_labels())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                profile_update(member=member, by=request.user, **form.cleaned_data)
            except MemberError as exc:
                status = form_error_add(form, exc)
            else:
                return redirect(reverse("cluster:member_edit", args=[member.pk]) + "?saved=1")
        else:
            status = 400
    return render(request, "cluster/members/member_edit.html",
                  {"form": form, "member": member, "saved": "saved" in request.GET},
                  status=status)


@require_http_methods(["GET", "POST"])
def join(request):
    """A company applies to join the cluster; a cluster manager then activates it."""
    form = JoinForm(request.POST or None, **_labels())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                member_apply(application=MemberApplication(**{
                    name: tuple(value) if name in ("sectors", "languages") else value
                    for name, value in form.cleaned_data.items()}), users=[request.user])
            except MarketplaceError as exc:
                status = form_error_add(form, exc)
            else:
                return redirect("cluster:join_thanks")
        else:
            status = 400
    return render(request, "cluster/members/join.html", {"form": form}, status=status)


@require_GET
def join_thanks(request):
    return render(request, "cluster/members/join_thanks.html")
