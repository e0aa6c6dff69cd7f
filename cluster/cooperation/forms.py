"""The cooperation board's forms: its filters, a new post, a reply. Sectors are named in the
reader's language; the members to act for are the user's own."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cluster.cooperation.models import BODY_MAX_LENGTH, REPLY_MAX_LENGTH, TITLE_MAX_LENGTH, Post
from marketplace.core.choices import Area


def _sector_choices(sector_labels: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(sector_labels.items(), key=lambda item: item[1])


class BoardFilterForm(forms.Form):
    """The board's filters (GET): every field optional."""

    text = forms.CharField(label=_("Words"), required=False, max_length=100,
                           help_text=_("Words to look for in titles and texts."))
    kind = forms.ChoiceField(label=_("Offers or needs"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, sector_labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["kind"].choices = anything + list(Post.Kind.choices)
        self.fields["sector"].choices = anything + _sector_choices(sector_labels)
        self.fields["area"].choices = anything + list(Area.choices)


def _member_field(members) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=_("For the member"), coerce=int,
                                  choices=[(m.pk, m.name) for m in members])


class PostForm(forms.Form):
    """A new offer or need, for one of the user's members."""

    kind = forms.ChoiceField(label=_("Offer or need"), choices=Post.Kind.choices,
                             widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(label=_("What you offer or look for"), max_length=BODY_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 6}))
    sectors = forms.MultipleChoiceField(label=_("Sectors"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args, members, sector_labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"member": _member_field(members), **self.fields}
        self.fields["sectors"].choices = _sector_choices(sector_labels)
        self.fields["area"].choices = [("", _("Any area"))] + list(Area.choices)


class ReplyForm(forms.Form):
    """A reply to a post, for one of the user's members (not the post's)."""

    body = forms.CharField(label=_("Your reply"), max_length=REPLY_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"member": _member_field(members), **self.fields}
