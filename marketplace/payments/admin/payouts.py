"""Wagtail admin screens for paying suppliers: payout runs (create, look, execute, the SEPA
file), suppliers' balances and their statements. Cluster managers and superusers only."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from marketplace.catalogue.admin.tenancy import ScopedSnippetChooserViewSet
from marketplace.catalogue.models.pages import ProviderPage
from marketplace.catalogue.models.sectors import SECTOR_SLUGS
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.core.roles import cluster_manager_required
from marketplace.operators.models import CommissionRate
from marketplace.payments.documents import statement_response, supplier_statement
from marketplace.payments.models import PayoutAccount, PayoutRun
from marketplace.payments.selectors import supplier_balances
from marketplace.payments.services.ledger import commission_rate_set
from marketplace.payments.services.payouts import (
    payout_account_fields,
    payout_account_set,
    payout_run_create,
    payout_run_execute,
)


def _today() -> date:
    return timezone.now().astimezone(LOCAL_TZ).date()


class PeriodForm(forms.Form):
    period_start = forms.DateField(label=gettext_lazy("From"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=gettext_lazy("To (inclusive)"),
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The last day must be on or after the first."))
        if end and end > _today():
            self.add_error("period_end", _("The period cannot end in the future."))
        return cleaned


def _default_period() -> dict[str, date]:
    """Last month, the usual period of a run."""
    first_of_month = _today().replace(day=1)
    last_month_end = first_of_month.toordinal() - 1
    end = date.fromordinal(last_month_end)
    return {"period_start": end.replace(day=1), "period_end": end}


@cluster_manager_required
@require_http_methods(["GET", "POST"])
def payout_runs(request):
    """The runs, newest period first, and the form that creates a run for a period."""
    form = PeriodForm(request.POST or None, initial=_default_period())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                run = payout_run_create(**form.cleaned_data, by=request.user)
            except MarketplaceError as exc:
                messages.error(request, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("Payout run created: check it, then execute it."))
                return redirect("marketplace_payout_run", pk=run.pk)
        else:
            status = 400
    runs = PayoutRun.objects.annotate(
        suppliers=Count("payouts"),
        total_cents=Sum("payouts__amount_cents", filter=~Q(payouts__status="failed")),
        failed=Count("payouts", filter=Q(payouts__status="failed")),
    ).order_by("-period_end", "-created_at")
    return TemplateResponse(request, "marketplace/admin/payouts.html",
                            {"runs": runs, "form": form}, status=status)


@cluster_manager_required
@require_GET
def payout_run_detail(request, pk: int):
    """One run: its payouts per supplier (method, amount, status, error, transfers)."""
    run = get_object_or_404(PayoutRun, pk=pk)
    payouts = (run.payouts.select_related("provider").prefetch_related("transfers__order")
               .order_by("provider__title"))
    return TemplateResponse(request, "marketplace/admin/payouts_run.html", {
        "run": run, "payouts": payouts,
        "pending": any(p.status == "pending" for p in payouts),
    })


@cluster_manager_required
@require_POST
def payout_run_execute_view(request, pk: int):
    """Pay the run's pending payouts; errors stay on the payouts, shown on the run's page."""
    run = get_object_or_404(PayoutRun, pk=pk)
    try:
        run = payout_run_execute(run=run)
    except MarketplaceError as exc:
        messages.error(request, exc.message)
        return redirect("marketplace_payout_run", pk=pk)
    if run.status == PayoutRun.Status.PAID:
        messages.success(request, _("The run is paid."))
    else:
        messages.warning(request, _("Some payouts are still pending: see their errors."))
    return redirect("marketplace_payout_run", pk=pk)


@cluster_manager_required
@require_GET
def payout_run_sepa(request, pk: int):
    """The run's pain.001.001.03 file, to upload to the cluster's bank."""
    run = get_object_or_404(PayoutRun, pk=pk)
    if not run.sepa_xml:
        raise Http404(_("This run has no SEPA file."))
    response = HttpResponse(run.sepa_xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="pain.001-run{run.pk}-{run.period_start:%Y%m%d}-'
        f'{run.period_end:%Y%m%d}.xml"')
    return response


@cluster_manager_required
@require_GET
def payout_balances(request):
    """What every supplier is owed: payable now, pending, in a payout, paid."""
    period = PeriodForm(request.GET or None, initial=_default_period())
    dates = period.cleaned_data if period.is_bound and period.is_valid() else _default_period()
    balances = supplier_balances()
    totals = {name: sum(getattr(b, name) for b in balances)
              for name in ("payable_cents", "pending_cents", "in_payout_cents", "paid_cents")}
    return TemplateResponse(request, "marketplace/admin/payouts_balances.html", {
        "balances": balances, "totals": totals, "form": period, "period": dates,
    }, status=400 if period.is_bound and not period.is_valid() else 200)


@cluster_manager_required
@require_GET
def supplier_statement_download(request, provider_pk: int, extension: str):
    """A supplier's statement for ``?period_start=…&period_end=…`` as CSV or PDF."""
    if extension not in ("csv", "pdf"):
        raise Http404(_("Statements come as CSV or PDF."))
    provider = get_object_or_404(ProviderPage, pk=provider_pk)
    return statement_download(provider=provider, period=PeriodForm(request.GET),
                              extension=extension)


