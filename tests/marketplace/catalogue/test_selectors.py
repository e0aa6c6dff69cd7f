import pytest
from django.contrib.auth import get_user_model

from marketplace.catalogue.selectors.experiences import (
    experience_readiness,
    experience_readiness_for,
)
from marketplace.catalogue.services.pages import page_translation_create
from marketplace.onboarding.models.workflow import ClusterReviewTask

pytestmark = pytest.mark.django_db


def _translate_to_english(experience):
    provider = experience.get_parent().specific
    page_translation_create(page=provider.get_parent(), language_code="en",
                                     title="Providers")
    page_translation_create(page=provider, language_code="en", title=provider.title)
    page_translation_create(page=experience, language_code="en", title="Olive oil",
                                     summary="A morning at the olive mill.")


def test_complete_listing_scores_100(make_experience):
    experience = make_experience()
    _translate_to_english(experience)
    readiness = experience_readiness(page=experience)
    assert readiness.score == 100 and readiness.missing == ()


def test_each_missing_item_lowers_the_score(make_experience):
    experience = make_experience(photos=2)
    readiness = experience_readiness(page=experience)
    missing = {item.key for item in readiness.missing}
    assert missing == {"photos", "english"}
    assert readiness.score == round(100 * 5 / 7)


def test_short_summary_no_meeting_point_no_schedule(make_experience):
    from tests.marketplace.conftest import experience_text

    experience = make_experience(text=experience_text(summary="Too short.", meeting_point=""),
                                 weekly_rules=(), publish=False)
    missing = {item.key for item in experience_readiness(page=experience).missing}
    assert {"summary", "meeting_point", "schedule"} <= missing


def test_readiness_reads_the_latest_revision(make_experience):
    experience = make_experience()
    draft = experience.get_latest_revision_as_object()
    draft.summary = "short"
    draft.save_revision()
    experience.refresh_from_db()
    assert "summary" in {i.key for i in experience_readiness_for(experience).missing}
    assert experience_readiness_for(experience.get_parent()) is None


def test_review_task_offers_plain_approval_only_when_complete(make_experience, managers):
    manager = get_user_model().objects.create_user("m", "m@example.com", "pw")
    manager.groups.add(managers)
    task = ClusterReviewTask.objects.get()
    experience = make_experience()
    actions = [name for name, _label, _comment in task.get_actions(experience, manager)]
    assert actions == ["reject", "approve_override"]
    _translate_to_english(experience)
    actions = [name for name, _label, _comment in task.get_actions(experience, manager)]
    assert "approve" in actions and "approve_override" not in actions
    outsider = get_user_model().objects.create_user("o", "o@example.com", "pw")
    assert task.get_actions(experience, outsider) == []
