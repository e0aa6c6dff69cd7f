"""The indicators in the Wagtail admin: the managers' panel on the home page and the exports;
the workbook's totals are the selector's figures and the panel's."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook

from cluster.events.models import Event
from cluster.indicators.models import TARGETS
from cluster.indicators.selectors import indicators
from marketplace.core.roles import CLUSTER_MANAGERS_GROUP

from .factories import agreement_factory, attended, event_factory, member_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    user = get_user_model().objects.create_user("manager", "manager@example.com", "x")
    user.groups.add(Group.objects.get(name=CLUSTER_MANAGERS_GROUP))
    return user


@pytest.fixture
def staff():
    """An admin user who is not a cluster manager (a supplier's editor, say)."""
    user = get_user_model().objects.create_user("editor", "editor@example.com", "x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def cluster():
    """Some of everything, with one company that appears in every figure."""
    members = [member_factory() for _ in range(5)]
    agreement_factory(members=members[:3])
    agreement_factory(members=members[2:4])
    attended(event=event_factory(kind=Event.Kind.WORKSHOP), members=members[:4])
    attended(event=event_factory(kind=Event.Kind.LAB), members=members[1:3])
    attended(event=event_factory(kind=Event.Kind.B2B), members=members[:2])
    return members


def export_url(fmt: str) -> str:
    return reverse("cluster_indicators_export", args=[fmt])


def panel_figures(html: str) -> dict[str, int]:
    """The companies involved in each target as the panel writes them out."""
    return {key: int(value) for key, value in re.findall(
        r'id="indicator-(\w+)-companies"[^>]*>(\d+) of \d+ companies', html)}


def test_the_manager_sees_the_panel_with_the_selector_s_figures(client, manager, cluster):
    client.force_login(manager)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Programme indicators" in html
    expected = {item.target.key: item.companies_count for item in indicators()}
    assert panel_figures(html) == expected
    assert 'id="cluster-indicators-chart"' in html
    assert 'id="cluster-indicators-chart-table"' in html  # the chart's text alternative
    assert "vendor/chartjs/chart.umd.min.js" in html
    for fmt in ("csv", "xlsx", "pdf"):
        assert export_url(fmt) in html


def test_other_admin_users_do_not_see_the_panel(client, staff, cluster):
    client.force_login(staff)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "cluster-indicators" not in response.content.decode()


def test_the_workbook_totals_are_the_selector_s_and_the_panel_s(client, manager, cluster):
    client.force_login(manager)
    response = client.get(export_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cluster-indicators-')
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", *(target.key for target in TARGETS)]
    summary = list(workbook["Summary"].iter_rows(min_row=3, values_only=True))
    figures = indicators()
    assert [(row[0], row[1], row[3]) for row in summary] == [
        (str(item.target.label), item.count if item.count is not None else None,
         item.companies_count) for item in figures]
    for item in figures:
        listed = list(workbook[item.target.key].iter_rows(min_row=3, values_only=True))
        assert listed == [(company.id, company.name) for company in item.companies]
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel_figures(home) == {
        item.target.key: row[3] for item, row in zip(figures, summary, strict=True)}


def test_the_csv_and_the_pdf(client, manager, cluster):
    client.force_login(manager)
    csv_response = client.get(export_url("csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    lines = csv_response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(TARGETS)
    members = indicators()[0]
    assert lines[1].split(";")[4] == str(members.companies_count)
    pdf_response = client.get(export_url("pdf"))
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")
    assert client.get(export_url("docx")).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_the_exports_refuse_other_users(client, staff, fmt):
    script = {"x-requested-with": "XMLHttpRequest"}  # Wagtail answers a script with a 403
    assert client.get(export_url(fmt), headers=script).status_code in (302, 403)
    client.force_login(staff)
    assert client.get(export_url(fmt), headers=script).status_code == 403
