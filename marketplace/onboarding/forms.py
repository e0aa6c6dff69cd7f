"""The public "Join the cluster" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models.sectors import Sector
from marketplace.core.choices import Country


class JoinForm(forms.Form):
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    vat_number = forms.CharField(
        label=_("VAT or registration number"), max_length=32,
        help_text=_("Italy: partita IVA (11 digits); Albania: NIPT; Montenegro: PIB."))
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    town = forms.CharField(label=_("Town"), max_length=120)
    message = forms.CharField(label=_("Tell us about your business"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, locale=None, **kwargs):
        super().__init__(*args, **kwargs)
        sectors = Sector.objects.all()
        if locale is not None:
            sectors = sectors.filter(locale=locale)
        self.fields["sectors"].queryset = sectors
