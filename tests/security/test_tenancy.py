"""Tenancy proven on every URL: ONE table of every URL pattern the site registers (Django,
Wagtail and its contrib apps, wagtail-localize, the project's admin screens, the REST API, the
payment webhook and the signed links), with who may use it.

``test_every_pattern_is_declared`` walks ``get_resolver().url_patterns`` recursively (the
language-prefixed ones as ``<lang>/...``) and fails on any pattern missing from ``ROUTES``:
declare a new URL there with its rule. Every declared pattern is then requested: instantiated
with tenant A's objects (``world.py``; ``CONCRETE`` gives the regular expressions a URL each,
``ARGUMENTS`` the arguments that differ by pattern) and asked with GET as anonymous, a buyer
with the order's token, SME A, SME B, operator A, operator B and a cluster manager. The wrong
users must be refused (400, 403, 404 or 405, or a redirect to a login page) on GET, POST, PUT,
PATCH and DELETE, and none of A's rows (``snapshot``) may change after any of their attempts;
SME B and operator B try every method on each URL of A's objects even where the rule lets them
in. The right users must not be refused. Admin URLs are asked as a script (``SCRIPT``), so
that Wagtail answers a refusal with 403 rather than a redirect to its dashboard.
"""

# ruff: noqa: E501  (the table keeps one URL pattern per line, however long)
import re

import pytest
from django.urls import LocalePrefixPattern, URLResolver, get_resolver

from cluster.members.models import Member
from itineraries.models import Itinerary, ShareLink, Stop
from marketplace.bookings.models import Booking, Order
from marketplace.catalogue.models.pages import ExperiencePage, ProviderPage
from marketplace.catalogue.models.schedules import Resource, Slot
from marketplace.onboarding.models.applications import ProviderApplication
from marketplace.operators.models import Contract, Operator, OperatorMember
from marketplace.payments.models import PayoutRun

from .checks import SCRIPT

# SECTION: the rules

PUBLIC = "public"  # anyone; nothing of a tenant's beyond what is published
SIGNED_IN = "signed-in"  # any signed-in user, their own things only
BUYER_WITH_TOKEN = "buyer-with-token"  # the order's access token in ?token=
SIGNED_LINK = "signed-link"  # a signed, expiring token in the URL
WEBHOOK_SIGNED = "webhook-signed"  # Stripe's signature header
SME_OWN = "sme-own"  # the supplier of the object, and cluster managers
OPERATOR_OWN = "operator-own"  # members of the object's operator (owners to change)
MANAGER = "manager"  # cluster managers (and superusers) only
ADMIN_ANY_STAFF = "admin-any-staff"  # any admin user; content filtered to their own
SUPERUSER = "superuser"  # site settings, users, groups: superusers only
ADMIN_BROWSE_PUBLISHED = "admin-browse-published"  # any admin user browses the page tree
PARTICIPANT = "participant"  # users of a company registered to the event, their own things