def statement_download(*, provider: ProviderPage, period: PeriodForm, extension: str):
    """The statement of ``provider`` for a bound ``period`` form as CSV or PDF, or a 400
    naming what is wrong with the period (shared by the managers' and suppliers' screens)."""
    if not period.is_valid():
        errors = "; ".join(str(e) for field in period.errors.values() for e in field)
        return HttpResponse(_("Choose a valid period: %(errors)s") % {"errors": errors},
                            status=400, content_type="text/plain; charset=utf-8")
    statement = supplier_statement(provider=provider, **period.cleaned_data)
    return statement_response(statement=statement, extension=extension)


# SECTION: where suppliers are paid, and the cluster's commission (snippets)


class PayoutAccountForm(WagtailAdminModelForm):
    """Checks the account with ``payout_account_fields`` (IBAN and BIC with schwifty, a
    Connect id) and saves it with ``payout_account_set``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "provider" in self.fields:  # one account per supplier: its page in the default language
            self.fields["provider"].queryset = ProviderPage.objects.filter(
                locale=Locale.get_default()).order_by("title")

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("provider") or getattr(self.instance, "provider", None)
        if provider is None or not cleaned.get("method"):
            return cleaned
        try:
            checked = payout_account_fields(
                provider=provider, method=cleaned["method"],
                stripe_account_id=cleaned.get("stripe_account_id", ""),
                iban=cleaned.get("iban", ""), bic=cleaned.get("bic", ""),
                account_holder=cleaned.get("account_holder", ""))
        except MarketplaceError as exc:
            form_error_add(self, exc)
        else:
            cleaned.update(checked)
        return cleaned

    def save(self, commit=True):
        account = super().save(commit=False)
        if commit:
            account = payout_account_set(
                provider=account.provider, method=account.method,
                stripe_account_id=account.stripe_account_id, iban=account.iban,
                bic=account.bic, account_holder=account.account_holder)
        return account


class CommissionRateForm(WagtailAdminModelForm):
    """A sector's rate (or the default, with no sector), saved with ``commission_rate_set``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sector_slug" in self.fields:
            self.fields["sector_slug"] = forms.ChoiceField(
                label=_("Sector"), required=False,
                choices=[("", _("All other sectors (the default rate)"))]
                + [(slug, slug) for slug in SECTOR_SLUGS])

    def save(self, commit=True):
        rate = super().save(commit=False)
        if commit:
            rate = commission_rate_set(sector_slug=rate.sector_slug, pct=rate.pct)
        return rate


class PayoutAccountViewSet(SnippetViewSet):
    chooser_viewset_class = ScopedSnippetChooserViewSet
    model = PayoutAccount
    icon = "user"
    menu_label = gettext_lazy("Payout accounts")
    list_display = ["provider", "method", "stripe_account_id", "iban", "bic"]
    list_filter = ["method"]
    edit_handler = ObjectList([
        FieldPanel("provider"),
        FieldPanel("method"),
        FieldPanel("stripe_account_id"),
        FieldRowPanel([FieldPanel("iban"), FieldPanel("bic")]),
        FieldPanel("account_holder"),
    ], base_form_class=PayoutAccountForm)


class CommissionRateViewSet(SnippetViewSet):
    chooser_viewset_class = ScopedSnippetChooserViewSet
    model = CommissionRate
    icon = "table"
    menu_label = gettext_lazy("Commission rates")
    list_display = ["sector_slug", "pct"]
    edit_handler = ObjectList([FieldPanel("sector_slug"), FieldPanel("pct")],
                              base_form_class=CommissionRateForm)


class PaymentSettingsViewSetGroup(SnippetViewSetGroup):
    items = (PayoutAccountViewSet, CommissionRateViewSet)
    menu_icon = "cog"
    menu_label = gettext_lazy("Payout settings")
    menu_name = "payout-settings"
    menu_order = 214


register_snippet(PaymentSettingsViewSetGroup)
