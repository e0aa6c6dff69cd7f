"""The "Cluster review" moderation task: managers approve only complete listings, or override."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

OVERRIDE_ACTION = "approve_override"


class ClusterReviewTask(AbstractGroupApprovalTask):
    """Group approval where an experience below full readiness needs an explicit override."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions:
            return actions
        from marketplace.catalogue.selectors.experiences import experience_readiness_for

        readiness = experience_readiness_for(obj)
        if readiness is None or readiness.score == 100:
            return actions
        label = _("Approve below readiness (%(score)s/100), as an override") % {
            "score": readiness.score
        }
        return [a for a in actions if a[0] != "approve"] + [(OVERRIDE_ACTION, label, True)]

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == OVERRIDE_ACTION:
            from marketplace.onboarding.services.readiness import experience_readiness_override

            experience_readiness_override(revision=task_state.revision, user=user)
            action_name = "approve"
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Cluster managers approve listings; an incomplete one needs an override.")

    class Meta:
        verbose_name = _("cluster review task")
        verbose_name_plural = _("cluster review tasks")
