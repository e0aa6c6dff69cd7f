from cluster.partners import admin  # noqa: F401
