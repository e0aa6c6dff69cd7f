"""The tourist's booking forms: places on one slot, and who books the cart."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
        # Adding a booking to a trip asks for the places only: who books comes at the end.
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


class CartForm(forms.Form):
    """Who books the trip (all its bookings in one order)."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Email"), help_text=_("The vouchers are sent here."))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            help_text=_("So the hosts can reach you on the day."))
