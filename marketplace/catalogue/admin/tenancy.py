"""Tenancy in the Wagtail admin: a supplier lists, chooses and edits only its own rows.

Wagtail checks model permissions (may this user change *some* resource?) and, for snippets'
choosers and wagtail-localize's snippet API, only admin access. Here:

- ``SupplierOwnedPolicy`` narrows a model's permissions to the rows of the providers the user
  acts for (``booking_selectors.user_suppliers``: its own for an SME, all for cluster
  managers, whose page permissions cover the root);
- ``SupplierScopedViewSetMixin`` makes a snippet's list, edit, delete, copy, usage and
  history screens ask that policy about the row itself;
- ``ScopedSnippetChooserViewSet`` makes every snippet chooser ask for a permission on the
  model (taxonomies in ``CHOOSER_OPEN_MODELS`` excepted) and list only the permitted rows;
- images and documents in the admin API and in page forms are those of the collections where
  the user may choose them;
- the screens about every supplier's pages (page types usage, translations) are the cluster
  managers'; a page's move is confirmed only to whoever may move it there, the end of its
  review only to whoever may edit it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_localize.views.report import TranslationsReportView
from wagtail_localize.views.snippets_api import SnippetViewSet as LocalizeSnippetAPIViewSet

from marketplace.catalogue.selectors.experiences import user_suppliers as user_suppliers
from marketplace.core.roles import user_is_cluster_manager

ANY_MODEL_ACTION = ["add", "change", "delete", "view"]
CHOOSER_OPEN_MODELS: set[str] = {"marketplace.sector"}  # taxonomies every editor picks from


# SECTION: rows owned by a provider


class SupplierOwnedPolicy(ModelPermissionPolicy):
    """Model permissions, held only over the rows whose ``provider`` the user acts for."""

    def __init__(self, model, provider_field: str = "provider"):
        super().__init__(model)
        self.provider_field = provider_field

    def own(self, user, queryset: QuerySet) -> QuerySet:
        if user.is_superuser:
            return queryset
        providers = user_suppliers(user=user).values("pk")
        return queryset.filter(**{f"{self.provider_field}__in": providers})

    def instances_user_has_any_permission_for(self, user, actions):
        return self.own(user, super().instances_user_has_any_permission_for(user, actions))

    def instances_user_has_permission_for(self, user, action):
        return self.own(user, super().instances_user_has_permission_for(user, action))

    def _owns(self, user, instance) -> bool:
        rows = self.model._default_manager.filter(pk=instance.pk)
        return self.own(user, rows).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return (super().user_has_permission_for_instance(user, action, instance)
                and self._owns(user, instance))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (super().user_has_any_permission_for_instance(user, actions, instance)
                and self._owns(user, instance))


class _OwnObjectMixin:
    """A screen of one row: 404 unless the user has a permission on that row itself."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = policy_registry.get_by_type(type(obj))
        if not policy.user_has_any_permission_for_instance(self.request.user, ANY_MODEL_ACTION,
                                                           obj):
            raise Http404
        return obj


def _own_object_view(view_class):
    return type(f"Own{view_class.__name__}", (_OwnObjectMixin, view_class), {})


class SupplierScopedViewSetMixin:
    """For a SnippetViewSet of supplier-owned rows (its model registered with
    ``SupplierOwnedPolicy``): the list shows the user's rows, the row screens refuse others'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("edit_view_class", "delete_view_class", "copy_view_class",
                     "usage_view_class", "history_view_class", "inspect_view_class"):
            setattr(self, name, _own_object_view(getattr(self, name)))

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_any_permission_for(
            request.user, ANY_MODEL_ACTION)


# SECTION: snippet choosers and wagtail-localize's snippet API


def chooser_allowed(user, model: type[Model]) -> bool:
    """Whether ``user`` may open the chooser of ``model``: a permission on the model, unless
    the model is a taxonomy every editor picks from."""
    if model._meta.label_lower in CHOOSER_OPEN_MODELS:
        return True
    return policy_registry.get_by_type(model).user_has_any_permission(user, ANY_MODEL_ACTION)


def chooser_queryset(user, model: type[Model], queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may choose."""
    if model._meta.label_lower in CHOOSER_OPEN_MODELS:
        return queryset
    if not chooser_allowed(user, model):
        return queryset.none()
    permitted = policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ANY_MODEL_ACTION)
    return queryset.filter(pk__in=permitted.values("pk"))


class _ChooserScopeMixin:
    def dispatch(self, request, *args, **kwargs):
        if not chooser_allowed(request.user, self.model_class):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedChooseView(_ChooserScopeMixin, snippet_chooser.ChooseView):
    def get_object_list(self):
        return chooser_queryset(self.request.user, self.model_class, super().get_object_list())


