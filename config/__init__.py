"""Django wiring for Innotourclust. Importing it loads the Celery app so @shared_task binds."""

from .celery import app as celery_app

__all__ = ("celery_app",)
