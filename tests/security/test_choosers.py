"""Snippet choosers and wagtail-localize's snippet API ask for a permission on the model:
contracts, overrides, applications and payout settings are the cluster managers' alone."""

import pytest
from django.urls import reverse

from marketplace.operators.models import CommissionRate

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}
MANAGERS_ONLY = ["contract", "contractoverride", "providerapplication", "payoutaccount",
                 "commissionrate"]


@pytest.mark.parametrize("model", MANAGERS_ONLY)
def test_an_sme_cannot_open_a_managers_chooser_or_snippet_api(client, world, model):
    client.force_login(world.sme_a.user)
    for url in (reverse(f"wagtailsnippetchoosers_marketplace_{model}:choose"),
                reverse(f"wagtailsnippetchoosers_marketplace_{model}:choose_results"),
                f"/admin/localize/api/snippets/marketplace/{model}/"):
        response = client.get(url, headers=XHR)
        assert response.status_code == 403, url


def test_an_sme_cannot_pick_a_contract_by_id(client, world):
    client.force_login(world.sme_a.user)
    contract = world.op_a.contract
    for url in (reverse("wagtailsnippetchoosers_marketplace_contract:chosen", args=[contract.pk]),
                f"/admin/localize/api/snippets/marketplace/contract/{contract.pk}/"):
        assert client.get(url, headers=XHR).status_code == 403, url


def test_a_manager_chooses_contracts_and_rates(client, world):
    CommissionRate.objects.create(sector_slug="crafts", pct=12)
    client.force_login(world.manager)
    page = client.get(reverse("wagtailsnippetchoosers_marketplace_contract:choose")).content
    assert str(world.op_a.operator).encode() in page
    listing = client.get("/admin/localize/api/snippets/marketplace/commissionrate/").json()
    assert [row["title"] for row in listing["results"]] == ["crafts: 12.00%"]


def test_smes_choose_sectors_and_their_own_resources_in_the_api(client, world):
    client.force_login(world.sme_a.user)
    sectors = client.get(reverse("wagtailsnippetchoosers_marketplace_sector:choose"))
    assert sectors.status_code == 200
    resources = client.get("/admin/localize/api/snippets/marketplace/resource/").json()
    assert [row["id"] for row in resources["results"]] == [world.sme_a.resource.pk]


@pytest.mark.parametrize("model", ["resource", "contract"])
def test_a_chooser_with_no_creation_form_refuses_a_post(client, world, model):
    client.force_login(world.manager)
    url = reverse(f"wagtailsnippetchoosers_marketplace_{model}:create")
    assert client.post(url, {"name": "Boat"}, headers=XHR).status_code == 405
    assert client.get(url, headers=XHR).status_code == 200
