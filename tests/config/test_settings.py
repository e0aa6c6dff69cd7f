"""Settings are checked in a fresh interpreter: importing them must fail or pass by itself."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "STRIPE_"))}
    clean.update(env)
    code = f"import importlib; importlib.import_module({module!r}); print('imported')"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_the_development_secret_key():
    result = _import_settings("config.settings.production", DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _import_settings(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        DJANGO_DEBUG="true",
    )
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


STRIPE = {"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_PUBLISHABLE_KEY": "pk_test_x",
          "STRIPE_WEBHOOK_SECRET": "whsec_x"}


def test_production_starts_with_a_real_secret():
    result = _import_settings(
        "config.settings.production",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        **STRIPE,
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_run_without_stripe_keys():
    result = _import_settings("config.settings.production", DJANGO_SECRET_KEY="k" * 60,
                              DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "STRIPE_SECRET_KEY" in result.stderr


def test_database_defaults_to_sqlite_and_redis_url_switches_cache_and_broker():
    code = (
        "from config.settings import base; "
        "print(base.DATABASES['default']['ENGINE'], base.CACHES['default']['BACKEND'], "
        "base.CELERY_BROKER_URL, base.CELERY_TASK_ALWAYS_EAGER)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    default = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean,
                             capture_output=True, text=True, check=True).stdout.split()
    assert default == ["django.db.backends.sqlite3",
                       "django.core.cache.backends.locmem.LocMemCache", "memory://", "True"]
    with_redis = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT,
        env={**clean, "REDIS_URL": "redis://127.0.0.1:6379/1", "DATABASE_URL": ""},
        capture_output=True, text=True, check=True,
    ).stdout.split()
    assert with_redis == ["django.db.backends.sqlite3", "django_redis.cache.RedisCache",
                          "redis://127.0.0.1:6379/1", "False"]


def test_nightly_slot_sync_is_scheduled(settings):
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "marketplace.tasks.materialise_all_slots" in tasks
