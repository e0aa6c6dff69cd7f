"""Words for the builder: durations in hours and minutes, a leg in one line."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.dates import LOCAL_TZ

register = template.Library()


@register.filter
def duration(minutes) -> str:
    """``135`` → ``2 h 15 min``."""
    total = int(round(float(minutes or 0)))
    hours, rest = divmod(total, 60)
    if hours and rest:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": rest}


@register.filter
def clock(moment) -> str:
    return timezone.localtime(moment, LOCAL_TZ).strftime("%H:%M") if moment else ""


@register.filter
def leg_text(leg) -> str:
    """One line a planner reads: how, from where to where, when, how long."""
    values = {"from": leg.start_name or _("the previous stop"),
              "to": leg.end_name or _("the next stop"),
              "time": duration(leg.duration_min), "km": f"{leg.distance_km:.0f}",
              "wait": duration(leg.wait_min), "depart": clock(leg.depart_at),
              "sails": clock(leg.sails_at)}
    if leg.kind == "ferry":
        text = _("Ferry %(from)s → %(to)s, sails at %(sails)s (wait %(wait)s), %(time)s at "
                 "sea, %(km)s km") % values
        return text + (_(", overnight") if leg.overnight else "")
    if leg.kind == "border":
        return _("Border crossing at %(from)s: queue about %(wait)s") % values
    return _("Drive %(from)s → %(to)s, leaving %(depart)s: %(time)s, %(km)s km") % values
