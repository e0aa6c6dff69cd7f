"""The members' forms for events: registering one of the user's companies, cancelling its
registration, and feedback after attending."""

from django import forms
from django.utils.translation import gettext_lazy as _

ATTENDEES_MAX_LENGTH = 300  # the registration's column
RATINGS = [(n, str(n)) for n in range(1, 6)]


def _member_field(members, *, label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int,
                                  choices=[(m.pk, m.name) for m in members])


class RegistrationForm(forms.Form):
    """One of the user's active members, not registered yet, and who comes."""

    attendees = forms.CharField(label=_("Who comes"), max_length=ATTENDEES_MAX_LENGTH,
                                required=False,
                                help_text=_("Names and roles of the people who will come."))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"member": _member_field(members, label=_("Company")), **self.fields}


class CancelForm(forms.Form):
    """Which of the user's registrations to cancel."""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = _member_field(members, label=_("Company"))


class FeedbackForm(forms.Form):
    """A rating from 1 to 5 and a comment, for one of the user's registrations."""

    rating = forms.TypedChoiceField(label=_("Rating (1 to 5)"), coerce=int, choices=RATINGS,
                                    widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"member": _member_field(members, label=_("Company")), **self.fields}