ROUTES = {
'healthz': PUBLIC,
    'django-admin/': SUPERUSER,
    'django-admin/login/': PUBLIC,
    'django-admin/logout/': PUBLIC,
    'django-admin/password_change/': SUPERUSER,
    'django-admin/password_change/done/': SUPERUSER,
    'django-admin/autocomplete/': SUPERUSER,
    'django-admin/jsi18n/': SUPERUSER,
    'django-admin/r/<path:content_type_id>/<path:object_id>/': SUPERUSER,
    'django-admin/wagtaildocs/document/': SUPERUSER,
    'django-admin/wagtaildocs/document/add/': SUPERUSER,
    'django-admin/wagtaildocs/document/<path:object_id>/history/': SUPERUSER,
    'django-admin/wagtaildocs/document/<path:object_id>/delete/': SUPERUSER,
    'django-admin/wagtaildocs/document/<path:object_id>/change/': SUPERUSER,
    'django-admin/wagtaildocs/document/<path:object_id>/': SUPERUSER,
    'django-admin/wagtailimages/image/': SUPERUSER,
    'django-admin/wagtailimages/image/add/': SUPERUSER,
    'django-admin/wagtailimages/image/<path:object_id>/history/': SUPERUSER,
    'django-admin/wagtailimages/image/<path:object_id>/delete/': SUPERUSER,
    'django-admin/wagtailimages/image/<path:object_id>/change/': SUPERUSER,
    'django-admin/wagtailimages/image/<path:object_id>/': SUPERUSER,
    'django-admin/taggit/tag/merge-tags/': SUPERUSER,
    'django-admin/taggit/tag/': SUPERUSER,
    'django-admin/taggit/tag/add/': SUPERUSER,
    'django-admin/taggit/tag/<path:object_id>/history/': SUPERUSER,
    'django-admin/taggit/tag/<path:object_id>/delete/': SUPERUSER,
    'django-admin/taggit/tag/<path:object_id>/change/': SUPERUSER,
    'django-admin/taggit/tag/<path:object_id>/': SUPERUSER,
    'django-admin/authtoken/tokenproxy/': SUPERUSER,
    'django-admin/authtoken/tokenproxy/add/': SUPERUSER,
    'django-admin/authtoken/tokenproxy/<path:object_id>/history/': SUPERUSER,
    'django-admin/authtoken/tokenproxy/<path:object_id>/delete/': SUPERUSER,
    'django-admin/authtoken/tokenproxy/<path:object_id>/change/': SUPERUSER,
    'django-admin/authtoken/tokenproxy/<path:object_id>/': SUPERUSER,
    'django-admin/auth/group/': SUPERUSER,
    'django-admin/auth/group/add/': SUPERUSER,
    'django-admin/auth/group/<path:object_id>/history/': SUPERUSER,
    'django-admin/auth/group/<path:object_id>/delete/': SUPERUSER,
    'django-admin/auth/group/<path:object_id>/change/': SUPERUSER,
    'django-admin/auth/group/<path:object_id>/': SUPERUSER,
    'django-admin/auth/user/<id>/password/': SUPERUSER,
    'django-admin/auth/user/': SUPERUSER,
    'django-admin/auth/user/add/': SUPERUSER,
    'django-admin/auth/user/<path:object_id>/history/': SUPERUSER,
    'django-admin/auth/user/<path:object_id>/delete/': SUPERUSER,
    'django-admin/auth/user/<path:object_id>/change/': SUPERUSER,
    'django-admin/auth/user/<path:object_id>/': SUPERUSER,
    'django-admin/^(?P<app_label>wagtaildocs|wagtailimages|taggit|authtoken|auth)/$': SUPERUSER,
    'django-admin/(?P<url>.*)$': SUPERUSER,
    'admin/': ADMIN_ANY_STAFF,
    'admin/test404/': ADMIN_ANY_STAFF,
    'admin/api/main/^pages/': ADMIN_ANY_STAFF,
    'admin/api/main/^pages/<int:pk>/': SME_OWN,  # another supplier's page is not found
    'admin/api/main/^pages/find/': ADMIN_ANY_STAFF,
    'admin/api/main/^pages/<int:pk>/action/<str:action_name>/': SME_OWN,
    'admin/api/main/^documents/': ADMIN_ANY_STAFF,
    'admin/api/main/^documents/<int:pk>/': ADMIN_ANY_STAFF,
    'admin/api/main/^documents/find/': ADMIN_ANY_STAFF,
    'admin/api/main/^images/': ADMIN_ANY_STAFF,
    'admin/api/main/^images/<int:pk>/': ADMIN_ANY_STAFF,
    'admin/api/main/^images/find/': ADMIN_ANY_STAFF,
    'admin/failwhale/': ADMIN_ANY_STAFF,
    'admin/pages/': ADMIN_ANY_STAFF,
    'admin/pages/<int:parent_page_id>/': ADMIN_ANY_STAFF,
    'admin/pages/<int:parent_page_id>/results/': ADMIN_ANY_STAFF,
    'admin/bulk/<str:app_label>/<str:model_name>/<str:action>/': ADMIN_ANY_STAFF,
    'admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/': SME_OWN,
    'admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/': SME_OWN,
    'admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/': ADMIN_ANY_STAFF,
    'admin/pages/create/<slug:app_label>/<slug:model_name>': SME_OWN,
    'admin/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/': ADMIN_ANY_STAFF,
    'admin/pages/<int:page_id>/usage/': SME_OWN,
    'admin/pages/<int:page_id>/edit/': SME_OWN,
    'admin/pages/<int:page_id>/edit/preview/': SME_OWN,
    'admin/pages/<int:page_id>/view_draft/': SME_OWN,
    'admin/pages/<int:parent_page_id>/add_subpage/': SME_OWN,
    'admin/pages/<int:page_id>/delete/': SME_OWN,
    'admin/pages/<int:page_id>/unpublish/': SME_OWN,
    'admin/pages/<int:page_id>/convert_alias/': SME_OWN,
    'admin/pages/search/': ADMIN_ANY_STAFF,
    'admin/pages/search/results/': ADMIN_ANY_STAFF,
    'admin/pages/<int:page_to_move_id>/move/': SME_OWN,
    'admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/': SME_OWN,
    'admin/pages/<int:page_to_move_id>/set_position/': SME_OWN,
    'admin/pages/<int:page_id>/copy/': SME_OWN,
    'admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/': MANAGER,  # the review's reviewers
    'admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/': MANAGER,
    'admin/pages/workflow/confirm_cancellation/<int:page_id>/': SME_OWN,
    'admin/pages/workflow/preview/<int:page_id>/<int:task_id>/': MANAGER,
    'admin/pages/<int:page_id>/privacy/': SME_OWN,
    'admin/pages/<int:page_id>/lock/': SME_OWN,
    'admin/pages/<int:page_id>/unlock/': SME_OWN,
    'admin/pages/<int:page_id>/revisions/': ADMIN_ANY_STAFF,
    'admin/pages/<int:page_id>/revisions/<int:revision_id>/view/': SME_OWN,
    'admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/': SME_OWN,
    'admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/': SME_OWN,
    'admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$': SME_OWN,
    'admin/pages/<int:page_id>/workflow_history/': SME_OWN,
    'admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/': SME_OWN,
    'admin/pages/<int:page_id>/history/': SME_OWN,
    'admin/pages/<int:page_id>/history/results/': SME_OWN,
    'admin/choose-page/': ADMIN_BROWSE_PUBLISHED,
    'admin/choose-page/<int:parent_page_id>/': ADMIN_BROWSE_PUBLISHED,
    'admin/choose-page/search/': ADMIN_BROWSE_PUBLISHED,
    'admin/choose-page/chosen-multiple/': ADMIN_BROWSE_PUBLISHED,
    'admin/choose-external-link/': ADMIN_ANY_STAFF,
    'admin/choose-email-link/': ADMIN_ANY_STAFF,
    'admin/choose-phone-link/': ADMIN_ANY_STAFF,
    'admin/choose-anchor-link/': ADMIN_ANY_STAFF,
    'admin/tag-autocomplete/': ADMIN_ANY_STAFF,
    'admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/': ADMIN_ANY_STAFF,
    'admin/collections/': SUPERUSER,
    'admin/collections/add/': SUPERUSER,
    'admin/collections/<int:pk>/': SUPERUSER,
    'admin/collections/<int:pk>/delete/': SUPERUSER,
    'admin/collections/<int:collection_id>/privacy/': SUPERUSER,
    'admin/workflows/list/': SUPERUSER,
    'admin/workflows/list/results/': SUPERUSER,
    'admin/workflows/add/': SUPERUSER,
    'admin/workflows/enable/<int:pk>/': SUPERUSER,
    'admin/workflows/disable/<int:pk>/': SUPERUSER,
    'admin/workflows/edit/<int:pk>/': SUPERUSER,
    'admin/workflows/usage/<int:pk>/': SUPERUSER,
    'admin/workflows/usage/<int:pk>/results/': SUPERUSER,
    'admin/workflows/remove/<int:page_pk>/': SUPERUSER,
    'admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/': SUPERUSER,
    'admin/workflows/tasks/add/<str:app_label>/<str:model_name>/': SUPERUSER,
    'admin/workflows/tasks/select_type/': SUPERUSER,
    'admin/workflows/tasks/index/': SUPERUSER,
    'admin/workflows/tasks/index/results/': SUPERUSER,
    'admin/workflows/tasks/edit/<int:pk>/': SUPERUSER,
    'admin/workflows/tasks/disable/<int:pk>/': SUPERUSER,
    'admin/workflows/tasks/enable/<int:pk>/': SUPERUSER,
    'admin/workflows/task_chooser/': ADMIN_ANY_STAFF,
    'admin/workflows/task_chooser/results/': ADMIN_ANY_STAFF,
    'admin/workflows/task_chooser/create/': ADMIN_ANY_STAFF,
    'admin/workflows/task_chooser/<int:task_id>/': ADMIN_ANY_STAFF,
    'admin/reports/locked/': ADMIN_ANY_STAFF,
    'admin/reports/locked/results/': ADMIN_ANY_STAFF,
    'admin/reports/workflow/': ADMIN_ANY_STAFF,
    'admin/reports/workflow/results/': ADMIN_ANY_STAFF,
    'admin/reports/workflow_tasks/': ADMIN_ANY_STAFF,
    'admin/reports/workflow_tasks/results/': ADMIN_ANY_STAFF,
    'admin/reports/site-history/': ADMIN_ANY_STAFF,
    'admin/reports/site-history/results/': ADMIN_ANY_STAFF,
    'admin/reports/aging-pages/': ADMIN_ANY_STAFF,
    'admin/reports/aging-pages/results/': ADMIN_ANY_STAFF,
    'admin/reports/page-types-usage/': MANAGER,  # counts and names every supplier's pages
    'admin/reports/page-types-usage/results/': MANAGER,
    'admin/account/': ADMIN_ANY_STAFF,
    'admin/logout/': ADMIN_ANY_STAFF,
    'admin/dismissibles/': ADMIN_ANY_STAFF,
    'admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/': SME_OWN,
    'admin/editing-sessions/release/<int:session_id>/': ADMIN_ANY_STAFF,
    'admin/block-preview/': ADMIN_ANY_STAFF,
    'admin/marketplace/import/': MANAGER,
    'admin/marketplace/operators/': MANAGER,
    'admin/marketplace/operators/<int:pk>/review/': MANAGER,
    'admin/marketplace/applications/<int:pk>/review/': MANAGER,
    'admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/': ADMIN_ANY_STAFF,
    'admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/': SME_OWN,
    'admin/marketplace/check-in/': ADMIN_ANY_STAFF,
    'admin/marketplace/manifest/': ADMIN_ANY_STAFF,
    'admin/marketplace/manifest.<str:fmt>': ADMIN_ANY_STAFF,
    'admin/marketplace/requests/<int:booking_id>/<str:action>/': SME_OWN,
    'admin/marketplace/bookings/<int:booking_id>/cancel/': SME_OWN,
    'admin/marketplace/statements/': ADMIN_ANY_STAFF,
    'admin/marketplace/statements.<str:fmt>': ADMIN_ANY_STAFF,
    'admin/marketplace/payouts/': MANAGER,
    'admin/marketplace/payouts/<int:pk>/': MANAGER,
    'admin/marketplace/payouts/<int:pk>/execute/': MANAGER,
    'admin/marketplace/payouts/<int:pk>/pain001.xml': MANAGER,
    'admin/marketplace/payouts/balances/': MANAGER,
    'admin/marketplace/payouts/statements/<int:provider_pk>.<str:extension>': MANAGER,
    # The cluster's agreements and events (tenant A's memorandum, workshop and registration).
    'admin/cluster/members/': MANAGER,  # every member's lifecycle, the sync (POST only)
    'admin/cluster/members/sync/': MANAGER,
    'admin/cluster/members/<int:pk>/<str:action>/': MANAGER,
    'admin/cluster/agreements/': MANAGER,
    'admin/cluster/agreements/add/': MANAGER,
    'admin/cluster/agreements/<int:pk>/': MANAGER,
    'admin/cluster/agreements/<int:pk>/sign/': MANAGER,
    'admin/cluster/agreements/<int:pk>/end/': MANAGER,
    'admin/cluster/agreements/<int:pk>/withdraw/': MANAGER,
    'admin/cluster/agreements/<int:pk>/document/': MANAGER,
    'admin/cluster/events/': MANAGER,
    'admin/cluster/events/add/': MANAGER,
    'admin/cluster/events/<int:pk>/': MANAGER,
    'admin/cluster/events/<int:pk>/edit/': MANAGER,
    'admin/cluster/events/<int:pk>/cancel/': MANAGER,
    'admin/cluster/events/<int:pk>/held/': MANAGER,
    'admin/cluster/events/<int:pk>/register/': MANAGER,
    'admin/cluster/events/<int:pk>/materials/': MANAGER,
    'admin/cluster/registrations/<int:pk>/cancel/': MANAGER,
    'admin/cluster/registrations/<int:pk>/qr.png': MANAGER,
    'admin/cluster/registrations/<int:pk>/badge.pdf': MANAGER,
    'admin/cluster/check-in/': MANAGER,
    'admin/cluster/partners/<int:provider_pk>/drafts/': SME_OWN,  # POST only: a bundle as a draft trip
    'admin/cluster/lab/<int:provider_pk>/done/': SME_OWN,  # POST only: a lab module done by the supplier's member
    'admin/cluster/indicators/export.<str:fmt>': MANAGER,  # every member's name, the programme's figures
    'admin/cluster/b2b/': MANAGER,  # B2B matchmaking (A's B2B event, its meeting and table)
    'admin/cluster/b2b/<int:event_id>/': MANAGER,
    'admin/cluster/b2b/<int:event_id>/slots/': MANAGER,
    'admin/cluster/b2b/<int:event_id>/tables/': MANAGER,
    'admin/cluster/b2b/<int:event_id>/run/': MANAGER,
    'admin/cluster/b2b/<int:event_id>/publish/': MANAGER,
    'admin/cluster/b2b/meetings/<int:meeting_id>/move/': MANAGER,
    'admin/cluster/b2b/meetings/<int:meeting_id>/cancel/': MANAGER,
    'admin/cluster/b2b/tables/<int:table_id>/schedule.pdf': MANAGER,
    'admin/localize/jsi18n/': ADMIN_ANY_STAFF,
    'admin/localize/submit/page/<int:page_id>/': SME_OWN,
    'admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/': SUPERUSER,  # as update/ below
    'admin/localize/update/<int:translation_source_id>/': SUPERUSER,  # needs wagtail-localize's submit permission: no group holds it
    'admin/localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/': MANAGER,  # whoever may edit the translated page: an SME's rights end at its own language
    'admin/localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/': MANAGER,
    'admin/localize/translate/<int:translation_id>/pofile/download/': MANAGER,
    'admin/localize/translate/<int:translation_id>/pofile/upload/': MANAGER,
    'admin/localize/translate/<int:translation_id>/machine_translate/': MANAGER,
    'admin/localize/translate/<int:translation_id>/preview/': MANAGER,
    'admin/localize/translate/<int:translation_id>/preview/<str:mode>/': MANAGER,
    'admin/localize/translate/<int:translation_id>/disable/': MANAGER,
    'admin/localize/page/<int:page_id>/convert_to_alias/': SME_OWN,
    'admin/localize/reports/translations/': MANAGER,  # every supplier's translations
    'admin/localize/reports/translations/results/': MANAGER,
    'admin/forms/': ADMIN_ANY_STAFF,
    'admin/forms/results/': ADMIN_ANY_STAFF,
    'admin/forms/submissions/<int:page_id>/': ADMIN_ANY_STAFF,
    'admin/forms/submissions/<int:page_id>/results/': ADMIN_ANY_STAFF,
    'admin/forms/submissions/<int:page_id>/delete/': ADMIN_ANY_STAFF,
    'admin/redirects/': SUPERUSER,
    'admin/redirects/results/': SUPERUSER,
    'admin/redirects/add/': SUPERUSER,
    'admin/redirects/<int:redirect_id>/': SUPERUSER,
    'admin/redirects/<int:redirect_id>/delete/': SUPERUSER,
    'admin/redirects/import/': SUPERUSER,
    'admin/redirects/import/process/': SUPERUSER,
    'admin/settings/<slug:app_name>/<slug:model_name>/': SUPERUSER,
    'admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/': SUPERUSER,
    'admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/preview/': SUPERUSER,
    'admin/embeds/chooser/': ADMIN_ANY_STAFF,
    'admin/embeds/chooser/upload/': ADMIN_ANY_STAFF,
    'admin/snippets/': ADMIN_ANY_STAFF,
    'admin/documents/': ADMIN_ANY_STAFF,
    'admin/documents/results/': ADMIN_ANY_STAFF,
    'admin/documents/add/': ADMIN_ANY_STAFF,
    'admin/documents/edit/<int:document_id>/': SUPERUSER,  # no group holds document permissions
    'admin/documents/delete/<int:document_id>/': SUPERUSER,
    'admin/documents/multiple/add/': ADMIN_ANY_STAFF,
    'admin/documents/multiple/<int:doc_id>/': SUPERUSER,
    'admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/': SUPERUSER,
    'admin/documents/multiple/<int:doc_id>/delete/': SUPERUSER,
    'admin/documents/multiple/delete_upload/<int:uploaded_file_id>/': SUPERUSER,
    'admin/documents/usage/<int:document_id>/': SUPERUSER,
    'admin/images/': ADMIN_ANY_STAFF,
    'admin/images/results/': ADMIN_ANY_STAFF,
    'admin/images/<int:image_id>/': SME_OWN,
    'admin/images/<int:image_id>/delete/': SME_OWN,
    'admin/images/<int:image_id>/generate_url/': SME_OWN,
    'admin/images/<int:image_id>/generate_url/output/': SME_OWN,
    'admin/images/<int:image_id>/preview/<str:filter_spec>/': SME_OWN,
    'admin/images/add/': ADMIN_ANY_STAFF,
    'admin/images/usage/<int:image_id>/': SME_OWN,
    'admin/images/multiple/add/': ADMIN_ANY_STAFF,
    'admin/images/multiple/<int:image_id>/': SME_OWN,
    'admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/': SME_OWN,
    'admin/images/multiple/<int:image_id>/delete/': SME_OWN,
    'admin/images/multiple/delete_upload/<int:uploaded_file_id>/': SME_OWN,
    'admin/snippets/marketplace/contract/': MANAGER,
    'admin/snippets/marketplace/contract/results/': MANAGER,
    'admin/snippets/marketplace/contract/add/': MANAGER,
    'admin/snippets/marketplace/contract/edit/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contract/delete/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contract/usage/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contract/history/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contract/history-results/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contract/copy/<int:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/contract/': MANAGER,
    'admin/snippets/choose/marketplace/contract/results/': MANAGER,
    'admin/snippets/choose/marketplace/contract/chosen/<str:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/contract/chosen-multiple/': MANAGER,
    'admin/snippets/choose/marketplace/contract/create/': MANAGER,
    'admin/snippets/marketplace/contractoverride/': MANAGER,
    'admin/snippets/marketplace/contractoverride/results/': MANAGER,
    'admin/snippets/marketplace/contractoverride/add/': MANAGER,
    'admin/snippets/marketplace/contractoverride/edit/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contractoverride/delete/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contractoverride/usage/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contractoverride/history/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contractoverride/history-results/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/contractoverride/copy/<int:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/contractoverride/': MANAGER,
    'admin/snippets/choose/marketplace/contractoverride/results/': MANAGER,
    'admin/snippets/choose/marketplace/contractoverride/chosen/<str:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/contractoverride/chosen-multiple/': MANAGER,
    'admin/snippets/choose/marketplace/contractoverride/create/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/results/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/add/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/edit/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/delete/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/usage/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/history/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/history-results/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/payoutaccount/copy/<int:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/payoutaccount/': MANAGER,
    'admin/snippets/choose/marketplace/payoutaccount/results/': MANAGER,
    'admin/snippets/choose/marketplace/payoutaccount/chosen/<str:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/payoutaccount/chosen-multiple/': MANAGER,
    'admin/snippets/choose/marketplace/payoutaccount/create/': MANAGER,
    'admin/snippets/marketplace/commissionrate/': MANAGER,
    'admin/snippets/marketplace/commissionrate/results/': MANAGER,
    'admin/snippets/marketplace/commissionrate/add/': MANAGER,
    'admin/snippets/marketplace/commissionrate/edit/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/commissionrate/delete/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/commissionrate/usage/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/commissionrate/history/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/commissionrate/history-results/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/commissionrate/copy/<int:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/commissionrate/': MANAGER,
    'admin/snippets/choose/marketplace/commissionrate/results/': MANAGER,
    'admin/snippets/choose/marketplace/commissionrate/chosen/<str:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/commissionrate/chosen-multiple/': MANAGER,
    'admin/snippets/choose/marketplace/commissionrate/create/': MANAGER,
    'admin/snippets/marketplace/sector/': MANAGER,
    'admin/snippets/marketplace/sector/results/': MANAGER,
    'admin/snippets/marketplace/sector/add/': MANAGER,
    'admin/snippets/marketplace/sector/edit/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/sector/delete/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/sector/usage/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/sector/history/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/sector/history-results/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/sector/copy/<int:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/sector/': ADMIN_ANY_STAFF,
    'admin/snippets/choose/marketplace/sector/results/': ADMIN_ANY_STAFF,
    'admin/snippets/choose/marketplace/sector/chosen/<str:pk>/': ADMIN_ANY_STAFF,
    'admin/snippets/choose/marketplace/sector/chosen-multiple/': ADMIN_ANY_STAFF,
    'admin/snippets/choose/marketplace/sector/create/': ADMIN_ANY_STAFF,
    'admin/snippets/marketplace/providerapplication/': MANAGER,
    'admin/snippets/marketplace/providerapplication/results/': MANAGER,
    'admin/snippets/marketplace/providerapplication/add/': MANAGER,
    'admin/snippets/marketplace/providerapplication/edit/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/providerapplication/delete/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/providerapplication/usage/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/providerapplication/history/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/providerapplication/history-results/<int:pk>/': MANAGER,
    'admin/snippets/marketplace/providerapplication/copy/<int:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/providerapplication/': MANAGER,
    'admin/snippets/choose/marketplace/providerapplication/results/': MANAGER,
    'admin/snippets/choose/marketplace/providerapplication/chosen/<str:pk>/': MANAGER,
    'admin/snippets/choose/marketplace/providerapplication/chosen-multiple/': MANAGER,
    'admin/snippets/choose/marketplace/providerapplication/create/': MANAGER,
    'admin/snippets/marketplace/resource/': ADMIN_ANY_STAFF,
    'admin/snippets/marketplace/resource/results/': ADMIN_ANY_STAFF,
    'admin/snippets/marketplace/resource/add/': ADMIN_ANY_STAFF,
    'admin/snippets/marketplace/resource/edit/<int:pk>/': SME_OWN,
    'admin/snippets/marketplace/resource/delete/<int:pk>/': SME_OWN,
    'admin/snippets/marketplace/resource/usage/<int:pk>/': SME_OWN,
    'admin/snippets/marketplace/resource/history/<int:pk>/': SME_OWN,
    'admin/snippets/marketplace/resource/history-results/<int:pk>/': SME_OWN,
    'admin/snippets/marketplace/resource/copy/<int:pk>/': SME_OWN,
    'admin/snippets/choose/marketplace/resource/': ADMIN_ANY_STAFF,
    'admin/snippets/choose/marketplace/resource/results/': ADMIN_ANY_STAFF,
    'admin/snippets/choose/marketplace/resource/chosen/<str:pk>/': SME_OWN,
    'admin/snippets/choose/marketplace/resource/chosen-multiple/': ADMIN_ANY_STAFF,
    'admin/snippets/choose/marketplace/resource/create/': ADMIN_ANY_STAFF,
    'admin/locales/': SUPERUSER,
    'admin/locales/results/': SUPERUSER,
    'admin/locales/new/': SUPERUSER,
    'admin/locales/edit/<int:pk>/': SUPERUSER,
    'admin/locales/delete/<int:pk>/': SUPERUSER,
    'admin/locales/history/<int:pk>/': SUPERUSER,
    'admin/locales/history-results/<int:pk>/': SUPERUSER,
    'admin/locales/usage/<int:pk>/': SUPERUSER,
    'admin/locales/copy/<int:pk>/': SUPERUSER,
    'admin/sites/': SUPERUSER,
    'admin/sites/results/': SUPERUSER,
    'admin/sites/new/': SUPERUSER,
    'admin/sites/edit/<int:pk>/': SUPERUSER,
    'admin/sites/delete/<int:pk>/': SUPERUSER,
    'admin/sites/history/<int:pk>/': SUPERUSER,
    'admin/sites/history-results/<int:pk>/': SUPERUSER,
    'admin/sites/usage/<int:pk>/': SUPERUSER,
    'admin/sites/copy/<int:pk>/': SUPERUSER,
    'admin/users/': SUPERUSER,
    'admin/users/results/': SUPERUSER,
    'admin/users/new/': SUPERUSER,
    'admin/users/edit/<int:pk>/': SUPERUSER,
    'admin/users/delete/<int:pk>/': SUPERUSER,
    'admin/users/history/<int:pk>/': SUPERUSER,
    'admin/users/history-results/<int:pk>/': SUPERUSER,
    'admin/users/usage/<int:pk>/': SUPERUSER,
    'admin/users/copy/<int:pk>/': SUPERUSER,
    'admin/groups/': SUPERUSER,
    'admin/groups/results/': SUPERUSER,
    'admin/groups/new/': SUPERUSER,
    'admin/groups/edit/<int:pk>/': SUPERUSER,
    'admin/groups/delete/<int:pk>/': SUPERUSER,
    'admin/groups/history/<int:pk>/': SUPERUSER,
    'admin/groups/history-results/<int:pk>/': SUPERUSER,
    'admin/groups/usage/<int:pk>/': SUPERUSER,
    'admin/documents/chooser/': ADMIN_ANY_STAFF,
    'admin/documents/chooser/results/': ADMIN_ANY_STAFF,
    'admin/documents/chooser/chosen/<str:pk>/': SUPERUSER,
    'admin/documents/chooser/chosen-multiple/': ADMIN_ANY_STAFF,
    'admin/documents/chooser/create/': ADMIN_ANY_STAFF,
    'admin/images/chooser/': ADMIN_ANY_STAFF,
    'admin/images/chooser/results/': ADMIN_ANY_STAFF,
    'admin/images/chooser/chosen/<str:pk>/': SME_OWN,
    'admin/images/chooser/chosen-multiple/': ADMIN_ANY_STAFF,
    'admin/images/chooser/create/': ADMIN_ANY_STAFF,
    'admin/images/chooser/<int:image_id>/select_format/': SME_OWN,
    'admin/sprite/': PUBLIC,
    'admin/login/': PUBLIC,
    'admin/password_reset/': PUBLIC,
    'admin/password_reset/done/': PUBLIC,
    'admin/password_reset/confirm/<uidb64>/<token>/': PUBLIC,
    'admin/password_reset/complete/': PUBLIC,
    'admin/jsi18n/': PUBLIC,
    'admin/^.*/$': ADMIN_ANY_STAFF,
    'documents/^(\\d+)/(.*)$': PUBLIC,
    'documents/authenticate_with_password/<int:restriction_id>/': PUBLIC,
    'i18n/setlang/': PUBLIC,
    'api/v1/schema/': PUBLIC,
    'api/v1/docs/': PUBLIC,
    'api/v1/^.*$': PUBLIC,  # any other path under the API: its JSON 404
    'api/v1/^experiences/$': PUBLIC,
    'api/v1/^experiences/(?P<id>[^/.]+)/$': PUBLIC,
    'api/v1/^experiences/(?P<id>[^/.]+)/availability/$': PUBLIC,
    'api/v1/^providers/$': PUBLIC,
    'api/v1/^providers/(?P<id>[^/.]+)/$': PUBLIC,
    'api/v1/^sectors/$': PUBLIC,
    'payments/stripe/webhook/': WEBHOOK_SIGNED,
    '<lang>/join/': PUBLIC,
    '<lang>/join/thanks/': PUBLIC,
    '<lang>/experiences/map.geojson': PUBLIC,
    '<lang>/book/<int:slot_id>/': PUBLIC,
    '<lang>/cart/': PUBLIC,
    '<lang>/cart/remove/<int:slot_id>/': PUBLIC,
    '<lang>/checkout/<str:reference>/': BUYER_WITH_TOKEN,
    '<lang>/checkout/<str:reference>/confirm/': BUYER_WITH_TOKEN,
    '<lang>/checkout/<str:reference>/done/': BUYER_WITH_TOKEN,
    '<lang>/orders/<str:reference>/': BUYER_WITH_TOKEN,
    '<lang>/orders/<str:reference>/vouchers/<int:booking_id>.pdf': BUYER_WITH_TOKEN,
    '<lang>/orders/<str:reference>/bookings/<int:booking_id>/cancel/': BUYER_WITH_TOKEN,
    '<lang>/my-bookings/': SIGNED_IN,
    '<lang>/bookings/respond/<str:action>/': SIGNED_LINK,
    '<lang>/operators/join/': PUBLIC,
    '<lang>/operators/join/thanks/': PUBLIC,
    '<lang>/operators/sign-in/': PUBLIC,
    '<lang>/operators/sign-out/': PUBLIC,
    '<lang>/operators/password/<uidb64>/<token>/': SIGNED_LINK,
    '<lang>/operators/account/': OPERATOR_OWN,
    '<lang>/operators/account/members/add/': OPERATOR_OWN,
    '<lang>/operators/invitations/<str:token>/': SIGNED_LINK,
    '<lang>/operators/account/members/<int:pk>/remove/': OPERATOR_OWN,
    '<lang>/operators/account/api-token/': OPERATOR_OWN,
    '<lang>/operators/account/statement/': OPERATOR_OWN,
    '<lang>/operators/account/statement.<str:fmt>': OPERATOR_OWN,
    # The itinerary builder (operator A's itinerary) and the client's proposal pages (a
    # share link's token: "not-a-token" here, refused to all; tests/itineraries reads the
    # real one).
    '<lang>/operators/itineraries/': OPERATOR_OWN,
    '<lang>/operators/itineraries/new/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/settings/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/days/<int:number>/add/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/days/<int:number>/items/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/stops/<int:stop_id>/move/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/stops/<int:stop_id>/remove/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/stops/<int:stop_id>/replace/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/proposal.pdf': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/itinerary.ics': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/route.gpx': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/route.geojson': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/propose/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/share/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/share/<int:link_id>/revoke/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/duplicate/': OPERATOR_OWN,
    '<lang>/operators/itineraries/<int:itinerary_id>/book/': OPERATOR_OWN,
    '<lang>/proposals/<str:token>/': SIGNED_LINK,
    '<lang>/proposals/<str:token>/proposal.pdf': SIGNED_LINK,
    '<lang>/proposals/<str:token>/itinerary.ics': SIGNED_LINK,
    '<lang>/proposals/<str:token>/route.gpx': SIGNED_LINK,
    '<lang>/proposals/<str:token>/route.geojson': SIGNED_LINK,
    # The cluster's members: the public directory and profiles, joining; a profile is
    # edited by the member's users (tenant A's supplier for A's member) and managers.
    '<lang>/cluster/members/': PUBLIC,
    '<lang>/cluster/members/map.geojson': PUBLIC,
    '<lang>/cluster/members/<int:pk>/': PUBLIC,
    '<lang>/cluster/members/<int:pk>/edit/': SME_OWN,
    '<lang>/cluster/join/': PUBLIC,
    '<lang>/cluster/join/thanks/': PUBLIC,
    # B2B matchmaking: the pages of a company registered to A's B2B event (supplier A's and
    # operator A's members are; a manager has no company there and uses the admin screens).
    '<lang>/cluster/b2b/<int:event_id>/': PARTICIPANT,
    '<lang>/cluster/b2b/<int:event_id>/profile/': PARTICIPANT,
    '<lang>/cluster/b2b/<int:event_id>/requests/': PARTICIPANT,
    '<lang>/cluster/b2b/<int:event_id>/requests/<int:request_id>/answer/': PARTICIPANT,
    '<lang>/cluster/b2b/<int:event_id>/blocked/': PARTICIPANT,
    '<lang>/cluster/b2b/<int:event_id>/schedule.pdf': PARTICIPANT,
    # The cooperation board: anyone reads the open posts; a post and its replies are for
    # signed-in users (each replier reads its own replies); A's post is closed by its member's
    # users (tenant A's supplier) and managers.
    '<lang>/cluster/cooperation/': PUBLIC,
    '<lang>/cluster/cooperation/new/': SIGNED_IN,
    '<lang>/cluster/cooperation/<int:pk>/': SIGNED_IN,
    '<lang>/cluster/cooperation/<int:pk>/close/': SME_OWN,  # POST only
    # Events: anyone reads the upcoming events and an event (A's workshop); the users of an
    # active member register it there (POST); A's registration (supplier A's member) is
    # cancelled, rated and printed as a badge by its member's users only.
    '<lang>/cluster/events/': PUBLIC,
    '<lang>/cluster/events/<int:pk>/': PUBLIC,
    '<lang>/cluster/events/<int:pk>/cancel/': SME_OWN,  # POST only
    '<lang>/cluster/events/<int:pk>/feedback/': SME_OWN,  # POST only
    '<lang>/cluster/events/<int:pk>/badge.pdf': SME_OWN,
    '<lang>/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/': PUBLIC,  # a private page's password form: the password is the key
    '<lang>/_util/login/': PUBLIC,
    '<lang>/^((?:[\\w\\-]+/)*)$': PUBLIC,
}

