"""No group but the cluster managers' has page rights over the whole tree."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

pytestmark = pytest.mark.django_db


def test_wagtails_default_editor_groups_are_gone():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_only_cluster_managers_hold_rights_over_the_root():
    roots = Page.get_first_root_node().get_descendants(inclusive=True).filter(depth__lte=2)
    holders = set(GroupPagePermission.objects.filter(page__in=roots)
                  .values_list("group__name", flat=True))
    assert holders <= {"Cluster managers"}
    root_collection = GroupCollectionPermission.objects.filter(collection__depth=1)
    assert set(root_collection.values_list("group__name", flat=True)) <= {"Cluster managers"}
