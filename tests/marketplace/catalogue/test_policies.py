import pytest
from django.utils import translation

from marketplace.catalogue.policies import CancellationPolicy


class Page:
    def __init__(self, cancellation, hours=24, pct=100):
        self.cancellation = cancellation
        self.cancellation_hours = hours
        self.cancellation_refund_pct = pct


@pytest.mark.parametrize(
    ("page", "hours_before", "refund"),
    [
        (Page("standard"), 48, 100),
        (Page("standard"), 24, 100),
        (Page("standard"), 23.9, 0),
        (Page("custom", 72, 50), 80, 50),
        (Page("custom", 72, 50), 10, 0),
        (Page("non_refundable"), 500, 0),
        (Page("standard"), -1, 0),
    ],
)
def test_refund_by_policy_and_timing(page, hours_before, refund):
    assert CancellationPolicy.of(page).refund_pct_at(hours_before_start=hours_before) == refund


def test_policies_in_plain_words():
    with translation.override("en"):
        assert CancellationPolicy.of(Page("standard")).describe() == (
            "Free cancellation up to 24 hours before the start; no refund later.")
        assert "50% back" in CancellationPolicy.of(Page("custom", 72, 50)).describe()
        assert "Non refundable" in CancellationPolicy.of(Page("non_refundable")).describe()