# SECTION: walking the patterns


def registered_routes(patterns=None, prefix: str = "") -> list[str]:
    """Every pattern's full route, the language prefix written ``<lang>/``."""
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            part = ("<lang>/" if isinstance(pattern.pattern, LocalePrefixPattern)
                    else str(pattern.pattern))
            routes += registered_routes(pattern.url_patterns, prefix + part)
        else:
            routes.append(prefix + str(pattern.pattern))
    return routes


def undeclared(routes) -> list[str]:
    return sorted(set(routes) - set(ROUTES))


def test_every_pattern_is_declared():
    missing = undeclared(registered_routes())
    assert not missing, (
        "These URL patterns are not in tests/security/test_tenancy.py ROUTES; declare each "
        "with who may use it (PUBLIC, SME_OWN, MANAGER...):\n  " + "\n  ".join(missing))


def test_an_undeclared_pattern_fails_the_check():
    from django.urls import path

    fake = [path("admin/", lambda request: None), path("admin/new-screen/<int:pk>/",
                                                        lambda request, pk: None)]
    assert undeclared(registered_routes(fake)) == ["admin/new-screen/<int:pk>/"]


def test_the_table_has_no_stale_rows():
    assert not set(ROUTES) - set(registered_routes()), "remove the rows of deleted URLs"