class ScopedChooseResultsView(_ChooserScopeMixin, snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return chooser_queryset(self.request.user, self.model_class, super().get_object_list())


class ScopedChosenView(_ChooserScopeMixin, snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        rows = chooser_queryset(self.request.user, self.model_class,
                                self.model_class.objects.all())
        return rows.get(pk=pk)


class ScopedChosenMultipleView(_ChooserScopeMixin, snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return chooser_queryset(self.request.user, self.model_class, super().get_objects(pks))


class ScopedCreateView(_ChooserScopeMixin, snippet_chooser.SnippetCreateView):
    def post(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:  # a chooser with no "Create" tab
            return HttpResponseNotAllowed(["GET"])
        return super().post(request, *args, **kwargs)


class ScopedSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """Every snippet's chooser: a permission on the model, and only the permitted rows."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = ScopedCreateView


class ScopedLocalizeSnippetAPIViewSet(LocalizeSnippetAPIViewSet):
    """wagtail-localize's snippet API (titles and edit links), scoped as the choosers are."""

    def get_queryset(self):
        model = self.get_model()
        if not chooser_allowed(self.request.user, model):
            raise PermissionDenied
        return chooser_queryset(self.request.user, model, super().get_queryset()).order_by("pk")


# SECTION: images and documents


def images_choosable(user) -> QuerySet:
    """The images ``user`` may put on a page: those of collections where it may choose."""
    policy = policy_registry.get_by_type(get_image_model())
    return policy.instances_user_has_any_permission_for(user, ["choose"])


def documents_choosable(user) -> QuerySet:
    policy = policy_registry.get_by_type(get_document_model())
    return policy.instances_user_has_any_permission_for(user, ["choose"])


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(
            pk__in=images_choosable(self.request.user).values("pk"))


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(
            pk__in=documents_choosable(self.request.user).values("pk"))


def form_images_scope(form, user) -> None:
    """Limit every image and document field of an admin form and of its inline formsets
    (photos, gallery) to what ``user`` may choose, so a posted id of another supplier's image
    is refused like any unknown choice."""
    image_model, document_model = get_image_model(), get_document_model()
    forms = [form] + [child for formset in getattr(form, "formsets", {}).values()
                      for child in formset.forms]
    for each in forms:
        for field in each.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model is image_model:
                field.queryset = queryset.filter(pk__in=images_choosable(user).values("pk"))
            elif queryset.model is document_model:
                field.queryset = queryset.filter(pk__in=documents_choosable(user).values("pk"))


def stream_images(value):
    """The images inside a StreamField value (at any depth)."""
    image_model = get_image_model()
    if isinstance(value, image_model):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from stream_images(item)
    elif isinstance(value, (list, tuple)) or hasattr(value, "raw_data"):
        for item in value:
            yield from stream_images(getattr(item, "value", item))


# SECTION: screens of the whole cluster, and moving pages


class _ClusterManagersMixin:
    """A screen about every supplier's rows: cluster managers (and superusers) only."""

    def dispatch(self, request, *args, **kwargs):
        if not user_is_cluster_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OwnPageWorkflowCancellationView(ConfirmWorkflowCancellationView):
    """Wagtail asks, before a page in review is published, to confirm that its review ends,
    naming its task, to any admin user: here only to whoever may edit the page."""

    def dispatch(self, request, *args, **kwargs):
        if not self.object.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ManagersPageTypesUsageReportView(_ClusterManagersMixin, PageTypesUsageReportView):
    """Wagtail's report counts every page of each type and names the last one edited,
    whoever's it is."""


class ManagersTranslationsReportView(_ClusterManagersMixin, TranslationsReportView):
    """wagtail-localize's report lists every translation, whoever's page it translates."""


# Their menu items, which only the cluster managers see.
MANAGERS_REPORTS = ("wagtailadmin_reports:page_types_usage", "wagtail_localize:translations_report")


def narrowed_admin_urls() -> list:
    """Admin URLs of Wagtail and wagtail-localize narrowed here. Wagtail's own come before any
    hook's, so these go in front of the admin's in the site's URLs, decorated as the admin's
    are."""
    patterns = [
        path("pages/workflow/confirm_cancellation/<int:page_id>/",
             OwnPageWorkflowCancellationView.as_view()),
        path("reports/page-types-usage/", ManagersPageTypesUsageReportView.as_view()),
        path("reports/page-types-usage/results/",
             ManagersPageTypesUsageReportView.as_view(results_only=True)),
        path("localize/reports/translations/", ManagersTranslationsReportView.as_view()),
        path("localize/reports/translations/results/",
             ManagersTranslationsReportView.as_view(results_only=True)),
    ]
    return decorate_urlpatterns(decorate_urlpatterns(patterns, require_admin_access),
                                never_cache)


def page_move_check(request, page, destination) -> None:
    """Wagtail's move confirmation asks for permission only when the move is posted: its
    screen, with the page's title and translations, is refused too to whoever may not move
    ``page`` to ``destination`` (another supplier, say)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
