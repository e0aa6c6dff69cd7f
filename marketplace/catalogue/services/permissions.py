"""Per-SME access: a group whose page and image permissions cover the SME's own subtree."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from marketplace.catalogue.models.pages import ProviderPage

SME_PAGE_CODENAMES = ("add_page", "change_page")
SME_IMAGE_CODENAMES = ("add_image", "change_image", "choose_image")
SME_MODEL_CODENAMES = (("marketplace", "add_resource"), ("marketplace", "change_resource"),
                       ("marketplace", "view_resource"))


def _collection_for(provider: ProviderPage) -> Collection:
    name = f"{provider.title} ({provider.vat_number})"[:255]
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


@transaction.atomic
def sme_group_ensure(*, provider: ProviderPage) -> Group:
    """The SME's group: admin access, add and edit (not publish) pages in the provider's
    subtree, and its own image collection. Idempotent."""
    group, _ = Group.objects.get_or_create(name=f"SME {provider.vat_number}")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                 codename="access_admin"))
    for app_label, codename in SME_MODEL_CODENAMES:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label,
                                                     codename=codename))
    for codename in SME_PAGE_CODENAMES:
        GroupPagePermission.objects.get_or_create(
            group=group, page=provider,
            permission=Permission.objects.get(content_type__app_label="wagtailcore",
                                              codename=codename),
        )
    collection = _collection_for(provider)
    for codename in SME_IMAGE_CODENAMES:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection,
            permission=Permission.objects.get(content_type__app_label="wagtailimages",
                                              codename=codename),
        )
    return group


def sme_collection_get(*, provider: ProviderPage) -> Collection:
    """The image collection of an SME (created with its group)."""
    return _collection_for(provider)