def test_every_snippet_chooser_is_scoped():
    from wagtail.snippets.models import get_snippet_models

    from marketplace.catalogue.admin.tenancy import ScopedSnippetChooserViewSet

    for model in get_snippet_models():
        viewset = model.snippet_viewset
        assert issubclass(viewset.chooser_viewset_class, ScopedSnippetChooserViewSet), model


# SECTION: requesting every pattern as every user

USERS = ["anon", "buyer_token", "sme_a", "sme_b", "op_a", "op_b", "manager"]
LOGIN_PATHS = ("/admin/login/", "/django-admin/login/", "/en/operators/sign-in/")
REFUSED = {
    PUBLIC: set(),
    SIGNED_IN: {"anon"},
    BUYER_WITH_TOKEN: {"anon", "sme_b", "op_a", "op_b"},
    SIGNED_LINK: {"anon"},
    WEBHOOK_SIGNED: set(),
    SME_OWN: {"anon", "buyer_token", "sme_b", "op_a", "op_b"},
    OPERATOR_OWN: {"anon", "sme_b"},
    MANAGER: {"anon", "buyer_token", "sme_a", "sme_b", "op_a", "op_b"},
    ADMIN_ANY_STAFF: {"anon", "buyer_token", "op_a", "op_b"},
    SUPERUSER: {"anon", "buyer_token", "sme_a", "sme_b", "op_a", "op_b"},
    ADMIN_BROWSE_PUBLISHED: {"anon", "buyer_token", "op_a", "op_b"},
    PARTICIPANT: {"anon", "buyer_token", "sme_b", "op_b", "manager"},
}
ALLOWED = {
    SME_OWN: {"sme_a", "manager"},
    MANAGER: {"manager"},
    BUYER_WITH_TOKEN: {"buyer_token"},
    OPERATOR_OWN: {"op_a"},
    PARTICIPANT: {"sme_a", "op_a"},
}
# What of tenant A's must never show to SME B or operator B on a screen they may open.
A_SECRETS = ("Masseria Alfa", "Boat of Masseria Alfa", "agent-a@example.com", "acct_alfa")


