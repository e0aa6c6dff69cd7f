"""Curated sample trips for tourists: the "Sample trips" index under a home page, and one page
per trip showing a cluster itinerary (days, stops, legs, the route's map).

A tourist picks a start date and a party; the page says, stop by stop, whether that date
works and lists the dates of the coming weeks that do; "Book these" puts every stop's slot in
the cart, which books them in one order. Both are served by the page itself (GET with the
form in the query string, POST to the page's own URL): no URL of their own.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

MAX_ROOMS = 30


class ItineraryIndexPage(Page):
    """Lists the sample trips of the page's language (``/<lang>/sample-trips/``)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["itineraries.ItineraryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("sample trips index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["trips"] = (ItineraryPage.objects.child_of(self).live()
                            .select_related("hero_image", "itinerary")
                            .prefetch_related("hero_image__renditions").order_by("path"))
        return context


class ItineraryPage(Page):
    """A curated sample trip: an introduction, a hero image and the cluster's itinerary it
    shows (an itinerary without operator, built in the itinerary builder)."""

    intro = RichTextField(_("introduction"), blank=True,
                          features=["bold", "italic", "link", "ol", "ul"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("hero image"))
    itinerary = models.ForeignKey(
        "itineraries.Itinerary", on_delete=models.PROTECT, related_name="pages",
        limit_choices_to={"operator__isnull": True}, verbose_name=_("itinerary"),
        help_text=_("One of the cluster's own itineraries (without a tour operator)."))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("itinerary"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["itineraries.ItineraryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("sample trip page")

    def get_context(self, request, *args, form: SampleTripForm | None = None, **kwargs):
        from itineraries.selectors.sample_trips import (
            Party,
            sample_trip,
            sample_trip_availability,
        )

        context = super().get_context(request, *args, **kwargs)
        itinerary = self.itinerary
        if form is None:
            asked = {"start", "adults"} & set(request.GET)
            form = SampleTripForm(request.GET if asked else None, itinerary=itinerary)
        party, start = Party.of(itinerary), None
        if form.is_bound and form.is_valid():
            party, start = form.party(), form.cleaned_data.get("start")
        context.update(
            trip=sample_trip(itinerary=itinerary, language=translation.get_language()),
            form=form,
            party=party,
            availability=sample_trip_availability(itinerary=itinerary, party=party,
                                                  start=start),
        )
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self._book(request)
        response = super().serve(request, *args, **kwargs)
        if response.context_data["form"].errors:
            response.status_code = 400
        return response

    def _book(self, request):
        """"Book these": every stop's slot of the chosen date in the cart, then the cart; a
        refusal (bad input, a date that does not work, a party too big) re-shows the page
        with the reason, status 400, and the cart as it was."""
        from itineraries.selectors.sample_trips import sample_trip_cart_items
        from marketplace.bookings.cart import MAX_LEGS, cart_add, cart_items
        from marketplace.core.errors import MarketplaceError
        from marketplace.operators.selectors import operator_member_operator

        form = SampleTripForm(request.POST, itinerary=self.itinerary, start_required=True)
        if form.is_valid():
            try:
                items = sample_trip_cart_items(
                    itinerary=self.itinerary, party=form.party(),
                    start=form.cleaned_data["start"],
                    operator=operator_member_operator(user=request.user))
            except MarketplaceError as exc:
                form.add_error(None, exc.message)
            else:
                kept = {i.slot_id for i in cart_items(request.session)}
                if len(kept | {i.slot_id for i in items}) > MAX_LEGS:
                    form.add_error(None, gettext(
                        "Your trip cannot hold all these experiences: book it, or remove some."))
                else:
                    for item in items:
                        cart_add(request.session, item=item)
                    messages.success(request, gettext("“%(title)s” is in your trip.")
                                     % {"title": self.title})
                    return redirect("marketplace:cart")
        context = self.get_context(request, form=form)
        return TemplateResponse(request, self.get_template(request), context, status=400)


class SampleTripForm(forms.Form):
    """A start date and the party: adults, the children's ages, rooms for the nights."""

    start = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Choose a start date."),
                        "invalid": _("Give the start date as a date, e.g. 2027-05-14.")})
    adults = forms.IntegerField(label=_("Adults"), min_value=1)
    children = forms.CharField(
        label=_("Ages of the children"), required=False, max_length=120,
        help_text=_("Each child's age on the trip, separated by commas: 4, 9."))
    rooms = forms.IntegerField(label=_("Rooms"), min_value=1, max_value=MAX_ROOMS,
                               help_text=_("Rooms for the nights of the trip."))

    def __init__(self, *args, itinerary, start_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].required = start_required
        self.initial.update(adults=itinerary.adults,
                            children=", ".join(str(a) for a in itinerary.child_ages),
                            rooms=itinerary.rooms)

    def clean_children(self) -> tuple[int, ...]:
        raw = self.cleaned_data["children"].replace(";", ",")
        try:
            ages = tuple(int(part) for part in raw.split(",") if part.strip())
        except ValueError as exc:
            raise forms.ValidationError(
                _("Give each child's age as a number, separated by commas.")) from exc
        if any(not 0 <= age <= 17 for age in ages):
            raise forms.ValidationError(_("A child's age is from 0 to 17."))
        return ages

    def clean(self):
        from itineraries.models import MAX_PARTY

        cleaned = super().clean()
        adults, children = cleaned.get("adults"), cleaned.get("children")
        if adults is not None and children is not None and adults + len(children) > MAX_PARTY:
            raise forms.ValidationError(
                _("The party has from 1 to %(max)d people.") % {"max": MAX_PARTY})
        return cleaned

    def party(self):
        from itineraries.selectors.sample_trips import Party

        return Party(adults=self.cleaned_data["adults"],
                     child_ages=self.cleaned_data["children"],
                     rooms=self.cleaned_data["rooms"])
