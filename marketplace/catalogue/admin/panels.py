"""Editor panels: the listing's readiness checklist, shown to whoever edits an experience."""

from wagtail.admin.panels import Panel


class ReadinessPanel(Panel):
    """The checklist and score (0–100) of the experience as last saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "marketplace/panels/readiness_panel.html"

        def get_context_data(self, parent_context=None):
            from marketplace.catalogue.selectors.experiences import experience_readiness

            context = super().get_context_data(parent_context)
            context["readiness"] = experience_readiness(page=self.instance)
            return context
