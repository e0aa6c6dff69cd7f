"""Reads of the partners domain: the suggestions and the bundles' bookable dates."""

from cluster.partners.selectors.bundles import (
    Bundle,
    BundleDate,
    BundlePart,
    BundleStop,
    bundle_on_day,
)
from cluster.partners.selectors.suggestions import ScoreLine, Suggestion, partner_suggestions

__all__ = ["Bundle", "BundleDate", "BundlePart", "BundleStop", "ScoreLine", "Suggestion",
           "bundle_on_day", "partner_suggestions"]
