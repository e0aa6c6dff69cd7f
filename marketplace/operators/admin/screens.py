"""Wagtail admin for tour operators: the list and review screen (approve or reject), and the
contracts and their per-experience overrides as snippets whose forms check and save through
the contract services.

The URLs, the menu item and the snippets are registered here; ``wagtail_hooks`` imports this
module.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from marketplace.catalogue.admin.tenancy import ScopedSnippetChooserViewSet
from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.operators.models import Contract, ContractOverride, Operator
from marketplace.operators.services import contracts as contract_services
from marketplace.operators.services import operators as operator_services

REVIEW_PERMISSION = "marketplace.change_operator"
STATUS_FILTERS = {"pending", "approved", "rejected", "suspended", "all"}


# SECTION: reviewing operators


class OperatorReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = forms.CharField(label=gettext_lazy("Note (sent to the operator)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say why the tour operator is rejected."))
        return cleaned


@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET"])
def operator_list(request):
    """The operators, waiting ones first by default (``?status=`` filters, ``all`` for all)."""
    status = request.GET.get("status", "pending")
    if status not in STATUS_FILTERS:
        status = "pending"
    operators = Operator.objects.order_by("-created_at")
    if status != "all":
        operators = operators.filter(status=status)
    filters = [(value, label) for value, label in Operator.Status.choices] + [
        ("all", _("All"))]
    return TemplateResponse(request, "marketplace/operators/admin/operator_list.html",
                            {"operators": operators, "status": status, "filters": filters})


@permission_required(REVIEW_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def operator_review(request, pk: int):
    """Show an operator with its owner; approve it, or reject it with a note."""
    operator = get_object_or_404(Operator, pk=pk)
    form = OperatorReviewForm(request.POST or None)
    context = {"operator": operator, "form": form,
               "members": operator_services.operator_members(operator=operator)}
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["action"] == "approve":
                operator_services.operator_approve(operator=operator, reviewer=request.user,
                                                   note=note)
                messages.success(request, _("“%(name)s” approved; its owner was emailed.")
                                 % {"name": operator.name})
            else:
                operator_services.operator_reject(operator=operator, reviewer=request.user,
                                                  note=note)
                messages.success(request, _("“%(name)s” rejected; its owner was told why.")
                                 % {"name": operator.name})
        except MarketplaceError as exc:
            messages.error(request, exc.message)
            return TemplateResponse(request, "marketplace/operators/admin/operator_review.html",
                                    context, status=exc.status_code)
        return redirect("marketplace_operator_list")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "marketplace/operators/admin/operator_review.html",
                            context, status=status)


class OperatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REVIEW_PERMISSION)


@hooks.register("register_admin_urls")
def register_operator_urls():
    return [
        path("marketplace/operators/", operator_list, name="marketplace_operator_list"),
        path("marketplace/operators/<int:pk>/review/", operator_review,
             name="marketplace_operator_review"),
    ]


@hooks.register("register_admin_menu_item")
def register_operator_menu_item():
    return OperatorMenuItem(gettext_lazy("Tour operators"), reverse("marketplace_operator_list"),
                            name="tour-operators", icon_name="group", order=212)


# SECTION: contracts


class ContractForm(WagtailAdminModelForm):
    """Checks a contract with ``contract_check`` and saves it with ``contract_save``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "operator" in self.fields:
            current = self.instance.operator_id if self.instance.pk else None
            self.fields["operator"].queryset = Operator.objects.filter(
                status=Operator.Status.APPROVED) | Operator.objects.filter(pk=current)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The contract cannot end before it starts."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                contract_services.contract_check(contract=self.instance)
            except MarketplaceError as exc:
                form_error_add(self, exc)

    def save(self, commit=True):
        contract = super().save(commit=False)
        if commit:
            contract_services.contract_save(contract=contract)
        return contract


class ContractOverrideForm(WagtailAdminModelForm):
    """Checks an override with ``contract_override_check`` and saves it through the
    services."""

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                contract_services.contract_override_check(override=self.instance)
            except MarketplaceError as exc:
                form_error_add(self, exc)

    def save(self, commit=True):
        override = super().save(commit=False)
        if commit:
            contract_services.contract_override_save(override=override)
        return override


class ContractViewSet(SnippetViewSet):
    chooser_viewset_class = ScopedSnippetChooserViewSet
    model = Contract
    icon = "doc-full"
    menu_label = gettext_lazy("Contracts")
    list_display = ["provider", "operator", "terms", "commission_pct", "on_account",
                    "valid_from", "valid_until"]
    list_filter = ["terms", "on_account", "operator"]
    ordering = ["-valid_from"]
    edit_handler = ObjectList([
        FieldRowPanel([FieldPanel("provider"), FieldPanel("operator")]),
        FieldRowPanel([FieldPanel("terms"), FieldPanel("commission_pct")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until"),
                       FieldPanel("signed_at")]),
        FieldRowPanel([FieldPanel("currency"), FieldPanel("cluster_commission_pct")]),
        FieldPanel("on_account"),
    ], base_form_class=ContractForm)


class ContractOverrideViewSet(SnippetViewSet):
    chooser_viewset_class = ScopedSnippetChooserViewSet
    model = ContractOverride
    icon = "edit"
    menu_label = gettext_lazy("Contract overrides")
    list_display = ["experience", "contract", "terms", "commission_pct"]
    list_filter = ["terms"]
    edit_handler = ObjectList([
        FieldPanel("contract"),
        FieldPanel("experience"),
        FieldRowPanel([FieldPanel("terms"), FieldPanel("commission_pct")]),
    ], base_form_class=ContractOverrideForm)


class ContractViewSetGroup(SnippetViewSetGroup):
    items = (ContractViewSet, ContractOverrideViewSet)
    menu_icon = "doc-full"
    menu_label = gettext_lazy("Operator contracts")
    menu_name = "operator-contracts"
    menu_order = 213


register_snippet(ContractViewSetGroup)
