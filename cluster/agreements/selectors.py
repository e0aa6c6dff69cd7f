"""Reading agreements: the managers' filtered list."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cluster.agreements.models import Agreement


def agreement_list(*, kind: str = "", status: str = "", query: str = "") -> QuerySet[Agreement]:
    """Agreements, newest first, of ``kind`` and ``status`` when given (unknown values are
    ignored), whose title or a party's name contains ``query``; each with ``party_count``
    and its parties fetched."""
    agreements = Agreement.objects.all()
    if kind in Agreement.Kind.values:
        agreements = agreements.filter(kind=kind)
    if status in Agreement.Status.values:
        agreements = agreements.filter(status=status)
    if query:
        agreements = agreements.filter(Q(title__icontains=query)
                                       | Q(members__name__icontains=query)).distinct()
    return (agreements.annotate(party_count=Count("parties", distinct=True))
            .prefetch_related("members").select_related("contract"))
