"""The whole path of a new member: join → approve → set a password → create an experience →
submit → a manager approves → the experience is live at its URL with its slots."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, TaskState
from wagtail.test.utils.form_data import querydict_from_html

from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Slot
from marketplace.catalogue.models.sectors import Sector
from marketplace.catalogue.services.permissions import sme_collection_get
from marketplace.onboarding.models.applications import ProviderApplication
from tests.security.checks import SCRIPT, refused

pytestmark = pytest.mark.django_db

JOIN = {
    "company_name": "Masseria Li Ulivi",
    "country": "IT",
    "vat_number": "IT 00743110157",
    "contact_name": "Lucia Rizzo",
    "email": "lucia@example.com",
    "phone": "+39 0832 000000",
    "town": "Otranto",
    "message": "Frantoio ipogeo e corsi di cucina.",
}


@pytest.fixture
def manager(managers):
    user = get_user_model().objects.create_user("manager", "manager@example.com", "pw")
    user.groups.add(managers)
    return user


def _join(client):
    sectors = Sector.objects.filter(locale__language_code="en",
                                    slug__in=["agritourism", "food-wine"])
    data = {**JOIN, "sectors": [s.pk for s in sectors]}
    return client.post("/en/join/", data)


def _set_password_from_invitation(client, password):
    url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    response = client.get(url, follow=True)
    set_url = response.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302, response.content[:2000]


def _experience_form(client, provider, image_ids):
    url = f"/admin/pages/add/marketplace/experiencepage/{provider.pk}/"
    html = client.get(url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update({
        "title": "Raccolta delle olive e pranzo in masseria",
        "slug": "raccolta-olive",
        "summary": "Una giornata di raccolta tra ulivi secolari, la molitura nel frantoio e un "
                   "pranzo con i prodotti della masseria, a due passi da Otranto.",
        "meeting_point": "Cancello della masseria, strada per Uggiano",
        "lat": "40.1470", "lon": "18.4860",
        "sector": str(Sector.objects.get(slug="agritourism", locale__language_code="it").pk),
        "duration_min": "240", "group_min": "1", "group_max": "12", "capacity": "12",
        "schedule_kind": "start_times", "booking_mode": "instant", "cutoff_hours": "24",
        "season_start_month": "1", "season_end_month": "12", "currency": "EUR",
        "operator_terms": "commission", "operator_commission_pct": "20",
        "cancellation": "standard", "cancellation_hours": "24", "cancellation_refund_pct": "100",
        "price_options-TOTAL_FORMS": "2",
        "price_options-0-kind": "per_person", "price_options-0-label": "Adult",
        "price_options-0-age_min": "18", "price_options-0-age_max": "99",
        "price_options-0-price_cents": "6500", "price_options-0-ORDER": "1",
        "price_options-1-kind": "per_person", "price_options-1-label": "Child",
        "price_options-1-age_min": "6", "price_options-1-age_max": "17",
        "price_options-1-price_cents": "3000", "price_options-1-ORDER": "2",
        "weekly_rules-TOTAL_FORMS": "1",
        "weekly_rules-0-tue": "on", "weekly_rules-0-sat": "on",
        "weekly_rules-0-start_times": "09:00", "weekly_rules-0-ORDER": "1",
        "photos-TOTAL_FORMS": str(len(image_ids)),
        "body-count": "0",
        "action-submit": "Submit",
    })
    for i, image_id in enumerate(image_ids):
        data.update({f"photos-{i}-image": str(image_id), f"photos-{i}-ORDER": str(i + 1)})
    return url, data


def test_join_approve_create_submit_approve_live(client, manager,
                                                 django_capture_on_commit_callbacks):
    # 1. A business applies through the public form.
    response = _join(client)
    assert response.status_code == 302 and response["Location"].endswith("/join/thanks/")
    application = ProviderApplication.objects.get()
    assert application.status == "pending" and application.vat_number == "00743110157"

    # 2. A cluster manager approves it: page, group, user and invitation.
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/marketplace/applications/{application.pk}/review/",
                               {"action": "approve", "comment": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    provider = application.provider_page
    assert application.status == "approved" and provider.live and provider.area == "IT-75"
    assert mail.outbox and "lucia@example.com" in mail.outbox[-1].to
    client.logout()

    # 3. The SME sets a password from the email and logs in.
    _set_password_from_invitation(client, "Olive-harvest-2026!")
    assert client.login(username="lucia@example.com", password="Olive-harvest-2026!")

    # 4. It uploads photos into its collection and creates an experience, then submits it.
    collection = sme_collection_get(provider=provider)
    image_ids = [Image.objects.create(title=f"Olive {i}", file=get_test_image_file(),
                                      collection=collection).pk for i in range(3)]
    url, data = _experience_form(client, provider, image_ids)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    experience = ExperiencePage.objects.get(slug="raccolta-olive")
    assert not experience.live
    assert experience.area == "IT-75" and experience.subdivision_id == "IT-LE"
    state = experience.current_workflow_state
    assert state is not None and state.status == "in_progress"
    client.logout()

    # 5. The manager reviews: no English version yet, so plain approval is not offered; the
    #    manager approves with an explicit override.
    client.force_login(manager)
    task_state = TaskState.objects.get(workflow_state=state, status="in_progress")
    actions = [a[0] for a in task_state.task.specific.get_actions(experience, manager)]
    assert "approve" not in actions and "approve_override" in actions
    response = client.post(
        f"/admin/pages/workflow/action/{experience.pk}/approve_override/{task_state.pk}/",
        {"comment": "English text will follow"})
    assert response.status_code in (200, 302)

    # 6. Live at its URL, with its slots.
    experience = ExperiencePage.objects.get(pk=experience.pk)
    assert experience.live
    assert Slot.objects.filter(experience=experience).count() > 50
    public = client.get(experience.url)
    assert public.status_code == 200
    assert "Raccolta delle olive" in public.content.decode()


def test_join_form_refuses_bad_input_with_messages(client):
    bad = {**JOIN, "vat_number": "123", "town": "Atlantis", "sectors": []}
    response = client.post("/en/join/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required" in html  # sectors
    assert not ProviderApplication.objects.exists()
    ok_sectors = [Sector.objects.get(slug="crafts", locale__language_code="en").pk]
    response = client.post("/en/join/", {**bad, "sectors": ok_sectors})
    assert response.status_code == 400
    assert "11 digits" in response.content.decode()
    response = client.post("/en/join/", {**JOIN, "town": "Atlantis", "sectors": ok_sectors})
    assert response.status_code == 400
    assert "Atlantis" in response.content.decode()
    assert not ProviderApplication.objects.exists()


def test_join_page_answers_in_every_language(client):
    for code in ("it", "en", "sq", "sr-latn"):
        assert client.get(f"/{code}/join/").status_code == 200


def test_rejection_emails_the_reason_and_creates_nothing(client, manager,
                                                        django_capture_on_commit_callbacks):
    _join(client)
    application = ProviderApplication.objects.get()
    client.force_login(manager)
    url = f"/admin/marketplace/applications/{application.pk}/review/"
    assert client.post(url, {"action": "reject", "comment": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "reject",
                                     "comment": "The VAT number is not active."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"
    assert "not active" in mail.outbox[-1].body
    assert not ProviderPage.objects.exists()
    # A second review is refused: the application is no longer pending.
    again = client.post(url, {"action": "approve", "comment": ""})
    assert again.status_code == 409
    assert Page.objects.filter(title="Masseria Li Ulivi").count() == 0


def test_sme_cannot_review_applications(client):
    _join(client)
    application = ProviderApplication.objects.get()
    user = get_user_model().objects.create_user("someone", "s@example.com", "pw")
    client.force_login(user)
    response = client.post(f"/admin/marketplace/applications/{application.pk}/review/",
                           {"action": "approve"}, headers=SCRIPT)
    assert refused(response)
    application.refresh_from_db()
    assert application.status == "pending"
