# Wagtail imports only <app>/wagtail_hooks.py: each domain's admin module registers its hooks
# when imported here.
from cluster.indicators import admin  # noqa: F401
