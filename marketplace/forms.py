"""The public "Join the cluster" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Country, Sector


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


class BookingForm(forms.Form):
    """Places per price option of one slot, and who books. The option fields are added per
    experience: ``qty_<option id>``."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Email"), help_text=_("The voucher is sent here."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            help_text=_("So the host can reach you on the day."))
    note = forms.CharField(label=_("A note for the host"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, options=(), max_places: int = 100, contact_required: bool = True,
                 **kwargs):
        super().__init__(*args, **kwargs)
        # Adding a leg to a trip asks for the places only: who books comes at the end.
        self.fields["name"].required = self.fields["email"].required = contact_required
        self.option_fields = []
        for n, option in enumerate(options):
            name = f"qty_{option.pk}"
            self.fields[name] = forms.IntegerField(
                label=option.label, min_value=0, max_value=max_places,
                initial=1 if n == 0 else 0, required=False)
            self.option_fields.append((self[name], option))
        # who books first, then the places
        self.order_fields(["name", "email", "phone", "note"])

    def quantities(self) -> dict[int, int]:
        return {int(name[4:]): value for name, value in self.cleaned_data.items()
                if name.startswith("qty_") and value}


class TripForm(forms.Form):
    """Who books the trip (all its legs in one order)."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Email"), help_text=_("The vouchers are sent here."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            help_text=_("So the hosts can reach you on the day."))
