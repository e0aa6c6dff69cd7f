"""The B2B matchmaking models. A B2B event has meeting slots and tables; registered companies
say what they offer and look for, ask each other for meetings, block the slots they cannot
meet in; the scheduler places accepted requests into (slot, table) and the organiser publishes
the schedule."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingSlot(models.Model):
    event = models.ForeignKey("cluster.Event", on_delete=models.CASCADE,
                              related_name="meeting_slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("meeting slot")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="meeting_slot_ends_after_start"),
            models.UniqueConstraint(fields=["event", "starts_at"],
                                    name="meeting_slot_once_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class MeetingTable(models.Model):
    event = models.ForeignKey("cluster.Event", on_delete=models.CASCADE,
                              related_name="meeting_tables")
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("meeting table")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["event", "name"],
                                               name="meeting_table_name_once")]

    def __str__(self) -> str:
        return self.name


class MatchProfile(models.Model):
    """What a registered company offers and looks for at this event."""

    registration = models.OneToOneField("cluster.Registration", on_delete=models.CASCADE,
                                        related_name="match_profile")
    offers = models.TextField(_("what we offer"), blank=True)
    looks_for = models.TextField(_("what we look for"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")  # its meeting was cancelled after publication

    event = models.ForeignKey("cluster.Event", on_delete=models.CASCADE,
                              related_name="meeting_requests")
    from_registration = models.ForeignKey("cluster.Registration", on_delete=models.CASCADE,
                                          related_name="meeting_requests_sent")
    to_registration = models.ForeignKey("cluster.Registration", on_delete=models.CASCADE,
                                        related_name="meeting_requests_received")
    message = models.TextField(_("message"), blank=True)
    preferred_slots = models.ManyToManyField(MeetingSlot, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED)
    answer_message = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting request")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_registration", "to_registration"],
                                    name="meeting_request_once_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(from_registration=models.F("to_registration")),
                name="meeting_request_not_to_itself"),
        ]
        indexes = [models.Index(fields=["event", "status"], name="meeting_request_status_idx")]


class BlockedSlot(models.Model):
    """A slot in which a registered company cannot meet anyone."""

    registration = models.ForeignKey("cluster.Registration", on_delete=models.CASCADE,
                                     related_name="blocked_slots")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "slot"],
                                               name="blocked_slot_once")]


class MeetingSchedule(models.Model):
    """The last scheduler run of a B2B event, and whether its meetings are published."""

    class Status(models.TextChoices):
        OPTIMAL = "optimal", _("Optimal")
        FEASIBLE = "feasible", _("Feasible (time limit reached)")

    event = models.OneToOneField("cluster.Event", on_delete=models.CASCADE,
                                 related_name="meeting_schedule")
    solver_status = models.CharField(max_length=10, choices=Status.choices)
    requests = models.PositiveIntegerField(_("accepted requests"))
    scheduled = models.PositiveIntegerField(_("meetings scheduled"))
    upper_bound = models.PositiveIntegerField(_("meetings at most"))
    seconds = models.FloatField()
    run_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Meeting(models.Model):
    event = models.ForeignKey("cluster.Event", on_delete=models.CASCADE,
                              related_name="meetings")
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE,
                                   related_name="meeting")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.PROTECT, related_name="meetings")
    table = models.ForeignKey(MeetingTable, on_delete=models.PROTECT, related_name="meetings")
    changed_at = models.DateTimeField(null=True, blank=True)  # moved after publication

    class Meta:
        verbose_name = _("meeting")
        ordering = ["slot__starts_at", "table_id"]
        constraints = [models.UniqueConstraint(fields=["slot", "table"],
                                               name="meeting_one_per_table_and_slot")]
