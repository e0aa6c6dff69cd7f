"""An operator's itinerary: its days, the stops of each day, and the travel legs between them.

Legs are computed (``itineraries.services.legs.itinerary_legs_recompute``) and stored, so a page
shows them without routing again; anything that moves a stop recomputes them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 30
MAX_PARTY = 60


class Itinerary(models.Model):
    """A multi-day trip put together by an operator (or by the cluster, ``operator`` empty)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")

    operator = models.ForeignKey("marketplace.Operator", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="itineraries",
                                 verbose_name=_("operator"))
    title = models.CharField(_("title"), max_length=200)
    client_reference = models.CharField(_("client reference"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"))
    day_count = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)])
    adults = models.PositiveSmallIntegerField(
        _("adults"), default=2, validators=[MaxValueValidator(MAX_PARTY)])
    child_ages = models.JSONField(_("ages of the children"), default=list, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), default=1,
                                             validators=[MinValueValidator(1)])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    markup_pct = models.DecimalField(
        _("markup (%)"), max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(300)])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # The proposal: prices locked when it is sent (``itinerary_propose``), the client's answer.
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    price_snapshot = models.JSONField(_("prices when proposed"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by_name = models.CharField(_("accepted by"), max_length=120, blank=True)
    # The one order that books every stop and night (``itinerary_book``).
    order = models.ForeignKey("marketplace.Order", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("itinerary")
        verbose_name_plural = _("itineraries")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["operator", "status"], name="itinerary_operator_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def party_size(self) -> int:
        return self.adults + len(self.child_ages)


class ItineraryDay(models.Model):
    """Day ``number`` (1 = the start date) of an itinerary, with an optional title and notes."""

    itinerary = models.ForeignKey(Itinerary, on_delete=models.CASCADE, related_name="days")
    number = models.PositiveSmallIntegerField(_("day"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["itinerary", "number"],
                                               name="itinerary_day_unique")]

    def __str__(self) -> str:
        return f"{self.itinerary} – {self.number}"


class Stop(models.Model):
    """One thing of a day: an experience's slot (``slot``), a night's lodging (a lodging
    experience's nightly slot), or a free item (transfer, meal, note) with its own time,
    place and cost."""

    class Kind(models.TextChoices):
        EXPERIENCE = "experience", _("Experience")
        LODGING = "lodging", _("Lodging")
        TRANSFER = "transfer", _("Transfer")
        MEAL = "meal", _("Meal")
        NOTE = "note", _("Note")

    day = models.ForeignKey(ItineraryDay, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    slot = models.ForeignKey("marketplace.Slot", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    experience = models.ForeignKey("marketplace.ExperiencePage", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    cost_cents = models.PositiveIntegerField(_("cost (cents)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["day__number", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gte=models.F("starts_at")),
                                   name="stop_ends_after_start"),
            models.CheckConstraint(
                condition=(models.Q(kind__in=["experience", "lodging"], slot__isnull=False)
                           | ~models.Q(kind__in=["experience", "lodging"])),
                name="stop_booked_kinds_have_a_slot"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_located(self) -> bool:
        return self.lat is not None and self.lon is not None


class Leg(models.Model):
    """One typed part of the travel from a stop to the next located stop: a drive, a border
    crossing (its queue is ``wait_min``) or a sailing (from arrival at the port)."""

    class Kind(models.TextChoices):
        ROAD = "road", _("Road")
        BORDER = "border", _("Border crossing")
        FERRY = "ferry", _("Ferry")

    itinerary = models.ForeignKey(Itinerary, on_delete=models.CASCADE, related_name="legs")
    from_stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="legs_out")
    to_stop = models.ForeignKey(Stop, on_delete=models.CASCADE, related_name="legs_in")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    start_name = models.CharField(max_length=200, blank=True)
    end_name = models.CharField(max_length=200, blank=True)
    start_lat = models.FloatField()
    start_lon = models.FloatField()
    end_lat = models.FloatField()
    end_lon = models.FloatField()
    depart_at = models.DateTimeField(_("departs at"))
    wait_min = models.FloatField(_("waiting (minutes)"), default=0)
    duration_min = models.FloatField(_("moving (minutes)"))
    distance_km = models.FloatField(_("distance (km)"))
    route_id = models.CharField(_("ferry route"), max_length=64, blank=True)
    sails_at = models.DateTimeField(_("sails at"), null=True, blank=True)
    overnight = models.BooleanField(default=False)
    crossing_id = models.CharField(_("border crossing"), max_length=64, blank=True)

    class Meta:
        ordering = ["from_stop__day__number", "from_stop__position", "position"]

    @property
    def total_min(self) -> float:
        return self.wait_min + self.duration_min


class ShareLink(models.Model):
    """An unguessable, expiring, revocable link to an itinerary's proposal page (read-only,
    for the client): whoever holds the token may read the proposal and accept it."""

    itinerary = models.ForeignKey(Itinerary, on_delete=models.CASCADE,
                                  related_name="share_links")
    token = models.CharField(max_length=43, unique=True)
    show_contacts = models.BooleanField(
        _("show the suppliers' contacts"), default=False,
        help_text=_("The client sees each supplier's name, phone and email."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.itinerary} ({self.created_at:%Y-%m-%d})"


# The curated sample trips' pages live in their own module; imported here so Django sees them.
from itineraries.pages import ItineraryIndexPage, ItineraryPage  # noqa: E402, F401
