"""Who the cluster's managers are: the group created by the data migrations, the one test of
whether a user is one (superusers count), and the admin views' guard built on it."""

from functools import wraps

from django.core.exceptions import PermissionDenied

CLUSTER_MANAGERS_GROUP = "Cluster managers"  # created by migration 0002


def user_is_cluster_manager(user) -> bool:
    """Active superusers and active members of the "Cluster managers" group."""
    return bool(user.is_active and (user.is_superuser or user.groups.filter(
        name=CLUSTER_MANAGERS_GROUP).exists()))


def cluster_manager_required(view):
    """An admin view for cluster managers only: anyone else gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_is_cluster_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
