"""The public "Join the cluster" form: a business applies, a manager reviews it in the admin."""

from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from marketplace.core.errors import MarketplaceError, form_error_add
from marketplace.onboarding.forms import JoinForm
from marketplace.onboarding.services.applications import supplier_application_create


@require_http_methods(["GET", "POST"])
def join(request):
    """Show the application form; a valid one creates a pending application (services)."""
    locale = Locale.get_active()
    form = JoinForm(request.POST or None, locale=locale)
    if request.method == "POST" and form.is_valid():
        try:
            supplier_application_create(
                **{k: v for k, v in form.cleaned_data.items()},
                language=translation.get_language(),
            )
        except MarketplaceError as exc:
            form_error_add(form, exc)
        else:
            return redirect("marketplace:join_thanks")
    status = 400 if form.errors else 200
    return render(request, "marketplace/join.html", {"form": form}, status=status)


def join_thanks(request):
    return render(request, "marketplace/join_thanks.html")
