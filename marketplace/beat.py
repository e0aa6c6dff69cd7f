"""The marketplace's periodic tasks, for Celery beat (``CELERY_BEAT_SCHEDULE``).

Crontab times are read in ``CELERY_TIMEZONE`` (Europe/Rome). On the night clocks go forward
02:30 does not exist and on the night they go back it happens twice; the slot sync is
idempotent, so a shifted or repeated run is harmless.
"""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "marketplace-materialise-all-slots": {
        "task": "marketplace.tasks.materialise_all_slots",
        "schedule": crontab(hour=2, minute=30),
    },
    "marketplace-expire-holds": {
        "task": "marketplace.tasks.expire_holds",
        "schedule": 60.0,
    },
    "marketplace-expire-requests": {
        "task": "marketplace.tasks.expire_requests",
        "schedule": crontab(minute="*/5"),
    },
    "marketplace-complete-bookings": {
        "task": "marketplace.tasks.complete_bookings",
        "schedule": crontab(minute=7),
    },
}