# The right user is refused here for a reason other than tenancy: the action is not an SME's
# (publishing and so unscheduling, privacy, moving, deleting, translating, URL generator), or
# tenant A's object does not fit (an experience takes no subpages, is not an alias, has no
# preview mode but the default one, which no URL names; the run has no SEPA file yet).
RIGHT_USER_REFUSED = {
    "admin/images/<int:image_id>/generate_url/",
    "admin/images/<int:image_id>/generate_url/output/",
    "admin/localize/page/<int:page_id>/convert_to_alias/",
    "admin/localize/submit/page/<int:page_id>/",
    "admin/localize/translate/<int:translation_id>/preview/<str:mode>/",
    "admin/marketplace/payouts/<int:pk>/pain001.xml",
    "admin/pages/<int:page_id>/convert_alias/",
    "admin/pages/<int:page_id>/privacy/",
    "admin/pages/<int:page_id>/unpublish/",
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/",
    "admin/pages/<int:page_to_move_id>/move/",
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/",
    "admin/pages/<int:parent_page_id>/add_subpage/",
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/",
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/",
    "admin/pages/create/<slug:app_label>/<slug:model_name>",
    "admin/snippets/marketplace/resource/delete/<int:pk>/",
    "admin/cluster/agreements/<int:pk>/document/",  # A's memorandum has no signed document
    # a manager acts for no company, so has no badge of its own (the admin screens print any)
    "<lang>/cluster/events/<int:pk>/badge.pdf",
}


