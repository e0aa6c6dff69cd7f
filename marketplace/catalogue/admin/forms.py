"""The admin page forms: location and prices checked with the same rules as the services.

Imported by the page models (``base_form_class``), so it must not import ``.models`` itself.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from marketplace.catalogue.pricing import (
    PriceLine,
    price_lines_validate,
    price_per_adult_eur_cents,
)
from marketplace.core.errors import MarketplaceError
from marketplace.core.location import location_derive


class LocatedPageForm(WagtailAdminPageForm):
    """Derives country, area and subdivision from lat/lon with geo; refuses points outside.
    Offers only the images the editor may choose (its supplier's collection)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from marketplace.catalogue.admin.tenancy import form_images_scope

        if self.for_user is not None:
            form_images_scope(self, self.for_user)

    def clean(self):
        cleaned = super().clean()
        self._clean_body_images(cleaned)
        lat, lon = cleaned.get("lat"), cleaned.get("lon")
        self._derived = None
        if lat is None and lon is None:
            return cleaned
        if lat is None or lon is None:
            self.add_error("lat" if lat is None else "lon",
                           _("Give both latitude and longitude, or neither."))
            return cleaned
        try:
            self._derived = location_derive(lat=lat, lon=lon)
        except MarketplaceError as exc:
            self.add_error("lat", exc.message)
        return cleaned

    def _clean_body_images(self, cleaned) -> None:
        from marketplace.catalogue.admin.tenancy import images_choosable, stream_images

        if self.for_user is None or not cleaned.get("body"):
            return
        ids = {image.pk for image in stream_images(cleaned["body"])}
        allowed = set(images_choosable(self.for_user).filter(pk__in=ids)
                      .values_list("pk", flat=True))
        if ids - allowed:
            self.add_error("body", _("Choose images of your own collection."))

    def save(self, commit=True):
        page = super().save(commit=False)
        self.apply_derived(page)
        if commit:
            page.save()
            self.save_m2m()
        return page

    def apply_derived(self, page) -> None:
        """Set the values derived from the cleaned form on the page (not saved)."""
        derived = getattr(self, "_derived", None)
        if derived is not None:
            page.country, page.area = derived.country, derived.area
            page.subdivision_id = derived.subdivision_id
            page.subdivision_name = derived.subdivision_name


class ExperiencePageForm(LocatedPageForm):
    """Adds the price rules (no overlapping bands, sized tiers, positive prices) and start
    times that can be read; its shared resource is one of its own supplier's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "resource" in self.fields:
            provider = kwargs.get("parent_page") or (
                self.instance.get_parent() if self.instance.pk else None)
            self.fields["resource"].queryset = self.fields["resource"].queryset.filter(
                provider__in=[page.pk for page in provider.get_translations(inclusive=True)]
                if provider is not None else [])

    def clean(self):
        cleaned = super().clean()
        self._clean_prices()
        self._clean_start_times()
        return cleaned

    def _clean_prices(self):
        formset = self.formsets.get("price_options")
        if formset is None or not formset.is_valid():
            return
        lines = [
            PriceLine(
                kind=f.cleaned_data["kind"], label=f.cleaned_data["label"],
                price_cents=f.cleaned_data["price_cents"],
                age_min=f.cleaned_data.get("age_min"), age_max=f.cleaned_data.get("age_max"),
                group_size_min=f.cleaned_data.get("group_size_min"),
                group_size_max=f.cleaned_data.get("group_size_max"),
                net_price_cents=f.cleaned_data.get("net_price_cents"),
            )
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        self._price_lines = lines
        for message in price_lines_validate(lines):
            self.add_error(None, message)

    def apply_derived(self, page) -> None:
        super().apply_derived(page)
        lines = getattr(self, "_price_lines", None)
        if lines is not None:
            page.price_from_eur_cents = price_per_adult_eur_cents(
                lines, currency=self.cleaned_data.get("currency") or page.currency)

    def _clean_start_times(self):
        from marketplace.catalogue.scheduling import parse_start_times

        formset = self.formsets.get("weekly_rules")
        if formset is None:
            return
        for form in formset.forms:
            value = form.cleaned_data.get("start_times") if form.is_valid() else None
            if value:
                try:
                    parse_start_times(value)
                except ValueError as exc:
                    form.add_error("start_times", str(exc))
                    self.add_error(None, str(exc))
