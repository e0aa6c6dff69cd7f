"""Wagtail admin screens of the marketplace: reviewing applications to join."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from marketplace.core.errors import MarketplaceError
from marketplace.onboarding.models.applications import ProviderApplication
from marketplace.onboarding.services.applications import (
    supplier_application_approve,
    supplier_application_reject,
)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    comment = forms.CharField(label=gettext_lazy("Comment (sent to the applicant)"),
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say why the application is rejected."))
        return cleaned


@permission_required("marketplace.change_providerapplication", raise_exception=True)
@require_http_methods(["GET", "POST"])
def application_review(request, pk: int):
    """Show an application; approving creates the provider, its group, user and invitation."""
    application = get_object_or_404(ProviderApplication, pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["action"] == "approve":
                result = supplier_application_approve(
                    application=application, reviewer=request.user, comment=comment,
                    base_url=request.build_absolute_uri("/"))
                messages.success(request, _("“%(name)s” approved: the provider page is ready and "
                                            "an invitation was emailed to %(email)s.")
                                 % {"name": application.company_name,
                                    "email": result.application.email})
            else:
                supplier_application_reject(application=application,
                                                     reviewer=request.user, comment=comment)
                messages.success(request, _("“%(name)s” rejected; the applicant was told why.")
                                 % {"name": application.company_name})
        except MarketplaceError as exc:
            messages.error(request, exc.message)
            return TemplateResponse(request, "marketplace/admin/application_review.html",
                                    {"application": application, "form": form},
                                    status=exc.status_code)
        return redirect("wagtailsnippets_marketplace_providerapplication:list")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "marketplace/admin/application_review.html",
                            {"application": application, "form": form}, status=status)
