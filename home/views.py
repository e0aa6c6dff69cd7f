"""Site-wide views that are not pages: the health check."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer to SELECT 1")


def _check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


CHECKS = {"database": _check_database, "cache": _check_cache}


@never_cache
@require_GET
def healthz(request):
    """Whether the database and the cache answer: 200 when both do, 503 naming what is down."""
    states: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "down"; the reason goes to the log
            logger.warning("healthz: %s is down: %s", name, exc)
            states[name] = "down"
        else:
            states[name] = "ok"
    down = [name for name, state in states.items() if state != "ok"]
    body = {"status": "ok" if not down else "unavailable", "checks": states, "down": down}
    return JsonResponse(body, status=503 if down else 200)
