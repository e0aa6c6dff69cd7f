"""Wagtail admin screens of the agreements, for cluster managers only: the list with filters,
recording a new agreement (with its signed document and, for a commercial agreement between a
supplier and a tour operator, the contract's terms), and one agreement's page to change its
text or document, sign, end or withdraw it. ``cluster.wagtail_hooks`` registers the URLs."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cluster.agreements import services
from cluster.agreements.models import Agreement
from cluster.agreements.selectors import agreement_list
from cluster.members.models import Member
from marketplace.core.choices import OperatorTerms
from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.core.roles import cluster_manager_required

DATE = forms.DateInput(attrs={"type": "date"})
DOCUMENT_HELP = gettext_lazy("PDF, DOCX, ODT, JPEG or PNG, 10 MB at most.")


class TermsMixin(forms.Form):
    terms = forms.ChoiceField(label=gettext_lazy("Contract terms"), required=False,
                              choices=[("", "—")] + list(OperatorTerms.choices),
                              help_text=gettext_lazy("For a commercial agreement between a "
                                                     "supplier and a tour operator: it opens "
                                                     "resale at once."))
    commission_pct = forms.DecimalField(label=gettext_lazy("Commission %"), required=False,
                                        min_value=0, max_value=100, decimal_places=2)
    on_account = forms.BooleanField(label=gettext_lazy("The operator pays on account"),
                                    required=False)

    def contract_terms(self) -> services.ContractTerms | None:
        data = self.cleaned_data
        if not data.get("terms"):
            return None
        return services.ContractTerms(terms=data["terms"],
                                      commission_pct=data.get("commission_pct") or 0,
                                      on_account=bool(data.get("on_account")))


class AgreementCreateForm(TermsMixin):
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=Agreement.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    parties = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Parties"), queryset=Member.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=gettext_lazy("Two or more member companies."))
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    ends_on = forms.DateField(label=gettext_lazy("Until"), required=False, widget=DATE)
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), required=False, widget=DATE,
                                help_text=gettext_lazy("Empty for a draft."))
    document = forms.FileField(label=gettext_lazy("Signed document"), required=False,
                               help_text=DOCUMENT_HELP)

    field_order = ["kind", "title", "summary", "parties", "starts_on", "ends_on", "signed_on",
                   "document", "terms", "commission_pct", "on_account"]


class AgreementEditForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    summary = forms.CharField(label=gettext_lazy("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=gettext_lazy("Replace the signed document"),
                               required=False, help_text=DOCUMENT_HELP)


class AgreementSignForm(TermsMixin):
    signed_on = forms.DateField(label=gettext_lazy("Signed on"), widget=DATE)
    document = forms.FileField(label=gettext_lazy("Signed document"), required=False,
                               help_text=DOCUMENT_HELP)


class AgreementEndForm(forms.Form):
    ended_on = forms.DateField(label=gettext_lazy("Last day"), widget=DATE)


@cluster_manager_required
@require_GET
def agreement_index(request):
    """The agreements, filtered by ``?kind=``, ``?status=`` and ``?q=`` (title or party)."""
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    return TemplateResponse(request, "cluster/admin/agreement_index.html", {
        "agreements": agreement_list(kind=kind, status=status, query=query),
        "kinds": Agreement.Kind.choices, "statuses": Agreement.Status.choices,
        "kind": kind, "status": status, "q": query,
    })


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def agreement_add(request):
    """Record an agreement through ``agreement_create``."""
    form = AgreementCreateForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement = services.agreement_create(
                    kind=data["kind"], title=data["title"], summary=data["summary"],
                    parties=list(data["parties"]), starts_on=data["starts_on"],
                    ends_on=data["ends_on"], signed_on=data["signed_on"],
                    document=data["document"], created_by=request.user,
                    contract_terms=form.contract_terms())
            except MarketplaceError as exc:
                status = form_error_add(form, exc)
            else:
                messages.success(request, _("Agreement “%(title)s” recorded.")
                                 % {"title": agreement.title})
                return redirect("cluster_agreement_edit", pk=agreement.pk)
    return TemplateResponse(request, "cluster/admin/agreement_add.html", {"form": form},
                            status=status)


def _edit_page(request, agreement, *, status=200, **forms_):
    context = {
        "agreement": agreement,
        "parties": agreement.parties.select_related("member").order_by("member__name"),
        "form": forms_.get("form") or AgreementEditForm(
            initial={"title": agreement.title, "summary": agreement.summary}),
        "sign_form": forms_.get("sign_form") or AgreementSignForm(
            initial={"signed_on": timezone.localdate()}),
        "end_form": forms_.get("end_form") or AgreementEndForm(
            initial={"ended_on": timezone.localdate()}),
    }
    return TemplateResponse(request, "cluster/admin/agreement_edit.html", context,
                            status=status)


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk: int):
    """One agreement: its parties and contract; change its title, summary or document."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if request.method == "GET":
        return _edit_page(request, agreement)
    form = AgreementEditForm(request.POST, request.FILES)
    if not form.is_valid():
        return _edit_page(request, agreement, form=form, status=400)
    try:
        services.agreement_update(agreement=agreement, title=form.cleaned_data["title"],
                                  summary=form.cleaned_data["summary"],
                                  document=form.cleaned_data["document"])
    except MarketplaceError as exc:
        return _edit_page(request, agreement, form=form, status=form_error_add(form, exc))
    messages.success(request, _("Agreement saved."))
    return redirect("cluster_agreement_edit", pk=pk)


@cluster_manager_required
@require_POST
def agreement_sign(request, pk: int):
    agreement = get_object_or_404(Agreement, pk=pk)
    form = AgreementSignForm(request.POST, request.FILES)
    if not form.is_valid():
        return _edit_page(request, agreement, sign_form=form, status=400)
    try:
        services.agreement_sign(agreement=agreement, signed_on=form.cleaned_data["signed_on"],
                                document=form.cleaned_data["document"],
                                contract_terms=form.contract_terms())
    except MarketplaceError as exc:
        return _edit_page(request, agreement, sign_form=form,
                          status=form_error_add(form, exc))
    messages.success(request, _("Agreement signed."))
    return redirect("cluster_agreement_edit", pk=pk)


@cluster_manager_required
@require_POST
def agreement_end(request, pk: int):
    agreement = get_object_or_404(Agreement, pk=pk)
    form = AgreementEndForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, agreement, end_form=form, status=400)
    try:
        services.agreement_end(agreement=agreement, ended_on=form.cleaned_data["ended_on"])
    except MarketplaceError as exc:
        return _edit_page(request, agreement, end_form=form, status=form_error_add(form, exc))
    messages.success(request, _("Agreement ended."))
    return redirect("cluster_agreement_edit", pk=pk)


@cluster_manager_required
@require_POST
def agreement_withdraw(request, pk: int):
    agreement = get_object_or_404(Agreement, pk=pk)
    try:
        services.agreement_withdraw(agreement=agreement)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return _edit_page(request, agreement, status=exc.status_code)
    messages.success(request, _("Agreement withdrawn: it no longer counts."))
    return redirect("cluster_agreement_edit", pk=pk)


@cluster_manager_required
@require_GET
def agreement_document(request, pk: int):
    """The signed document, as an attachment."""
    agreement = get_object_or_404(Agreement, pk=pk)
    if not agreement.document:
        raise Http404(_("This agreement has no signed document."))
    return FileResponse(agreement.document.open("rb"), as_attachment=True,
                        filename=agreement.document.name.rsplit("/", 1)[-1])
