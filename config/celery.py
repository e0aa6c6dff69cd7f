"""Celery application: the broker and eagerness come from Django settings (REDIS_URL)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("innotourclust")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
