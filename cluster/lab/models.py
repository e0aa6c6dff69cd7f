"""The digital lab's pages (an index per language and its module pages) and the record of a
module done by a member, with the company's listing readiness before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class LabGap(models.TextChoices):
    """The gaps of an SME's listings a module can close: the listing checklist's items
    (``experience_readiness``) and the company's own (translations, payout, availability)."""

    PHOTOS = "photos", _("Photos")
    SUMMARY = "summary", _("Summary")
    PRICE = "price", _("Price")
    SCHEDULE = "schedule", _("Schedule")
    MEETING_POINT = "meeting_point", _("Meeting point")
    CANCELLATION = "cancellation", _("Cancellation policy")
    ENGLISH = "english", _("English version")
    TRANSLATIONS = "translations", _("Translations")
    PAYOUT_ACCOUNT = "payout_account", _("Payout account")
    AVAILABILITY = "availability", _("Availability")


class LabIndexPage(Page):
    """The "Digital lab" of one language (``/<lang>/digital-lab/``): its modules by gap."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["cluster.LabModulePage"]
    max_count_per_parent = 1
    template = "cluster/lab/lab_index_page.html"

    class Meta:
        verbose_name = _("digital lab index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = LabModulePage.objects.child_of(self).live().order_by("path")
        return context


class LabModulePage(Page):
    """One module of the lab: what to do, why it sells, how to do it on the platform, a
    checklist and the time it takes; it closes one ``gap``."""

    gap = models.CharField(_("gap it closes"), max_length=16, choices=LabGap.choices)
    what = RichTextField(_("what"), features=RICH_TEXT_FEATURES)
    why = RichTextField(_("why"), features=RICH_TEXT_FEATURES)
    how = RichTextField(_("how"), features=RICH_TEXT_FEATURES)
    checklist = StreamField([("item", blocks.CharBlock(label=_("item"), max_length=200))],
                            blank=True, use_json_field=True, verbose_name=_("checklist"))
    estimated_min = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)

    content_panels = Page.content_panels + [
        FieldPanel("gap"),
        FieldPanel("estimated_min"),
        FieldPanel("what"),
        FieldPanel("why"),
        FieldPanel("how"),
        FieldPanel("checklist"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("what"),
        index.SearchField("how"),
        index.FilterField("gap"),
    ]
    parent_page_types = ["cluster.LabIndexPage"]
    subpage_types: list[str] = []
    template = "cluster/lab/lab_module_page.html"

    class Meta:
        verbose_name = _("digital lab module page")


class ModuleCompletion(models.Model):
    """A member has done a module (the page of the default language): its readiness (0–100)
    when it said so, and later, once recorded, after."""

    member = models.ForeignKey("cluster.Member", on_delete=models.CASCADE,
                               related_name="lab_completions", verbose_name=_("member"))
    module = models.ForeignKey(LabModulePage, on_delete=models.CASCADE,
                               related_name="completions", verbose_name=_("module"))
    completed_at = models.DateTimeField(_("completed at"))
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("completed by"))
    readiness_before = models.PositiveSmallIntegerField(_("readiness before (%)"))
    readiness_after = models.PositiveSmallIntegerField(_("readiness after (%)"), null=True,
                                                       blank=True)
    after_recorded_at = models.DateTimeField(_("readiness after recorded at"), null=True,
                                             blank=True)

    class Meta:
        verbose_name = _("module completion")
        ordering = ["completed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "module"],
                                               name="lab_completion_once")]

    def __str__(self) -> str:
        return f"{self.member_id} · {self.module_id}"

    @property
    def gain(self) -> int | None:
        """Readiness points gained (after − before), None until ``readiness_after`` is set."""
        if self.readiness_after is None:
            return None
        return self.readiness_after - self.readiness_before
