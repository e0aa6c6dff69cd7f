"""The participants' forms of a B2B event: their profile, a meeting request, the answer to
one, and their blocked slots. Choices are the event's own slots and companies."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cluster.events.models import Registration
from cluster.matchmaking.models import MeetingSlot


class SlotChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: MeetingSlot) -> str:
        start, end = timezone.localtime(obj.starts_at), timezone.localtime(obj.ends_at)
        return f"{formats.date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


def _slots(event_id: int):
    return MeetingSlot.objects.filter(event_id=event_id).order_by("starts_at")


class MatchProfileForm(forms.Form):
    offers = forms.CharField(label=_("What we offer"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    looks_for = forms.CharField(label=_("What we look for"), max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))


class MeetingRequestForm(forms.Form):
    """Ask one of the event's other registered companies for a meeting."""

    to = forms.ModelChoiceField(label=_("Company"), queryset=Registration.objects.none())
    message = forms.CharField(label=_("Message"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    preferred_slots = SlotChoiceField(label=_("Preferred slots"), required=False,
                                      queryset=MeetingSlot.objects.none(),
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = Registration.objects.filter(
            event_id=registration.event_id, status=Registration.Status.REGISTERED).exclude(
            pk=registration.pk).select_related("member")
        self.fields["preferred_slots"].queryset = _slots(registration.event_id)


class MeetingAnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Answer"), choices=[("accept", _("Accept")),
                                                             ("decline", _("Decline"))])
    message = forms.CharField(label=_("Message"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class BlockedSlotsForm(forms.Form):
    slots = SlotChoiceField(label=_("Slots in which we cannot meet"), required=False,
                            queryset=MeetingSlot.objects.none(),
                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slots"].queryset = _slots(registration.event_id)