# Wagtail's own error page test: it fails on purpose for a signed-in admin user.
FAILS_ON_PURPOSE = {"admin/failwhale/"}


# The object each ``<pk>`` stands for, by the first path segment that names its kind.
PK_KINDS = {
    "/cluster/members/": lambda w: w.member,  # before "/members/" (an operator's)
    "/cluster/cooperation/": lambda w: w.cluster.post,
    "/cluster/events/": lambda w: w.cluster.event,  # A's workshop, with supplier A's registration
    "/api/main/^pages/": lambda w: w.sme_a.experience, "/api/main/^documents/": lambda w: w.admin.document,
    "/api/main/^images/": lambda w: w.sme_a.image, "/documents/": lambda w: w.admin.document,
    "/images/": lambda w: w.sme_a.image, "/resource/": lambda w: w.sme_a.resource,
    "/contractoverride/": lambda w: w.admin.contract_override, "/contract/": lambda w: w.op_a.contract,
    "/providerapplication/": lambda w: w.application, "/applications/": lambda w: w.application,
    "/payoutaccount/": lambda w: w.admin.payout_account,
    "/commissionrate/": lambda w: w.admin.commission_rate,
    "/sector/": lambda w: w.sme_a.experience.sector, "/operators/": lambda w: w.op_a.operator,
    "/payouts/": lambda w: w.payout_run, "/members/": lambda w: w.op_a.agent,
    "/collections/": lambda w: w.sme_a.collection, "/workflows/tasks/": lambda w: w.admin.task,
    "/workflows/": lambda w: w.admin.workflow, "/locales/": lambda w: w.admin.locale,
    "/sites/": lambda w: w.admin.site, "/users/": lambda w: w.sme_a.user,
    "/groups/": lambda w: w.admin.group,
    # The project registers no settings model: the site is what a site setting's pk names.
    "/settings/": lambda w: w.admin.site,
    "/agreements/": lambda w: w.cluster.agreement, "/events/": lambda w: w.cluster.event,
    "/registrations/": lambda w: w.cluster.registration,
}
# The ``<object_id>`` of each Django admin model: tenant A's row of that kind (a token proxy's
# id is its user's).
OBJECT_ID_KINDS = {
    "/wagtaildocs/document/": lambda w: w.admin.document.pk,
    "/wagtailimages/image/": lambda w: w.sme_a.image.pk, "/taggit/tag/": lambda w: w.admin.tag.pk,
    "/authtoken/tokenproxy/": lambda w: w.admin.api_token.user_id,
    "/auth/group/": lambda w: w.admin.group.pk, "/auth/user/": lambda w: w.sme_a.user.pk,
    "/r/": lambda w: w.sme_a.experience.pk,
}


def _values(world) -> dict:
    """A value for each argument name, from tenant A's objects."""
    a, admin = world.sme_a, world.admin
    return {
        "lang": "en", "page_id": a.experience.pk, "parent_page_id": a.experience.pk,
        "page_to_move_id": a.experience.pk, "destination_id": a.provider.pk,
        "image_id": a.image.pk, "booking_id": world.booking.pk,
        "reference": world.order.reference, "slot_id": a.slot.pk, "provider_pk": a.provider.pk,
        "fmt": "csv", "extension": "pdf", "action": "accept", "token": "not-a-token",
        "uidb64": _uidb64(a.user),
        "content_type_app_name": "marketplace", "content_type_model_name": "experiencepage",
        "app_label": "marketplace", "model_name": "resource", "app_name": "marketplace",
        "revision_id": admin.revision.pk, "workflow_state_id": admin.workflow_state.pk,
        "task_state_id": admin.task_state.pk, "action_name": "reject",
        "task_id": admin.task.pk, "workflow_pk": admin.workflow.pk,
        "page_pk": world.sme_a.provider.get_root().pk,  # where the review workflow is assigned
        "collection_id": a.collection.pk, "redirect_id": admin.redirect.pk,
        "document_id": admin.document.pk, "doc_id": admin.document.pk,
        "session_id": admin.editing_session.pk, "restriction_id": admin.collection_restriction.pk,
        "page_view_restriction_id": admin.page_restriction.pk,
        "translation_id": admin.translation.pk,
        "translation_source_id": admin.translation.source_id,
        "string_segment_id": admin.string_segment.pk,
        "overridable_segment_id": admin.overridable_segment.pk,
        "filter_spec": "fill-100x100", "content_type_id": _page_type_id(), "id": a.user.pk,
        "itinerary_id": world.itinerary.pk, "number": 1,
        "stop_id": world.itinerary.days.get(number=1).stops.get().pk,
        "link_id": world.share_link.pk,
        "event_id": world.cluster.b2b.event.pk, "request_id": world.cluster.b2b.request.pk,
        "meeting_id": world.cluster.b2b.meeting.pk, "table_id": world.cluster.b2b.table.pk,
    }


def _page_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    return ContentType.objects.get_for_model(Page).pk


