"""The builder's forms: they parse what people type (a party as adults and children's ages, a
markup in %, a time of day, a cost in euros, a town) into the services' values."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from geo.errors import UnknownTown
from geo.regions import find_town
from itineraries.models import MAX_DAYS, MAX_PARTY, Itinerary, Stop
from marketplace.core.dates import LOCAL_TZ
from marketplace.core.money import decimal_to_cents


class DateInput(forms.DateInput):
    """The browser's date picker: its value is always ISO 8601, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _ages(value: str) -> list[int]:
    """'8, 12' -> [8, 12]; a clear message for anything else."""
    ages = []
    for part in (value or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > 17:
            raise forms.ValidationError(
                _("Write each child's age from 0 to 17, separated by commas (e.g. 8, 12)."))
        ages.append(int(part))
    return ages


class ItineraryForm(forms.Form):
    """New itinerary, and its settings (without the number of days, which is fixed)."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    client_reference = forms.CharField(label=gettext_lazy("Client reference"), max_length=100,
                                       required=False)
    start_date = forms.DateField(label=gettext_lazy("Start date"), widget=DateInput)
    day_count = forms.IntegerField(label=gettext_lazy("Days"), min_value=1, max_value=MAX_DAYS,
                                   initial=5)
    adults = forms.IntegerField(label=gettext_lazy("Adults"), min_value=0, max_value=MAX_PARTY,
                                initial=2)
    child_ages = forms.CharField(
        label=gettext_lazy("Children's ages"), required=False,
        help_text=gettext_lazy("Separated by commas, e.g. 8, 12. Leave empty without children."))
    rooms = forms.IntegerField(label=gettext_lazy("Rooms"), min_value=1, max_value=MAX_PARTY,
                               initial=1)
    markup_pct = forms.DecimalField(label=gettext_lazy("Markup (%)"), min_value=0,
                                    max_value=300, decimal_places=2, initial=0)

    def __init__(self, *args, with_days: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_days:
            del self.fields["day_count"]

    def clean_child_ages(self):
        return _ages(self.cleaned_data.get("child_ages", ""))

    @classmethod
    def for_itinerary(cls, itinerary: Itinerary, data=None):
        return cls(data, with_days=False, initial={
            "title": itinerary.title, "client_reference": itinerary.client_reference,
            "start_date": itinerary.start_date, "adults": itinerary.adults,
            "child_ages": ", ".join(str(age) for age in itinerary.child_ages),
            "rooms": itinerary.rooms, "markup_pct": itinerary.markup_pct})


class FreeItemForm(forms.Form):
    """A transfer, meal or note with its own time, optional town and cost."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=[
        (Stop.Kind.TRANSFER, gettext_lazy("Transfer")), (Stop.Kind.MEAL, gettext_lazy("Meal")),
        (Stop.Kind.NOTE, gettext_lazy("Note"))])
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    time = forms.TimeField(label=gettext_lazy("Time"), widget=TimeInput)
    duration_min = forms.IntegerField(label=gettext_lazy("Duration (minutes)"), min_value=0,
                                      max_value=24 * 60, initial=60)
    town = forms.CharField(label=gettext_lazy("Town"), max_length=100, required=False,
                           help_text=gettext_lazy("Where it happens, e.g. Bari or Durrës."))
    cost_eur = forms.CharField(label=gettext_lazy("Cost for the party (€)"), max_length=12,
                               required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean_town(self):
        name = self.cleaned_data.get("town", "").strip()
        if not name:
            return None
        try:
            return find_town(name)
        except UnknownTown:
            raise forms.ValidationError(
                _("No town called “%(name)s” in Puglia, Molise, Albania or Montenegro.")
                % {"name": name}) from None

    def clean_cost_eur(self):
        value = self.cleaned_data.get("cost_eur", "").strip().replace(",", ".")
        if not value:
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise forms.ValidationError(_("Write the cost in euros, e.g. 45 or 45.50.")) from None
        if amount < 0 or amount.as_tuple().exponent < -2:
            raise forms.ValidationError(_("Write the cost in euros, e.g. 45 or 45.50."))
        return decimal_to_cents(amount)

    def starts_at(self, day_date) -> datetime:
        moment = datetime.combine(day_date, self.cleaned_data["time"])
        return moment.replace(tzinfo=LOCAL_TZ)


class ShareForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("Valid for (days)"), min_value=1,
                              max_value=180, initial=30)
    show_contacts = forms.BooleanField(
        label=gettext_lazy("Show the suppliers' contacts to the client"), required=False)


class AcceptForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=120)


def day_bounds(day_date) -> tuple[datetime, datetime]:
    start = datetime.combine(day_date, datetime.min.time()).replace(tzinfo=LOCAL_TZ)
    return start, start + timedelta(days=1)
