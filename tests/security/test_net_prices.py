"""Operator B never sees the net prices of A's contract: not in the services, the experience
page, nor the API."""

import pytest
from rest_framework.authtoken.models import Token

from marketplace.operators.selectors import operator_prices

pytestmark = pytest.mark.django_db


def test_only_the_contracts_operator_gets_its_net_prices(world):
    experience = world.sme_a.experience
    mine = operator_prices(user=world.op_a.user, experience=experience)
    assert [price.net_cents for price in mine.prices] == [3600]
    assert mine.contract == world.op_a.contract
    for user in (world.op_b.user, world.op_b.agent.user, world.sme_a.user, world.manager):
        assert operator_prices(user=user, experience=experience) is None


def test_the_api_shows_net_prices_to_the_contracts_operator_only(client, world):
    url = f"/api/v1/experiences/{world.sme_a.experience.pk}/"
    for user, expected in ((world.op_a.agent.user, ["36.00"]), (world.op_b.user, None),
                           (world.op_b.agent.user, None)):
        token = Token.objects.get_or_create(user=user)[0]
        body = client.get(url, headers={"authorization": f"Token {token.key}"}).json()
        net = body.get("net_price_options")
        assert ([row["amount"] for row in net] if net else None) == expected, user


def test_the_experience_page_shows_net_prices_to_the_contracts_operator_only(client, world):
    url = world.sme_a.experience.url
    client.force_login(world.op_a.user)
    page = client.get(url).content.decode()
    assert "36,00" in page or "36.00" in page
    client.force_login(world.op_b.user)
    page = client.get(url).content.decode()
    assert "36,00" not in page and "36.00" not in page
