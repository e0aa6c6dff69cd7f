"""Marketplace pages: the providers' index, one page per SME, and its experiences.

Pages hold published, editable content. Schedules' materialised slots, applications and
bookings are plain models; derived values (country, area, subdivision) are set by services.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.blocks import BaseStreamBlock
from marketplace.catalogue.admin.forms import ExperiencePageForm, LocatedPageForm
from marketplace.catalogue.admin.panels import ReadinessPanel
from marketplace.core.choices import (
    Area,
    BookingMode,
    CancellationKind,
    Country,
    Currency,
    OperatorTerms,
    ScheduleKind,
)

LAT_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LON_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


class LocatedMixin(models.Model):
    """A point (WGS84) and what geo derives from it. The derived fields are set by services."""

    lat = models.FloatField(_("latitude"), validators=LAT_VALIDATORS, null=True, blank=True)
    lon = models.FloatField(_("longitude"), validators=LON_VALIDATORS, null=True, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    area = models.CharField(_("area"), max_length=8, choices=Area.choices, blank=True)
    subdivision_id = models.CharField(_("subdivision code"), max_length=8, blank=True)
    subdivision_name = models.CharField(_("subdivision"), max_length=80, blank=True)

    class Meta:
        abstract = True


class ProviderIndexPage(Page):
    """Lists the cluster's member businesses; the parent of every ProviderPage."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["marketplace.ProviderPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("provider index page")

    def get_context(self, request, *args, **kwargs):
        from marketplace.catalogue.selectors.experiences import supplier_list

        context = super().get_context(request, *args, **kwargs)
        context["providers"] = supplier_list(index=self, page_number=request.GET.get("page"))
        return context


class ExperienceIndexPage(Page):
    """Browse, filter and map the experiences of the page's language (``/<lang>/experiences/``).
    The filters live in the query string, so a search can be shared as a link."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("experience index page")

    def get_context(self, request, *args, **kwargs):
        from marketplace.catalogue.selectors.search import experience_search

        context = super().get_context(request, *args, **kwargs)
        context["search"] = experience_search(params=request.GET, locale=self.locale)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.context_data["search"].errors:
            response.status_code = 400
        return response


class AreaPage(Page):
    """A landing page for one of the four areas: its story, its experiences and their map.
    The area filter is fixed; the visitor's other filters work as on the experience index."""

    AREA_SLUGS = {"IT-75": "puglia", "IT-67": "molise", "AL": "albania", "ME": "montenegro"}

    area = models.CharField(_("area"), max_length=8, choices=Area.choices)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("area"), FieldPanel("intro"),
                                            FieldPanel("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("area page")

    def get_context(self, request, *args, **kwargs):
        from marketplace.catalogue.selectors.search import experience_search

        params = request.GET.copy()
        params["area"] = self.AREA_SLUGS[self.area]
        context = super().get_context(request, *args, **kwargs)
        context["search"] = experience_search(params=params, locale=self.locale)
        return context


class ProviderPage(LocatedMixin, Page):
    """One SME of the cluster. Its user group may edit this page's subtree only."""

    legal_name = models.CharField(_("legal name"), max_length=200)
    vat_number = models.CharField(
        _("VAT or registration number"), max_length=32, db_index=True,
        help_text=_("IT: 11 digits; AL: NIPT (letter, 8 digits, letter); ME: PIB (8 digits)."),
    )
    sectors = ParentalManyToManyField("marketplace.Sector", blank=True, verbose_name=_("sectors"))
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    town = models.CharField(_("town"), max_length=120, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=60, blank=True,
        help_text=_("ISO 639 codes, comma-separated, e.g. it,en,sq."),
    )
    story = RichTextField(_("story"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("logo"),
    )
    is_member = models.BooleanField(_("cluster member"), default=True)

    base_form_class = LocatedPageForm

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("legal_name"), FieldPanel("vat_number"), FieldPanel("sectors")],
            heading=_("Business"),
        ),
        FieldPanel("story"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                FieldPanel("website"),
                FieldPanel("languages"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("town"),
                FieldRowPanel([FieldPanel("lat"), FieldPanel("lon")]),
            ],
            heading=_("Location"),
            classname="location-panel",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("legal_name"),
        index.SearchField("story"),
        index.FilterField("vat_number"),
    ]
    parent_page_types = ["marketplace.ProviderIndexPage"]
    subpage_types = ["marketplace.ExperiencePage"]

    class Meta:
        verbose_name = _("provider page")
        indexes = [models.Index(fields=["area", "country"], name="provider_area_idx")]

    def get_context(self, request, *args, **kwargs):
        from marketplace.catalogue.selectors.experiences import supplier_experiences

        context = super().get_context(request, *args, **kwargs)
        context["experiences"] = supplier_experiences(provider=self)
        return context


