"""Choice lists shared by the marketplace's models and services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    ITALY = "IT", _("Italy")
    ALBANIA = "AL", _("Albania")
    MONTENEGRO = "ME", _("Montenegro")


class Area(models.TextChoices):
    """The cluster's four areas; the values are geo's area ids (ISO 3166)."""

    PUGLIA = "IT-75", "Puglia"
    MOLISE = "IT-67", "Molise"
    ALBANIA = "AL", _("Albania")
    MONTENEGRO = "ME", _("Montenegro")


class Currency(models.TextChoices):
    EUR = "EUR", "EUR (€)"
    ALL = "ALL", "ALL (lek)"


class BookingMode(models.TextChoices):
    INSTANT = "instant", _("Instant confirmation")
    REQUEST = "request", _("On request (the supplier accepts or declines)")


class ScheduleKind(models.TextChoices):
    START_TIMES = "start_times", _("Fixed start times")
    OPENING_HOURS = "opening_hours", _("Opening hours (free-flow visit)")
    NIGHTLY = "nightly", _("Nightly (lodging)")


class PricingKind(models.TextChoices):
    PER_PERSON = "per_person", _("Per person, by age band")
    PER_GROUP = "per_group", _("Per group or unit, by size tier")
    PER_NIGHT = "per_night", _("Per room and night (lodging)")


class CancellationKind(models.TextChoices):
    STANDARD = "standard", _("Standard: free cancellation until 24 hours before")
    CUSTOM = "custom", _("Custom: a refund percentage until some hours before")
    NON_REFUNDABLE = "non_refundable", _("Non refundable")


class OperatorTerms(models.TextChoices):
    COMMISSION = "commission", _("Commission on the retail price")
    NET_RATE = "net_rate", _("Net rate per price option")


class BookingStatus(models.TextChoices):
    """A booking's states (DESIGN.md). The catalogue reads holds by these values when it
    counts places left (``catalogue.selectors.slots``)."""

    HELD = "held", _("Held")
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted (awaiting payment)")
    DECLINED = "declined", _("Declined")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("No show")
    EXPIRED = "expired", _("Expired")
