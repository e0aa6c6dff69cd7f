"""Contracts between suppliers and tour operators: validation, the admin, the prices operators
pay, and who sees them (the experience page and the API)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from marketplace.catalogue.models.pricing import PriceOption
from marketplace.catalogue.pricing import PriceLine
from marketplace.catalogue.services.pages import page_translation_create
from marketplace.core.choices import OperatorTerms
from marketplace.core.errors import InvalidContract, OverlappingContract
from marketplace.demo.operators import load_demo_operators
from marketplace.operators import selectors
from marketplace.operators.models import Contract, ContractOverride, Operator
from marketplace.operators.services import contracts as services
from marketplace.operators.services import operators as operator_services
from tests.marketplace.conftest import CHILD, INFANT
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db

JAN_1 = date(2026, 1, 1)
DEC_31 = date(2026, 12, 31)


def _operator(*, country="DE", vat="814263597", email="owner@example.com", approve=True):
    operator = operator_services.operator_signup(
        name=f"Operator {country}{vat}", country=country, vat_number=vat, email=email,
        password="Blue-Adriatic-2026", contact_name="Katrin Vogel", notify=False)
    if approve:
        operator = operator_services.operator_approve(operator=operator, reviewer=None,
                                                      notify=False)
    return operator


@pytest.fixture
def operator():
    return _operator()


@pytest.fixture
def owner(operator):
    return operator.members.get().user


@pytest.fixture
def provider(make_provider):
    return make_provider()


@pytest.fixture
def experience(make_experience, provider):
    return make_experience(provider=provider, photos=0, prices=(
        PriceLine(kind="per_person", label="Adult", price_cents=4500, age_min=18, age_max=99,
                  net_price_cents=3600),
        CHILD, INFANT))


def _option(experience, label) -> PriceOption:
    return experience.price_options.get(label=label)


# Validation


def test_dates_must_be_in_order(operator, provider):
    with pytest.raises(InvalidContract) as exc:
        services.contract_create(provider=provider, operator=operator, valid_from=DEC_31,
                                 valid_until=JAN_1)
    assert exc.value.field == "valid_until" and "before it starts" in exc.value.message
    assert not Contract.objects.exists()
    # One day is a valid contract.
    assert services.contract_create(provider=provider, operator=operator, valid_from=JAN_1,
                                    valid_until=JAN_1).pk


@pytest.mark.parametrize("field,value", [("commission_pct", Decimal("100.01")),
                                         ("commission_pct", Decimal(-1)),
                                         ("cluster_commission_pct", Decimal(101))])
def test_percentages_are_0_to_100(operator, provider, field, value):
    with pytest.raises(InvalidContract) as exc:
        services.contract_create(provider=provider, operator=operator, valid_from=JAN_1,
                                 **{field: value})
    assert exc.value.field == field
    assert not Contract.objects.exists()


@pytest.mark.parametrize("first,second", [
    ((JAN_1, DEC_31), (date(2026, 6, 1), date(2027, 5, 31))),
    ((JAN_1, None), (date(2030, 1, 1), date(2030, 2, 1))),
    ((date(2026, 6, 1), DEC_31), (JAN_1, None)),
    ((JAN_1, DEC_31), (DEC_31, None)),
])
def test_overlapping_contracts_between_the_same_parties_are_refused(operator, provider, first,
                                                                   second):
    services.contract_create(provider=provider, operator=operator, valid_from=first[0],
                             valid_until=first[1])
    with pytest.raises(OverlappingContract) as exc:
        services.contract_create(provider=provider, operator=operator, valid_from=second[0],
                                 valid_until=second[1])
    assert exc.value.status_code == 409 and "already has a contract" in exc.value.message
    assert Contract.objects.count() == 1


def test_contracts_that_follow_each_other_or_differ_in_a_party_are_fine(operator, provider,
                                                                        make_provider):
    services.contract_create(provider=provider, operator=operator, valid_from=JAN_1,
                             valid_until=DEC_31)
    services.contract_create(provider=provider, operator=operator, valid_from=date(2027, 1, 1))
    services.contract_create(provider=make_provider(), operator=operator, valid_from=JAN_1)
    other = _operator(country="GB", vat="284619375", email="gb@example.com")
    services.contract_create(provider=provider, operator=other, valid_from=JAN_1)
    assert Contract.objects.count() == 4


def test_a_translation_of_the_supplier_is_the_same_supplier(operator, provider):
    english = page_translation_create(page=provider, language_code="en", title="Masseria EN")
    services.contract_create(provider=provider, operator=operator, valid_from=JAN_1)
    with pytest.raises(OverlappingContract):
        services.contract_create(provider=english, operator=operator, valid_from=JAN_1)
    assert selectors.contract_active(operator=operator, provider=english,
                                    on=date(2026, 5, 1)).provider_id == provider.pk


def test_an_override_must_be_for_an_experience_of_the_supplier(operator, provider, experience,
                                                               make_experience):
    contract = services.contract_create(provider=provider, operator=operator, valid_from=JAN_1)
    elsewhere = make_experience(photos=0)
    with pytest.raises(InvalidContract) as exc:
        services.contract_override_set(contract=contract, experience=elsewhere,
                                       terms=OperatorTerms.NET_RATE)
    assert exc.value.field == "experience"
    with pytest.raises(InvalidContract):
        services.contract_override_set(contract=contract, experience=experience,
                                       terms=OperatorTerms.COMMISSION, commission_pct=120)
    override = services.contract_override_set(contract=contract, experience=experience,
                                              terms=OperatorTerms.COMMISSION, commission_pct=5)
    again = services.contract_override_set(contract=contract, experience=experience,
                                           terms=OperatorTerms.NET_RATE)
    assert again.pk == override.pk and ContractOverride.objects.count() == 1


# The active contract


def test_contract_active_within_its_dates_for_approved_operators_only(operator, provider):
    contract = services.contract_create(provider=provider, operator=operator, valid_from=JAN_1,
                                        valid_until=DEC_31)
    assert selectors.contract_active(operator=operator, provider=provider, on=JAN_1) == contract
    assert selectors.contract_active(operator=operator, provider=provider, on=DEC_31) == contract
    assert selectors.contract_active(operator=operator, provider=provider,
                                    on=date(2025, 12, 31)) is None
    assert selectors.contract_active(operator=operator, provider=provider,
                                    on=date(2027, 1, 1)) is None
    Operator.objects.filter(pk=operator.pk).update(status=Operator.Status.SUSPENDED)
    operator.refresh_from_db()
    assert selectors.contract_active(operator=operator, provider=provider, on=JAN_1) is None


def test_operator_member_operator(operator, owner, django_user_model):
    assert selectors.operator_member_operator(user=owner) == operator
    stranger = django_user_model.objects.create_user("tourist", "t@example.com", "pw")
    assert selectors.operator_member_operator(user=stranger) is None
    pending = _operator(country="FR", vat="40303265045", email="fr@example.com", approve=False)
    assert selectors.operator_member_operator(user=pending.members.get().user) is None


# Prices


def test_commission_rounds_half_up():
    assert selectors.commission_net_cents(retail_cents=4500, commission_pct=Decimal(20)) == 3600
    assert selectors.commission_net_cents(retail_cents=4500,
                                         commission_pct=Decimal("12.5")) == 3938  # 3937.5
    assert selectors.commission_net_cents(retail_cents=999,
                                         commission_pct=Decimal("15")) == 849  # 849.15
    assert selectors.commission_net_cents(retail_cents=1, commission_pct=Decimal(50)) == 1
    assert selectors.commission_net_cents(retail_cents=0, commission_pct=Decimal(10)) == 0
    assert selectors.commission_net_cents(retail_cents=4500, commission_pct=Decimal(100)) == 0


def test_commission_terms_price_retail_less_the_contract_commission(operator, provider,
                                                                    experience):
    contract = services.contract_create(provider=provider, operator=operator, valid_from=JAN_1,
                                        commission_pct=Decimal("12.5"))
    price = selectors.operator_unit_price_cents
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Adult")) == 3938
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Child")) == 1750
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Infant")) == 0


def test_net_rate_terms_use_net_prices_then_the_experience_terms_then_retail(
        operator, provider, experience):
    contract = services.contract_create(provider=provider, operator=operator, valid_from=JAN_1,
                                        terms=OperatorTerms.NET_RATE)
    price = selectors.operator_unit_price_cents
    # The option's net price.
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Adult")) == 3600
    # No net price: the experience's own operator terms (commission, 20% by default).
    assert experience.operator_terms == OperatorTerms.COMMISSION
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Child")) == 1600
    experience.operator_commission_pct = Decimal("25.5")
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Child")) == 1490
    # Net-rate experience without a net price: retail.
    experience.operator_terms = OperatorTerms.NET_RATE
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Child")) == 2000


def test_an_override_replaces_the_contract_terms_for_its_experience(operator, provider,
                                                                    experience, make_experience):
    contract = services.contract_create(provider=provider, operator=operator, valid_from=JAN_1,
                                        commission_pct=10)
    other = make_experience(provider=provider, photos=0)
    services.contract_override_set(contract=contract, experience=experience,
                                   terms=OperatorTerms.NET_RATE)
    price = selectors.operator_unit_price_cents
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Adult")) == 3600
    assert price(contract=contract, experience=other, option=_option(other, "Adult")) == 4050
    services.contract_override_set(contract=contract, experience=experience,
                                   terms=OperatorTerms.COMMISSION, commission_pct=30)
    assert price(contract=contract, experience=experience,
                 option=_option(experience, "Adult")) == 3150
    # The override holds for the experience in every language, with that page's options.
    english = page_translation_create(page=provider, language_code="en", title="EN")
    assert english
    english_page = page_translation_create(page=experience, language_code="en", title="Oil")
    option = english_page.specific.price_options.get(label="Adult")
    assert price(contract=contract, experience=english_page.specific, option=option) == 3150


# Who sees net prices


@pytest.fixture
def contract(operator, provider, experience):
    return services.contract_create(provider=provider, operator=operator,
                                    valid_from=date(2000, 1, 1),
                                    terms=OperatorTerms.NET_RATE)


def test_the_experience_page_shows_net_prices_to_approved_members_only(client, contract,
                                                                       experience, owner):
    public = client.get(experience.url)
    assert public.status_code == 200
    assert "operator-prices" not in public.content.decode()
    client.force_login(owner)
    page = client.get(experience.url).content.decode()
    assert "operator-prices" in page and "36,00" in page  # net adult price, Italian page
    # Pending operators see the public page.
    pending = _operator(country="FR", vat="40303265045", email="fr@example.com", approve=False)
    services.contract_create(provider=contract.provider, operator=pending,
                             valid_from=date(2000, 1, 1))
    client.force_login(pending.members.get().user)
    assert "operator-prices" not in client.get(experience.url).content.decode()


def test_no_contract_no_net_prices(client, operator, owner, experience):
    client.force_login(owner)
    assert "operator-prices" not in client.get(experience.url).content.decode()


def _detail(client, experience, user=None):
    headers = {}
    if user is not None:
        headers["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    response = client.get(f"/api/v1/experiences/{experience.pk}/", **headers)
    assert response.status_code == 200
    return response.json()


def test_the_api_adds_net_prices_for_an_approved_member_with_a_token(client, contract,
                                                                     experience, owner):
    assert "net_price_options" not in _detail(client, experience)
    body = _detail(client, experience, owner)
    assert [(o["label"], o["amount"], o["retail_amount"], o["currency"])
            for o in body["net_price_options"]] == [
        ("Adult", "36.00", "45.00", "EUR"), ("Child", "16.00", "20.00", "EUR"),
        ("Infant", "0.00", "0.00", "EUR")]
    assert body["net_price_options"][0]["id"] == _option(experience, "Adult").pk
    # The public prices are unchanged.
    assert body["price_options"][0]["amount"] == "45.00"


def test_the_api_shows_no_net_prices_to_others(client, contract, experience):
    pending = _operator(country="FR", vat="40303265045", email="fr@example.com", approve=False)
    services.contract_create(provider=contract.provider, operator=pending,
                             valid_from=date(2000, 1, 1))
    assert "net_price_options" not in _detail(client, experience, pending.members.get().user)
    stranger = get_user_model().objects.create_user("tourist", "t@example.com", "pw")
    assert "net_price_options" not in _detail(client, experience, stranger)


# The admin


@pytest.fixture
def manager(managers):
    user = get_user_model().objects.create_user("manager", "manager@example.com", "pw")
    user.groups.add(managers)
    return user


def _contract_form(provider, operator, **overrides):
    data = {"provider": str(provider.pk), "operator": str(operator.pk), "terms": "commission",
            "commission_pct": "15", "valid_from": "2026-01-01", "valid_until": "2026-12-31",
            "signed_at": "", "currency": "EUR", "cluster_commission_pct": ""}
    data.update(overrides)
    return data


def test_managers_create_contracts_in_the_admin_with_validation(client, manager, operator,
                                                                provider):
    client.force_login(manager)
    url = "/admin/snippets/marketplace/contract/add/"
    assert client.get(url).status_code == 200
    response = client.post(url, _contract_form(provider, operator, valid_until="2025-01-01"))
    assert response.status_code == 200 and not Contract.objects.exists()
    assert "cannot end before it starts" in response.content.decode()
    response = client.post(url, _contract_form(provider, operator, commission_pct="101"))
    assert response.status_code == 200 and not Contract.objects.exists()
    response = client.post(url, _contract_form(provider, operator))
    assert response.status_code == 302
    contract = Contract.objects.get()
    assert contract.commission_pct == Decimal(15) and contract.valid_until == DEC_31
    response = client.post(url, _contract_form(provider, operator, valid_from="2026-06-01",
                                               valid_until=""))
    assert response.status_code == 200 and Contract.objects.count() == 1
    assert "already has a contract" in response.content.decode()
    # Editing the contract itself is not an overlap.
    response = client.post(f"/admin/snippets/marketplace/contract/edit/{contract.pk}/",
                           _contract_form(provider, operator, commission_pct="18"))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.commission_pct == Decimal(18)


def test_managers_add_overrides_in_the_admin(client, manager, contract, experience,
                                             make_experience):
    client.force_login(manager)
    url = "/admin/snippets/marketplace/contractoverride/add/"
    elsewhere = make_experience(photos=0)
    data = {"contract": str(contract.pk), "experience": str(elsewhere.pk), "terms": "commission",
            "commission_pct": "5"}
    response = client.post(url, data)
    assert response.status_code == 200 and not ContractOverride.objects.exists()
    assert "is not an experience of" in response.content.decode()
    response = client.post(url, {**data, "experience": str(experience.pk)})
    assert response.status_code == 302
    assert ContractOverride.objects.get().commission_pct == Decimal(5)


def test_an_sme_user_cannot_manage_contracts(client, make_provider, operator, provider):
    from marketplace.catalogue.services.permissions import sme_group_ensure

    user = get_user_model().objects.create_user("sme", "sme@example.com", "pw")
    user.groups.add(sme_group_ensure(provider=provider))
    client.force_login(user)
    response = client.post("/admin/snippets/marketplace/contract/add/",
                           _contract_form(provider, operator), headers=SCRIPT)
    assert refused(response) and not Contract.objects.exists()


# Demo


def test_demo_operators_have_contracts_and_a_second_run_creates_nothing(catalogue,
                                                                       monkeypatch):
    monkeypatch.delenv("DEMO_USER_PASSWORD", raising=False)
    messages = []
    assert load_demo_operators(messages.append) > 0
    operators = Operator.objects.filter(status=Operator.Status.APPROVED)
    assert set(operators.values_list("country", flat=True)) == {"DE", "GB"}
    countries = set(Contract.objects.values_list("provider__country", flat=True))
    assert countries == {"IT", "AL", "ME"}
    owner = get_user_model().objects.get(username="operator-de@example.com")
    assert owner.check_password("innotourclust-demo")
    assert selectors.operator_member_operator(user=owner).country == "DE"
    assert load_demo_operators(messages.append) == 0
    assert "already there" in messages[-1]