class ExperienceTag(TaggedItemBase):
    content_object = ParentalKey(
        "marketplace.ExperiencePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ExperiencePage(LocatedMixin, Page):
    """An experience an SME sells: a visit, a class, a tour, a tasting, or a lodging."""

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True, verbose_name=_("story"))
    sector = models.ForeignKey(
        "marketplace.Sector", null=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("sector"),
    )
    tags = ClusterTaggableManager(through=ExperienceTag, blank=True)
    duration_min = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    languages = models.CharField(_("languages"), max_length=60, blank=True,
                                 help_text=_("ISO 639 codes, comma-separated."))
    meeting_point = models.CharField(_("meeting point"), max_length=255, blank=True)
    group_min = models.PositiveSmallIntegerField(_("minimum group size"), default=1)
    group_max = models.PositiveSmallIntegerField(_("maximum group size"), default=10)
    inclusions = models.TextField(_("what is included"), blank=True,
                                  help_text=_("One item per line."))
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    family_friendly = models.BooleanField(_("suitable for children"), default=False)

    booking_mode = models.CharField(_("booking"), max_length=10, choices=BookingMode.choices,
                                    default=BookingMode.INSTANT)
    cutoff_hours = models.PositiveSmallIntegerField(
        _("booking cut-off (hours before start)"), default=24)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.EUR)
    operator_terms = models.CharField(_("tour operator terms"), max_length=12,
                                      choices=OperatorTerms.choices,
                                      default=OperatorTerms.COMMISSION)
    operator_commission_pct = models.DecimalField(
        _("operator commission (%)"), max_digits=5, decimal_places=2, default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)])

    cancellation = models.CharField(_("cancellation policy"), max_length=16,
                                    choices=CancellationKind.choices,
                                    default=CancellationKind.STANDARD)
    cancellation_hours = models.PositiveSmallIntegerField(
        _("free cancellation until (hours before)"), default=24)
    cancellation_refund_pct = models.PositiveSmallIntegerField(
        _("refund (%)"), default=100, validators=[MaxValueValidator(100)])

    schedule_kind = models.CharField(_("schedule"), max_length=16, choices=ScheduleKind.choices,
                                     default=ScheduleKind.START_TIMES)
    capacity = models.PositiveSmallIntegerField(_("places per slot"), default=10,
                                                validators=[MinValueValidator(1)])
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    season_start_month = models.PositiveSmallIntegerField(
        _("season starts (month)"), default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    season_end_month = models.PositiveSmallIntegerField(
        _("season ends (month, inclusive)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    resource = models.ForeignKey(
        "marketplace.Resource", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="experiences", verbose_name=_("shared resource"),
        help_text=_("A boat or a guide shared with other experiences caps their places."))

    # Derived by the services and the admin form from the price options, in EUR cents, so
    # search can filter and sort by price in one indexed column.
    price_from_eur_cents = models.PositiveIntegerField(
        _("price per adult (EUR cents)"), null=True, blank=True, editable=False)

    is_lodging = models.BooleanField(_("lodging (overnight stay)"), default=False)
    rooms = models.PositiveSmallIntegerField(_("rooms"), default=0)

    search_text = models.TextField(
        _("search text"), blank=True, default="", editable=False,
        help_text=_("Title and summary as the search compares them; set on every save."))
    readiness_override = models.BooleanField(
        _("publish below full readiness"), default=False,
        help_text=_("Set by a cluster manager to publish a listing whose checklist is incomplete."))

    base_form_class = ExperiencePageForm

    content_panels = [ReadinessPanel(heading=_("Readiness"))] + Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("sector"),
        FieldPanel("tags"),
        FieldPanel("body"),
        InlinePanel("photos", label=_("Photos"), min_num=0),
        FieldPanel("inclusions"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("duration_min"), FieldPanel("languages")]),
                FieldRowPanel([FieldPanel("group_min"), FieldPanel("group_max")]),
                FieldRowPanel([FieldPanel("wheelchair_accessible"),
                               FieldPanel("family_friendly")]),
            ],
            heading=_("The experience"),
        ),
        MultiFieldPanel(
            [FieldPanel("meeting_point"), FieldRowPanel([FieldPanel("lat"), FieldPanel("lon")])],
            heading=_("Meeting point"),
            classname="location-panel",
        ),
    ]
    pricing_panels = [
        FieldPanel("currency"),
        InlinePanel("price_options", label=_("Prices")),
        MultiFieldPanel(
            [FieldPanel("operator_terms"), FieldPanel("operator_commission_pct")],
            heading=_("Tour operators"),
        ),
        MultiFieldPanel(
            [FieldPanel("cancellation"), FieldRowPanel([FieldPanel("cancellation_hours"),
                                                        FieldPanel("cancellation_refund_pct")])],
            heading=_("Cancellation policy"),
        ),
    ]
    schedule_panels = [
        FieldRowPanel([FieldPanel("schedule_kind"), FieldPanel("capacity"),
                       FieldPanel("resource")]),
        FieldRowPanel([FieldPanel("booking_mode"), FieldPanel("cutoff_hours")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("season_start_month"), FieldPanel("season_end_month")]),
        InlinePanel("weekly_rules", label=_("Weekly pattern")),
        InlinePanel("date_exceptions", label=_("Closed and extra dates")),
        MultiFieldPanel([FieldPanel("is_lodging"), FieldPanel("rooms")], heading=_("Lodging")),
    ]
    edit_handler = TabbedInterface(base_form_class=ExperiencePageForm, children=[
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(pricing_panels, heading=_("Prices and policy")),
        ObjectList(schedule_panels, heading=_("Schedule")),
        ObjectList(Page.promote_panels + [FieldPanel("readiness_override")],
                   heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ])
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("area"),
        index.FilterField("is_lodging"),
    ]
    parent_page_types = ["marketplace.ProviderPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("experience page")
        indexes = [
            models.Index(fields=["area", "country"], name="experience_area_idx"),
            models.Index(fields=["lat", "lon"], name="experience_latlon_idx"),
            models.Index(fields=["is_lodging"], name="experience_lodging_idx"),
            models.Index(fields=["price_from_eur_cents"], name="experience_price_idx"),
            models.Index(fields=["duration_min"], name="experience_duration_idx"),
            models.Index(fields=["subdivision_id"], name="experience_subdiv_idx"),
        ]

    def save(self, *args, **kwargs):
        from marketplace.core.normalise import search_text

        self.search_text = search_text(self.title, self.summary)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from marketplace.catalogue.policies import CancellationPolicy
        from marketplace.catalogue.selectors.experiences import (
            experience_calendar,
            experience_nearby,
        )
        from marketplace.catalogue.seo import experience_json_ld

        context = super().get_context(request, *args, **kwargs)
        photos = [p for p in self.photos.all() if p.image_id]
        provider = self.get_parent().specific
        renditions = [p.image.get_rendition("fill-1200x630") for p in photos[:4]]
        image_urls = [request.build_absolute_uri(r.url) for r in renditions]
        context.update(
            calendar=experience_calendar(page=self),
            nearby=experience_nearby(page=self),
            provider=provider,
            cancellation_policy=CancellationPolicy.of(self).describe(),
            og_image=image_urls[0] if image_urls else "",
            json_ld=experience_json_ld(
                page=self, url=request.build_absolute_uri(self.url), image_urls=image_urls,
                provider_name=provider.title, price_cents=self.price_from_eur_cents,
                currency="EUR"),
        )
        return context


class ExperiencePhoto(Orderable):
    page = ParentalKey(ExperiencePage, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("image"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
