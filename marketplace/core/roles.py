"""Who the cluster's managers are: the group created by the data migrations, and the one test
of whether a user is one (superusers count)."""

CLUSTER_MANAGERS_GROUP = "Cluster managers"  # created by migration 0002


def user_is_cluster_manager(user) -> bool:
    """Active superusers and active members of the "Cluster managers" group."""
    return bool(user.is_active and (user.is_superuser or user.groups.filter(
        name=CLUSTER_MANAGERS_GROUP).exists()))
