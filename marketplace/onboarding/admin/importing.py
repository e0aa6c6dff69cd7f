"""Wagtail admin screen to import providers from a chamber of commerce register (CSV).

The URL and the menu item are registered here with Wagtail hooks; ``wagtail_hooks`` imports
this module so that they are found.
"""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.core.validators import FileExtensionValidator
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from marketplace.onboarding.services.importing import COLUMNS, REQUIRED_COLUMNS, suppliers_import

IMPORT_PERMISSION = "marketplace.add_providerapplication"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TEMPLATE = "marketplace/admin/import_providers.html"


class ProviderImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Register file (CSV)"),
        validators=[FileExtensionValidator(allowed_extensions=["csv"])],
        help_text=gettext_lazy("UTF-8, comma or semicolon separated, at most 5 MB."),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and count the changes, write nothing"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


@permission_required(IMPORT_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_providers(request):
    """Upload a register CSV; show the counts, or the row-level errors with status 400."""
    form = ProviderImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = suppliers_import(file=form.cleaned_data["file"].read(),
                                      dry_run=form.cleaned_data["dry_run"])
            status = 200 if report.ok else 400
        else:
            status = 400
    context = {"form": form, "report": report, "columns": COLUMNS,
               "required_columns": REQUIRED_COLUMNS}
    return TemplateResponse(request, TEMPLATE, context, status=status)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("marketplace/import/", import_providers, name="marketplace_import_providers")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(gettext_lazy("Import providers"), reverse("marketplace_import_providers"),
                          name="import-providers", icon_name="upload", order=211)
