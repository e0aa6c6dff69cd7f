"""Schedules (a weekly pattern with exceptions), shared resources and materialised slots."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

WEEKDAY_FIELDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class WeeklyRule(Orderable):
    """Days of the week with their start times, or with opening hours for free-flow visits."""

    page = ParentalKey("marketplace.ExperiencePage", related_name="weekly_rules",
                       on_delete=models.CASCADE)
    mon = models.BooleanField(_("Mon"), default=False)
    tue = models.BooleanField(_("Tue"), default=False)
    wed = models.BooleanField(_("Wed"), default=False)
    thu = models.BooleanField(_("Thu"), default=False)
    fri = models.BooleanField(_("Fri"), default=False)
    sat = models.BooleanField(_("Sat"), default=False)
    sun = models.BooleanField(_("Sun"), default=False)
    start_times = models.CharField(
        _("start times"), max_length=200, blank=True,
        help_text=_("Local times, comma-separated: 09:30, 15:00. Leave empty for opening hours."))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel(name) for name in WEEKDAY_FIELDS]),
        FieldPanel("start_times"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("weekly rule")

    def weekdays(self) -> tuple[int, ...]:
        """Python weekday numbers (Monday = 0) this rule applies to."""
        return tuple(i for i, name in enumerate(WEEKDAY_FIELDS) if getattr(self, name))


class DateException(Orderable):
    """A closed date (no slots), or an extra date with its own start time."""

    CLOSED = "closed"
    EXTRA = "extra"
    KINDS = [(CLOSED, _("Closed")), (EXTRA, _("Extra date"))]

    page = ParentalKey("marketplace.ExperiencePage", related_name="date_exceptions",
                       on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=8, choices=KINDS, default=CLOSED)
    start_time = models.TimeField(_("start time (extra dates)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("kind"), FieldPanel("start_time")]),
              FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("date exception")


class Resource(models.Model):
    """Something several experiences share (a boat, a guide): its capacity caps them together."""

    provider = models.ForeignKey("marketplace.ProviderPage", on_delete=models.CASCADE,
                                 related_name="resources", verbose_name=_("provider"))
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveSmallIntegerField(_("capacity"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("shared resource")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity})"


class Slot(models.Model):
    """One bookable start of an experience (or one night of a lodging). Times are aware (UTC
    in the database); ``held`` and ``booked`` count places taken."""

    experience = models.ForeignKey("marketplace.ExperiencePage", on_delete=models.CASCADE,
                                   related_name="slots")
    resource = models.ForeignKey(Resource, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    held = models.PositiveSmallIntegerField(_("held"), default=0)
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        verbose_name = _("slot")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["experience", "starts_at"], name="slot_unique_start"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="slot_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="slot_start_idx"),
            models.Index(fields=["resource", "starts_at"], name="slot_resource_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.experience_id} @ {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(0, self.capacity - self.held - self.booked)
