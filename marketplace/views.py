"""Public views of the marketplace that are not pages: the "Join the cluster" form."""

from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from . import services
from .errors import MarketplaceError
from .forms import JoinForm


@require_http_methods(["GET", "POST"])
def join(request):
    """Show the application form; a valid one creates a pending application (services)."""
    locale = Locale.get_active()
    form = JoinForm(request.POST or None, locale=locale)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_application_create(
                **{k: v for k, v in form.cleaned_data.items()},
                language=translation.get_language(),
            )
        except MarketplaceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("marketplace:join_thanks")
    status = 400 if form.errors else 200
    return render(request, "marketplace/join.html", {"form": form}, status=status)


def join_thanks(request):
    return render(request, "marketplace/join_thanks.html")
