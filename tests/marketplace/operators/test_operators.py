"""Tour operators: sign-up and its validation, a manager's review, members, API tokens."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from rest_framework.authtoken.models import Token

from marketplace.core.errors import MarketplaceError
from marketplace.operators.models import Operator, OperatorMember
from marketplace.operators.selectors import operator_member_operator
from marketplace.operators.services import operators as services
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Adria Erlebnisreisen GmbH",
    "country": "DE",
    "vat_number": "DE 814 263 597",
    "contact_name": "Katrin Vogel",
    "email": "katrin@example.com",
    "phone": "+49 89 000000",
    "website": "https://adria.example.com",
    "password1": "Blue-Adriatic-2026",
    "password2": "Blue-Adriatic-2026",
}


@pytest.fixture
def manager(managers):
    user = get_user_model().objects.create_user("manager", "manager@example.com", "pw")
    user.groups.add(managers)
    return user


@pytest.fixture
def sme_user(make_provider):
    from marketplace.catalogue.services.permissions import sme_group_ensure

    user = get_user_model().objects.create_user("sme", "sme@example.com", "pw")
    user.groups.add(sme_group_ensure(provider=make_provider()))
    return user


def signup(**overrides) -> Operator:
    fields = dict(name="Thames & Adriatic Journeys Ltd", country="GB",
                  vat_number="GB 284 6193 75", email="oliver@example.com",
                  password="Blue-Adriatic-2026", contact_name="Oliver Hart")
    fields.update(overrides)
    return services.operator_signup(**fields)


@pytest.fixture
def approved(manager):
    operator = signup()
    return services.operator_approve(operator=operator, reviewer=manager)


def owner_of(operator):
    return operator.members.get(role=OperatorMember.Role.OWNER).user


# Sign-up


def test_signup_form_creates_a_pending_operator_and_its_owner(client, manager,
                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/operators/join/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/en/operators/join/thanks/"
    operator = Operator.objects.get()
    assert (operator.status, operator.country, operator.vat_number) == ("pending", "DE",
                                                                        "814263597")
    assert operator.contact_name == "Katrin Vogel" and operator.language == "en"
    member = operator.members.get()
    assert member.role == "owner" and member.user.username == "katrin@example.com"
    assert member.user.check_password("Blue-Adriatic-2026")
    # The managers are told; the link goes to the review screen.
    assert mail.outbox[-1].to == ["manager@example.com"]
    assert f"/admin/marketplace/operators/{operator.pk}/review/" in mail.outbox[-1].body
    assert client.get("/en/operators/join/thanks/").status_code == 200


@pytest.mark.parametrize("field,value,message", [
    ("country", "XX", "Select a valid choice"),
    ("vat_number", "DE 814-263-597!", "2 to 32 letters and digits"),
    ("vat_number", "1", "2 to 32 letters and digits"),
    ("email", "not-an-email", "valid email"),
    ("password2", "Another-password-1", "The two passwords differ"),
    ("name", "", "required"),
])
def test_signup_form_rejects_bad_input_with_a_400_and_writes_nothing(client, field, value,
                                                                     message):
    response = client.post("/en/operators/join/", {**SIGNUP, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Operator.objects.exists() and not get_user_model().objects.exists()


def test_signup_checks_vat_numbers_of_the_cluster_countries_by_their_rules(client):
    response = client.post("/en/operators/join/",
                           {**SIGNUP, "country": "IT", "vat_number": "00743110158"})
    assert response.status_code == 400 and "check digit" in response.content.decode()
    response = client.post("/en/operators/join/",
                           {**SIGNUP, "country": "AL", "vat_number": "12345678"})
    assert response.status_code == 400 and "NIPT" in response.content.decode()
    response = client.post("/en/operators/join/",
                           {**SIGNUP, "country": "AL", "vat_number": "k12345678l"})
    assert response.status_code == 302
    assert Operator.objects.get().vat_number == "K12345678L"


def test_a_weak_password_is_refused(client, settings):
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]
    response = client.post("/en/operators/join/",
                           {**SIGNUP, "password1": "short", "password2": "short"})
    assert response.status_code == 400 and not Operator.objects.exists()


def test_duplicate_vat_number_is_a_clear_409_and_nothing_is_written(client):
    signup(country="DE", vat_number="814263597")
    response = client.post("/en/operators/join/", {**SIGNUP, "vat_number": "de814263597"})
    assert response.status_code == 409
    assert "already signed up" in response.content.decode()
    assert Operator.objects.count() == 1
    assert not get_user_model().objects.filter(username="katrin@example.com").exists()
    # The same number in another country is another company.
    assert signup(country="AT", vat_number="814263597", email="x@example.com").pk


def test_an_email_with_an_account_is_refused(client):
    get_user_model().objects.create_user("someone", "KATRIN@example.com", "pw")
    response = client.post("/en/operators/join/", SIGNUP)
    assert response.status_code == 409 and "exists already" in response.content.decode()
    assert not Operator.objects.exists()


def test_country_and_vat_normalisers():
    assert services.operator_country_normalise(value=" gb ") == "GB"
    with pytest.raises(MarketplaceError) as exc:
        services.operator_country_normalise(value="UK")
    assert exc.value.field == "country"
    assert services.operator_vat_normalise(country="GR", value="EL 094 259 216") == "094259216"
    assert services.operator_vat_normalise(country="NL", value="NL8544.49.231.B01") == (
        "854449231B01")
    assert services.operator_vat_normalise(country="ME", value="02123456") == "02123456"


# Before approval: signed in, no operator powers


def test_a_pending_owner_signs_in_but_has_no_operator_powers(client):
    operator = signup()
    response = client.post("/en/operators/sign-in/",
                           {"username": "oliver@example.com", "password": "Blue-Adriatic-2026"})
    assert response.status_code == 302 and response["Location"] == "/en/operators/account/"
    page = client.get("/en/operators/account/")
    assert page.status_code == 200
    assert "Waiting for approval" in page.content.decode()
    assert "Invite an agent" not in page.content.decode()
    assert operator_member_operator(user=owner_of(operator)) is None
    assert client.post("/en/operators/account/api-token/").status_code == 302
    assert not Token.objects.filter(user=owner_of(operator)).exists()


def test_the_account_page_needs_a_sign_in_and_a_membership(client, django_user_model):
    response = client.get("/en/operators/account/")
    assert response.status_code == 302 and "/en/operators/sign-in/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("tourist", "t@example.com", "pw"))
    assert client.get("/en/operators/account/").status_code == 403


# Review by a cluster manager


def test_a_manager_approves_and_the_owner_is_emailed(client, manager,
                                                     django_capture_on_commit_callbacks):
    operator = signup()
    client.force_login(manager)
    listing = client.get("/admin/marketplace/operators/")
    assert listing.status_code == 200 and operator.vat_number in listing.content.decode()
    assert client.get(f"/admin/marketplace/operators/{operator.pk}/review/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/marketplace/operators/{operator.pk}/review/",
                               {"action": "approve", "note": ""})
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.status == "approved" and operator.reviewed_by == manager
    assert operator.reviewed_at is not None
    assert mail.outbox[-1].to == ["oliver@example.com"]
    assert "/en/operators/account/" in mail.outbox[-1].body
    assert operator_member_operator(user=owner_of(operator)) == operator
    # A second review is refused.
    response = client.post(f"/admin/marketplace/operators/{operator.pk}/review/",
                           {"action": "reject", "note": "Too late"})
    assert response.status_code == 409


def test_a_rejection_needs_a_note_and_tells_the_owner(client, manager,
                                                      django_capture_on_commit_callbacks):
    operator = signup()
    client.force_login(manager)
    url = f"/admin/marketplace/operators/{operator.pk}/review/"
    response = client.post(url, {"action": "reject", "note": " "})
    assert response.status_code == 400
    operator.refresh_from_db()
    assert operator.status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reject", "note": "We found no such company."})
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.status == "rejected"
    assert "We found no such company." in mail.outbox[-1].body
    assert operator_member_operator(user=owner_of(operator)) is None


def test_an_sme_user_cannot_review_operators(client, sme_user):
    operator = signup()
    client.force_login(sme_user)
    # Wagtail's admin answers a refused permission with a redirect to its dashboard.
    listing = client.get("/admin/marketplace/operators/", headers=SCRIPT)
    assert refused(listing) and operator.vat_number not in str(listing.content)
    response = client.post(f"/admin/marketplace/operators/{operator.pk}/review/",
                           {"action": "approve", "note": ""}, headers=SCRIPT)
    assert refused(response)
    assert response.get("Location", "") != "/admin/marketplace/operators/"
    operator.refresh_from_db()
    assert operator.status == "pending"


def test_an_operator_owner_cannot_review_either(client):
    operator = signup()
    client.force_login(owner_of(operator))
    response = client.post(f"/admin/marketplace/operators/{operator.pk}/review/",
                           {"action": "approve", "note": ""})
    assert refused(response)  # no admin access: the login page
    operator.refresh_from_db()
    assert operator.status == "pending"


def test_superusers_review_too(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    operator = signup()
    client.force_login(admin)
    response = client.post(f"/admin/marketplace/operators/{operator.pk}/review/",
                           {"action": "approve", "note": "Welcome"})
    assert response.status_code == 302
    operator.refresh_from_db()
    assert operator.status == "approved" and operator.review_note == "Welcome"


# Members


def _invitation_link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_owner_invites_an_agent_who_sets_a_password(client, approved,
                                                        django_capture_on_commit_callbacks):
    client.force_login(owner_of(approved))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/operators/account/members/add/",
                               {"email": "Agent@Example.com", "name": "Ann Agent"})
    assert response.status_code == 302
    assert not approved.members.filter(role="agent").exists()  # not before accepting
    assert mail.outbox[-1].to == ["Agent@Example.com"]
    client.logout()

    link = _invitation_link(mail.outbox[-1])
    assert "/en/operators/invitations/" in link
    response = client.post(link, {"password1": "Agent-pass-2026!",
                                  "password2": "Agent-pass-2026!"})
    assert response.status_code == 302 and response["Location"] == "/en/operators/account/"
    member = approved.members.get(role="agent")
    assert member.user.username == "agent@example.com" and member.user.first_name == "Ann"
    page = client.get("/en/operators/account/").content.decode()
    assert "Agent (books)" in page and "Invite an agent" not in page  # agents do not invite
    assert operator_member_operator(user=member.user) == approved
    # The link does not make a second account, nor a second membership.
    client.logout()
    assert client.get(link)["Location"].startswith("/en/operators/sign-in/")


def _invite(operator, email, by=None):
    with _on_commit():
        services.operator_member_invite(operator=operator, email=email,
                                        by=by or owner_of(operator))
    return re.search(r"/en/operators/invitations/[^/]+/", mail.outbox[-1].body).group(0)


def _agent(client, operator, email="a@example.com"):
    """An agent who accepted its invitation."""
    user = get_user_model().objects.create_user(email, email, "pw")
    link = _invite(operator, email)
    client.force_login(user)
    assert client.post(link).status_code == 302
    client.logout()
    return operator.members.get(user=user)


def _on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_an_existing_user_joins_only_by_accepting(client, approved, django_user_model):
    user = django_user_model.objects.create_user("ann", "ann@example.com", "pw")
    link = _invite(approved, "ANN@example.com")
    assert not OperatorMember.objects.filter(user=user).exists()
    # Anyone else signed in cannot use it; the invited person is asked to sign in.
    assert client.get(link)["Location"].startswith("/en/operators/sign-in/")
    client.force_login(django_user_model.objects.create_user("eve", "eve@example.com", "pw"))
    assert client.post(link).status_code == 403
    client.force_login(user)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert OperatorMember.objects.get(user=user).operator == approved
    assert user.check_password("pw")
    assert client.post(link).status_code == 409  # already a member


def test_the_answer_is_the_same_with_or_without_an_account(client, approved,
                                                         django_user_model):
    django_user_model.objects.create_user("ann", "ann@example.com", "pw")
    client.force_login(owner_of(approved))
    answers = []
    for email in ("ann@example.com", "nobody@example.com"):
        response = client.post("/en/operators/account/members/add/", {"email": email},
                               follow=True)
        shown = [str(m).replace(email, "EMAIL") for m in response.context["messages"]]
        members = [str(m.user) for m in approved.members.all()]
        answers.append((response.redirect_chain, shown, members))
    assert answers[0] == answers[1]
    assert answers[0][1] == ["An invitation was emailed to EMAIL."]


def test_a_forged_or_expired_invitation_is_refused(client, approved, settings):
    link = _invite(approved, "new@example.com")
    assert client.get(link[:-3] + "xx/").status_code == 400
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=time.time() + 8 * 86400):
        assert client.get(link).status_code == 400


def test_a_used_or_forged_password_link_is_a_400_that_says_so(client, approved):
    from urllib.parse import urlsplit

    owner = owner_of(approved)
    link = urlsplit(services._set_password_url(owner)).path
    response = client.get(link)
    assert response.status_code == 302  # Django hides the token behind a redirect
    assert client.get(response["Location"]).status_code == 200
    forged = link.rsplit("/", 2)[0] + "/not-a-token/"
    for method in (client.get, client.post):
        response = method(forged)
        assert response.status_code == 400
        assert "This link has been used already" in response.content.decode()


def test_only_the_owner_of_an_approved_operator_manages_members(client, approved, manager):
    owner = owner_of(approved)
    agent = _agent(client, approved)
    with pytest.raises(services.OperatorPermissionDenied):
        services.operator_member_invite(operator=approved, email="b@example.com",
                                        by=agent.user)
    with pytest.raises(services.OperatorPermissionDenied):
        services.operator_member_invite(operator=approved, email="b@example.com", by=manager)
    pending = signup(country="FR", vat_number="FR40303265045", email="fr@example.com")
    with pytest.raises(services.OperatorPermissionDenied):
        services.operator_member_invite(operator=pending, email="c@example.com",
                                        by=owner_of(pending))
    with pytest.raises(services.OperatorPermissionDenied):
        services.operator_member_remove(member=agent, by=owner_of(pending))
    with pytest.raises(services.OperatorPermissionDenied):
        services.operator_member_remove(member=approved.members.get(role="owner"), by=owner)
    assert approved.members.count() == 2


def test_the_owner_removes_an_agent(client, approved):
    owner = owner_of(approved)
    agent = _agent(client, approved)
    services.operator_api_token(user=agent.user)
    client.force_login(agent.user)
    response = client.post(f"/en/operators/account/members/{agent.pk}/remove/")
    assert response.status_code == 403  # an agent cannot
    client.force_login(owner)
    response = client.post(f"/en/operators/account/members/{agent.pk}/remove/")
    assert response.status_code == 302
    assert not OperatorMember.objects.filter(pk=agent.pk).exists()
    assert operator_member_operator(user=agent.user) is None
    assert not Token.objects.filter(user=agent.user).exists()
    # The owner stays; removing it is refused with a message.
    own = approved.members.get(role="owner")
    response = client.post(f"/en/operators/account/members/{own.pk}/remove/")
    assert response.status_code == 403 and OperatorMember.objects.filter(pk=own.pk).exists()


def test_an_agent_add_with_a_bad_email_is_a_400(client, approved):
    client.force_login(owner_of(approved))
    response = client.post("/en/operators/account/members/add/", {"email": "nope"})
    assert response.status_code == 400
    assert approved.members.count() == 1


def test_approved_members_get_an_api_token(client, approved):
    owner = owner_of(approved)
    client.force_login(owner)
    response = client.post("/en/operators/account/api-token/", follow=True)
    key = owner.auth_token.key
    assert key in response.content.decode()
    assert services.operator_api_token(user=owner) == key
    assert services.operator_api_token(user=owner, renew=True) != key
