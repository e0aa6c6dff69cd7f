"""Cancellation policies as data: what a buyer gets back, and the policy in plain words."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.core.choices import CancellationKind


@dataclass(frozen=True)
class CancellationPolicy:
    """``kind`` with the hours before the start until which ``refund_pct`` is refunded."""

    kind: str
    hours_before: int = 24
    refund_pct: int = 100

    @classmethod
    def of(cls, page) -> "CancellationPolicy":
        if page.cancellation == CancellationKind.STANDARD:
            return cls(kind=CancellationKind.STANDARD, hours_before=24, refund_pct=100)
        if page.cancellation == CancellationKind.NON_REFUNDABLE:
            return cls(kind=CancellationKind.NON_REFUNDABLE, hours_before=0, refund_pct=0)
        return cls(kind=CancellationKind.CUSTOM, hours_before=page.cancellation_hours,
                   refund_pct=page.cancellation_refund_pct)

    def refund_pct_at(self, *, hours_before_start: float) -> int:
        """The refund (percent of the price) for a cancellation this many hours before start."""
        if self.kind == CancellationKind.NON_REFUNDABLE or hours_before_start < 0:
            return 0
        return self.refund_pct if hours_before_start >= self.hours_before else 0

    def describe(self) -> str:
        """The policy in plain words, in the active language."""
        if self.kind == CancellationKind.NON_REFUNDABLE:
            return _("Non refundable: no refund if you cancel.")
        hours = ngettext("%(n)d hour", "%(n)d hours", self.hours_before) % {"n": self.hours_before}
        if self.refund_pct == 100:
            return _("Free cancellation up to %(hours)s before the start; no refund later.") % {
                "hours": hours}
        return _("Cancel up to %(hours)s before the start and get %(pct)d%% back; no refund "
                 "later.") % {"hours": hours, "pct": self.refund_pct}