# Arguments that differ from ``_values`` for one pattern.
ARGUMENTS = {
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": lambda w: {"action_name": "delete"},
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/": lambda w: {"uploaded_file_id": w.admin.uploaded_image.pk},
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/": lambda w: {"uploaded_file_id": w.admin.uploaded_image.pk},
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/": lambda w: {"uploaded_file_id": w.admin.uploaded_document.pk},
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/": lambda w: {"uploaded_file_id": w.admin.uploaded_document.pk},
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/": lambda w: {"app_label": "wagtailcore", "model_name": "page", "object_id": w.sme_a.experience.pk},
    "admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/": lambda w: {"pk": w.sme_a.resource.pk},
    # A resource is not translatable: the sector of A's experience is the nearest snippet that is.
    "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": lambda w: {"model_name": "sector", "pk": w.sme_a.experience.sector.pk},
    # An experience has one preview mode, the default (""), which no URL can carry: the view
    # asks for permission on the translation before it looks at the mode.
    "admin/localize/translate/<int:translation_id>/preview/<str:mode>/": lambda w: {"mode": "default"},
    "<lang>/_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": lambda w: {"page_id": w.admin.page_restriction.page_id},
    "<lang>/operators/password/<uidb64>/<token>/": lambda w: {"uidb64": _uidb64(w.op_a.agent.user)},
    "admin/workflows/tasks/add/<str:app_label>/<str:model_name>/": lambda w: {"model_name": "clusterreviewtask"},
    "admin/cluster/members/<int:pk>/<str:action>/": lambda w: {"action": "suspend"},
}


def _uidb64(user) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(user.pk))


# The patterns written as regular expressions, each with one concrete URL for tenant A.
CONCRETE = {
    "admin/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$": lambda w: f"/admin/pages/{w.sme_a.experience.pk}/revisions/compare/live...{w.admin.revision.pk}/",
    "admin/^.*/$": lambda w: "/admin/no-such-screen/",
    "documents/^(\\d+)/(.*)$": lambda w: f"/documents/{w.admin.document.pk}/{w.admin.document.filename}",
    "django-admin/^(?P<app_label>wagtaildocs|wagtailimages|taggit|authtoken|auth)/$": lambda w: "/django-admin/wagtaildocs/",
    "django-admin/(?P<url>.*)$": lambda w: "/django-admin/no-such-screen/",
    "api/v1/^.*$": lambda w: "/api/v1/no-such-endpoint/",
    "api/v1/^experiences/(?P<id>[^/.]+)/$": lambda w: f"/api/v1/experiences/{w.sme_a.experience.pk}/",
    "api/v1/^experiences/(?P<id>[^/.]+)/availability/$": lambda w: f"/api/v1/experiences/{w.sme_a.experience.pk}/availability/",
    "api/v1/^providers/(?P<id>[^/.]+)/$": lambda w: f"/api/v1/providers/{w.sme_a.provider.pk}/",
    "<lang>/^((?:[\\w\\-]+/)*)$": lambda w: w.sme_a.experience.url,
}


def instantiate(route: str, world) -> str:
    """The URL of ``route`` for tenant A's objects."""
    if route in CONCRETE:
        return CONCRETE[route](world)
    values = _values(world)
    values.update({
        "pk": next((kind(world).pk for key, kind in PK_KINDS.items() if key in "/" + route), None),
        "object_id": next((kind(world) for key, kind in OBJECT_ID_KINDS.items()
                           if key in "/" + route), None),
    })
    values.update(ARGUMENTS.get(route, lambda w: {})(world))
    url = route.replace("<lang>/", "en/")
    for converter_name in re.findall(r"<(?:\w+:)?(\w+)>", url):
        value = values[converter_name]
        assert value is not None, (route, converter_name)
        url = re.sub(rf"<(?:\w+:)?{converter_name}>", str(value), url, count=1)
    url = url.replace("^", "").replace("$", "")
    assert not re.search(r"[()\\*+?\[]", url), route
    return "/" + url


def snapshot(world) -> tuple:
    """Tenant A's rows (and the rows Wagtail itself holds), to compare before and after
    another user's attempt."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token
    from taggit.models import Tag
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import Document
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        GroupCollectionPermission,
        GroupPagePermission,
        Locale,
        Page,
        PageViewRestriction,
        Revision,
        Site,
        Task,
        TaskState,
        UploadedFile,
        Workflow,
        WorkflowPage,
        WorkflowState,
    )
    from wagtail_localize.models import StringTranslation, Translation

    from marketplace.operators.models import CommissionRate, ContractOverride
    from marketplace.payments.models import PayoutAccount

    a, admin = world.sme_a, world.admin
    translation = admin.translation
    rows = (
        Resource.objects.filter(pk=a.resource.pk).values_list("name", "capacity", "provider"),
        ProviderPage.objects.filter(pk=a.provider.pk).values_list(
            "title", "live", "latest_revision", "path"),
        ExperiencePage.objects.filter(pk=a.experience.pk).values_list(
            "title", "live", "latest_revision", "resource", "path", "locked"),
        Slot.objects.filter(pk=a.slot.pk).values_list("capacity", "held", "booked"),
        Booking.objects.filter(pk=world.booking.pk).values_list("status"),
        Order.objects.filter(pk=world.order.pk).values_list("status"),
        Contract.objects.filter(operator=world.op_a.operator).values_list(
            "terms", "commission_pct", "valid_from", "valid_until", "provider"),
        Operator.objects.filter(pk=world.op_a.operator.pk).values_list("status"),
        OperatorMember.objects.filter(operator=world.op_a.operator).values_list("user", "role"),
        ProviderApplication.objects.filter(pk=world.application.pk).values_list("status"),
        PayoutRun.objects.filter(pk=world.payout_run.pk).values_list("status"),
        type(a.image).objects.filter(pk=a.image.pk).values_list("title", "collection", "file"),
        Revision.objects.filter(pk=admin.revision.pk).values_list(
            "content", "approved_go_live_at", "object_id"),
        WorkflowState.objects.filter(pk=admin.workflow_state.pk).values_list(
            "status", "current_task_state"),
        TaskState.objects.filter(workflow_state=admin.workflow_state).values_list(
            "pk", "status", "revision"),
        Translation.objects.filter(pk=translation.pk).values_list(
            "enabled", "source", "target_locale"),
        StringTranslation.objects.filter(locale=translation.target_locale,
                                         context__object=translation.source.object_id
                                         ).values_list("translation_of", "data"),
        Page.objects.filter(pk=admin.page_restriction.page_id).values_list(
            "title", "live", "latest_revision", "path"),
        PageViewRestriction.objects.filter(pk=admin.page_restriction.pk).values_list(
            "page", "restriction_type", "password"),
        Document.objects.filter(pk=admin.document.pk).values_list("title", "file", "collection"),
        Tag.objects.filter(pk=admin.tag.pk).values_list("name", "slug"),
        Collection.objects.filter(pk=a.collection.pk).values_list("name", "path"),
        Collection.objects.filter(pk=admin.document.collection_id).values_list("name", "path"),
        CollectionViewRestriction.objects.filter(pk=admin.collection_restriction.pk
                                                 ).values_list("collection", "password"),
        UploadedFile.objects.filter(pk__in=[admin.uploaded_image.pk, admin.uploaded_document.pk]
                                    ).values_list("pk", "uploaded_by_user", "file"),
        EditingSession.objects.filter(pk=admin.editing_session.pk).values_list(
            "user", "object_id"),
        Redirect.objects.filter(pk=admin.redirect.pk).values_list(
            "old_path", "site", "redirect_page", "redirect_link", "is_permanent"),
        ContractOverride.objects.filter(pk=admin.contract_override.pk).values_list(
            "contract", "experience", "terms", "commission_pct"),
        PayoutAccount.objects.filter(pk=admin.payout_account.pk).values_list(
            "provider", "method", "stripe_account_id", "iban", "bic", "account_holder"),
        CommissionRate.objects.filter(pk=admin.commission_rate.pk).values_list(
            "sector_slug", "pct"),
        Token.objects.filter(pk=admin.api_token.pk).values_list("user"),
        Member.objects.filter(pk=world.member.pk).values_list(
            "name", "status", "about", "offers", "needs", "website", "email", "phone", "town",
            "sectors", "languages", "provider", "operator"),
        Member.users.through.objects.filter(member=world.member).values_list("user"),
        Itinerary.objects.filter(pk=world.itinerary.pk).values_list(
            "title", "start_date", "adults", "child_ages", "markup_pct", "status", "order"),
        Stop.objects.filter(day__itinerary=world.itinerary).order_by("pk").values_list(
            "pk", "day", "position", "slot", "starts_at"),
        Itinerary.objects.filter(operator=world.op_a.operator).values_list("pk"),
        ShareLink.objects.filter(itinerary=world.itinerary).values_list("pk", "revoked_at"),
        get_user_model().objects.filter(pk=a.user.pk).values_list(
            "username", "email", "password", "is_active", "is_staff", "is_superuser"),
        Group.objects.filter(pk=admin.group.pk).values_list("name", "permissions", "user"),
        GroupPagePermission.objects.filter(group=admin.group).values_list("page", "permission"),
        GroupCollectionPermission.objects.filter(group=admin.group).values_list(
            "collection", "permission"),
        Locale.objects.filter(pk=admin.locale.pk).values_list("language_code"),
        Site.objects.filter(pk=admin.site.pk).values_list(
            "hostname", "port", "root_page", "is_default_site"),
        Workflow.objects.filter(pk=admin.workflow.pk).values_list("name", "active"),
        Task.objects.filter(pk=admin.task.pk).values_list("name", "active"),
        WorkflowPage.objects.values_list("page", "workflow"),
        *_cluster_rows(world),
    )
    return tuple(sorted(row, key=repr) for row in rows)


def _cluster_rows(world) -> tuple:
    from cluster.models import Agreement, Event, Registration

    c = world.cluster
    return (
        Agreement.objects.filter(pk=c.agreement.pk).values_list(
            "title", "summary", "status", "signed_on", "ends_on", "document", "contract"),
        Event.objects.values_list("pk", "title", "status", "capacity", "starts_at"),
        Registration.objects.values_list("pk", "member", "status", "attended_at", "token"),
        *_matchmaking_rows(world),
        *_cooperation_rows(world),
    )


def _matchmaking_rows(world) -> tuple:
    from cluster.matchmaking.models import (
        BlockedSlot,
        MatchProfile,
        Meeting,
        MeetingRequest,
        MeetingSchedule,
        MeetingSlot,
        MeetingTable,
    )

    event = world.cluster.b2b.event
    return (
        MeetingSlot.objects.filter(event=event).values_list("pk", "starts_at", "ends_at"),
        MeetingTable.objects.filter(event=event).values_list("pk", "name"),
        MatchProfile.objects.filter(registration__event=event).values_list(
            "registration", "offers", "looks_for"),
        MeetingRequest.objects.filter(event=event).values_list(
            "pk", "from_registration", "to_registration", "message", "status",
            "answer_message"),
        BlockedSlot.objects.filter(registration__event=event).values_list(
            "registration", "slot"),
        MeetingSchedule.objects.filter(event=event).values_list(
            "scheduled", "run_at", "published_at"),
        Meeting.objects.filter(event=event).values_list("pk", "request", "slot", "table"),
    )


def _cooperation_rows(world) -> tuple:
    from cluster.models import Post, Reply

    return (
        Post.objects.values_list("pk", "member", "kind", "title", "body", "sectors", "area",
                                 "status", "closed_at"),
        Reply.objects.values_list("pk", "post", "member", "body"),
    )


def _users(world) -> dict:
    return {"sme_a": world.sme_a.user, "sme_b": world.sme_b.user, "op_a": world.op_a.user,
            "op_b": world.op_b.user, "manager": world.manager}


@pytest.fixture(scope="module")
def sessions(shared_world, django_db_blocker) -> dict[str, str]:
    """Each user signed in once for the module: each test's changes are rolled back at its
    end, a logout's too."""
    from django.test import Client

    keys = {}
    with django_db_blocker.unblock():
        for key, user in _users(shared_world).items():
            client = Client()
            client.force_login(user)
            keys[key] = client.session.session_key
    return keys


