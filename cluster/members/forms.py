"""The members' public forms: the directory's filters, joining the cluster, a member's
profile. Choices of sectors and languages are named in the visitor's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cluster.members.models import Member
from cluster.members.selectors import member_language_labels
from marketplace.core.choices import Area, Country

# The languages a member may say it speaks: the cluster's own and its visitors' most common.
MEMBER_LANGUAGES = ("it", "en", "sq", "cnr", "sr", "de", "fr", "es")


def _language_choices(language_code: str) -> list[tuple[str, str]]:
    return list(zip(MEMBER_LANGUAGES, member_language_labels(
        MEMBER_LANGUAGES, language_code=language_code), strict=True))


class DirectoryFilterForm(forms.Form):
    """The directory's filters (GET): every field optional."""

    text = forms.CharField(label=_("Offers or needs"), required=False, max_length=100,
                           help_text=_("Words to look for in names, offers and needs."))
    country = forms.ChoiceField(label=_("Country"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)

    def __init__(self, *args, sector_labels: dict[str, str], language_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("Any"))]
        self.fields["country"].choices = anything + list(Country.choices)
        self.fields["area"].choices = anything + list(Area.choices)
        self.fields["sector"].choices = anything + sorted(sector_labels.items(),
                                                          key=lambda item: item[1])
        self.fields["language"].choices = anything + _language_choices(language_code)


class _ProfileFields(forms.Form):
    """The fields a member keeps up to date, shared by joining and editing."""

    town = forms.CharField(label=_("Town"), max_length=100, required=False)
    sectors = forms.MultipleChoiceField(label=_("Sectors"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Languages spoken"), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    about = forms.CharField(label=_("About the company"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))
    offers = forms.CharField(label=_("What we offer to other members"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    needs = forms.CharField(label=_("What we look for"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args, sector_labels: dict[str, str], language_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = sorted(sector_labels.items(), key=lambda item: item[1])
        self.fields["languages"].choices = _language_choices(language_code)


class JoinForm(_ProfileFields):
    """A company applies to join the cluster."""

    name = forms.CharField(label=_("Company name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of company"), choices=Member.Kind.choices)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    vat_number = forms.CharField(
        label=_("VAT or registration number"), max_length=32,
        help_text=_("Italy: partita IVA (11 digits); Albania: NIPT; Montenegro: PIB."))
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—")] + list(Area.choices),
                             required=False)
    email = forms.EmailField(label=_("Email"))

    field_order = ["name", "kind", "country", "vat_number", "area", "town", "sectors",
                   "languages", "about", "offers", "needs", "website", "email", "phone"]


class ProfileForm(_ProfileFields):
    """A member's users (or a cluster manager) edit its profile."""
