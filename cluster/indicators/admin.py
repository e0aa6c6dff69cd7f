"""The programme's indicators in the Wagtail admin, for cluster managers only: a panel on the
admin home (the five targets with progress bars, a chart over time with its table) and the
exports for the programme's reports (CSV, XLSX, PDF).

Wagtail imports ``cluster/wagtail_hooks.py``, which imports this module: the hooks below
register themselves then.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.forms import Media
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.admin.ui.components import Component

from cluster.indicators.documents import (
    indicators_csv,
    indicators_filename,
    indicators_pdf,
    indicators_xlsx,
)
from cluster.indicators.selectors import indicators, indicators_over_time
from marketplace.core.roles import user_is_cluster_manager

EXPORTS = {
    "csv": (indicators_csv, "text/csv; charset=utf-8"),
    "xlsx": (indicators_xlsx,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (indicators_pdf, "application/pdf"),
}


class IndicatorsPanel(Component):
    """On the admin home of a cluster manager: the five targets, each with its figures and a
    progress bar (the values written out too), the companies behind them, and a chart of the
    last twelve months with the same numbers as a table."""

    name = "cluster_indicators"
    order = 10  # the managers' first concern: before the supplier's bookings and Wagtail's own
    template_name = "cluster/indicators/panel.html"

    @property
    def media(self):
        return Media(js=["vendor/chartjs/chart.umd.min.js", "js/cluster_indicators.js"])

    def get_context_data(self, parent_context):
        on = timezone.localdate()
        over_time = indicators_over_time(months=12, on=on)
        chart = {
            "labels": [day.strftime("%Y-%m") for day in over_time.days],
            "series": [{"label": str(series.target.label), "values": list(series.companies),
                        "goal": series.target.goal_companies} for series in over_time.series],
        }
        return {"indicators": indicators(on=on), "over_time": over_time, "chart": chart,
                "on": on, "formats": list(EXPORTS)}


def _managers_only(request) -> None:
    if not user_is_cluster_manager(request.user):
        raise PermissionDenied(_("Only the cluster's managers see its indicators."))


@require_GET
def indicators_export(request, fmt: str):
    """Today's indicators as ``csv``, ``xlsx`` or ``pdf``, as an attachment."""
    _managers_only(request)
    if fmt not in EXPORTS:
        raise Http404(_("Unknown format."))
    render, content_type = EXPORTS[fmt]
    on = timezone.localdate()
    response = HttpResponse(render(items=indicators(on=on)), content_type=content_type)
    filename = indicators_filename(on=on, extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@hooks.register("construct_homepage_panels")
def indicators_panel(request, panels):
    if user_is_cluster_manager(request.user):
        panels.append(IndicatorsPanel())


@hooks.register("register_admin_urls")
def register_indicators_urls():
    return [path("cluster/indicators/export.<str:fmt>", indicators_export,
                 name="cluster_indicators_export")]