@pytest.fixture(scope="module")
def a_rows(shared_world, django_db_blocker) -> tuple:
    """Tenant A's rows as each test starts (each test's changes are rolled back)."""
    with django_db_blocker.unblock():
        return snapshot(shared_world)


def _client_for(key: str, sessions: dict[str, str]):
    """A fresh client (no cookie of an earlier request) as ``key``."""
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    if key in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[key]
    return client


def _with_token(url: str, key: str, world) -> str:
    if key == "buyer_token":
        return f"{url}{'&' if '?' in url else '?'}token={world.order.access_token}"
    return url


def _is_refused(response) -> bool:
    if response.status_code in (400, 403, 404, 405):
        return True
    return response.status_code in (301, 302) and response["Location"].split("?")[0] in (
        LOGIN_PATHS)


class _Writes:
    """Whether the statements run since ``clear`` could have written: anything but reads
    and savepoints. A request that wrote nothing cannot have changed A's rows, so only after
    one that did is the (slower) snapshot compared."""

    READS = ("select", "savepoint", "release savepoint", "rollback to savepoint")

    def __init__(self):
        self.seen = False

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip().lower().startswith(self.READS):
            self.seen = True
        return execute(sql, params, many, context)


def _ask(client, method: str, url: str, writes: _Writes | None = None):
    from django.db import connection

    headers = SCRIPT if url.startswith(("/admin/", "/django-admin/")) else {}
    if writes is None:
        return getattr(client, method)(url, headers=headers)
    writes.seen = False
    with connection.execute_wrapper(writes):
        return getattr(client, method)(url, headers=headers)


# Every method that may change something: each wrong user tries them all after GET.
STATE_CHANGING = ("post", "put", "patch", "delete")
# The other tenants try every method on each URL of A's objects, even where the rule lets them
# in (a screen that shows each user its own rows): nothing of A's may change.
OTHER_TENANTS = ("sme_b", "op_b")


def takes_objects(route: str) -> bool:
    """Whether ``route`` names an object (an argument other than the language)."""
    return bool(re.search(r"<(?!lang>)|\(", route))


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_each_pattern_refuses_the_wrong_users(route, shared_world, sessions, a_rows, db):
    url = instantiate(route, shared_world)
    rule = ROUTES[route]
    before, writes = a_rows, _Writes()
    for key in USERS:
        client = _client_for(key, sessions)  # fresh: no cookie of earlier requests
        target = _with_token(url, key, shared_world)
        wrong = key in REFUSED[rule]
        response = _ask(client, "get", target, writes)
        assert response.status_code < 500 or route in FAILS_ON_PURPOSE, (
            route, key, response.status_code)
        if wrong:
            assert _is_refused(response), (route, key, "get", response.status_code,
                                           response.get("Location"))
        elif (key in ALLOWED.get(rule, ()) and route not in RIGHT_USER_REFUSED
              and not route.endswith(("delete/", "execute/"))):
            assert not _is_refused(response) or response.status_code in (400, 405), (
                route, key, response.status_code, response.get("Location"))
        if (key in OTHER_TENANTS and rule in (ADMIN_ANY_STAFF, OPERATOR_OWN)
                and response.status_code == 200):
            body = response.content.decode(errors="replace")
            leaked = [secret for secret in A_SECRETS if secret in body]
            assert not leaked, (route, key, leaked)
        if not (wrong or key in OTHER_TENANTS and takes_objects(route)):
            if writes.seen:
                before = snapshot(shared_world)  # the right users may change A's rows
            continue
        assert not writes.seen or snapshot(shared_world) == before, (
            route, key, "get", "changed A's rows")
        for method in STATE_CHANGING:
            response = _ask(client, method, target, writes)
            assert response.status_code < 500 or route in FAILS_ON_PURPOSE, (
                route, key, method, response.status_code)
            if wrong:
                assert _is_refused(response), (route, key, method, response.status_code,
                                               response.get("Location"))
            assert not writes.seen or snapshot(shared_world) == before, (
                route, key, method, "changed A's rows")
