"""Settings are checked in a fresh interpreter: importing them must fail or pass by itself."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "STRIPE_", "SEPA_", "CONNECT_"))}
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
SEPA = {"SEPA_DEBTOR_NAME": "Rete Innotourclust", "SEPA_DEBTOR_IBAN": "DE89370400440532013000",
        "SEPA_DEBTOR_BIC": "COBADEFFXXX"}
# A complete production environment with sane values (none of them a sample).
PRODUCTION = {"DJANGO_SECRET_KEY": "v8Kq-2mZr7TnWc4Lx9Yp1BsHd6Fg3Je0Ua5Nk8Qt2Ro7Ci4Vm9Xw1Ez6",
              "DJANGO_ALLOWED_HOSTS": "example.org", **STRIPE, **SEPA}


def test_production_starts_with_a_real_secret():
    result = _import_settings("config.settings.production", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_run_without_stripe_keys():
    result = _import_settings("config.settings.production",
                              DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"],
                              DJANGO_ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "STRIPE_SECRET_KEY" in result.stderr


def test_check_deploy_with_production_settings_gives_no_warning():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_", "STRIPE_", "SEPA_", "CONNECT_"))}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="config.settings.production")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


# Each variable, unset or set to a sample of .env.example or a development default of
# base.py (or to something that is not an IBAN or a BIC), refuses to start naming it.
REFUSED = [
    ("DJANGO_SECRET_KEY",
     "change-me-to-a-long-random-string-of-at-least-fifty-characters-please"),
    ("DJANGO_SECRET_KEY", "a" * 60),
    ("STRIPE_SECRET_KEY", None),
    ("STRIPE_SECRET_KEY", "sk_test_change-me"),
    ("STRIPE_SECRET_KEY", "sk_test_localstripe"),
    ("STRIPE_PUBLISHABLE_KEY", None),
    ("STRIPE_PUBLISHABLE_KEY", ""),
    ("STRIPE_PUBLISHABLE_KEY", "pk_test_change-me"),
    ("STRIPE_PUBLISHABLE_KEY", "pk_test_localstripe"),
    ("STRIPE_PUBLISHABLE_KEY", "sk_test_x"),
    ("STRIPE_WEBHOOK_SECRET", None),
    ("STRIPE_WEBHOOK_SECRET", "whsec_change-me"),
    ("STRIPE_WEBHOOK_SECRET", "whsec_localstripe"),
    ("SEPA_DEBTOR_NAME", None),
    ("SEPA_DEBTOR_NAME", "change-me"),
    ("SEPA_DEBTOR_NAME", "Innotourclust"),
    ("SEPA_DEBTOR_IBAN", None),
    ("SEPA_DEBTOR_IBAN", "IT60X0542811101000000123456"),
    ("SEPA_DEBTOR_IBAN", "IT60 X054 2811 1010 0000 0123 456"),
    ("SEPA_DEBTOR_IBAN", "DE89370400440532013001"),
    ("SEPA_DEBTOR_BIC", None),
    ("SEPA_DEBTOR_BIC", "BPMOIT22XXX"),
    ("SEPA_DEBTOR_BIC", "ZZZZZZ22"),
    ("CONNECT_SIMULATOR", "true"),
]


# Every case in one fresh interpreter (starting one per case costs seconds): each case sets
# its environment, forgets the settings modules and imports production again.
REFUSAL_SCRIPT = """
import importlib, json, os, sys
cases, complete = json.loads(sys.argv[1]), json.loads(sys.argv[2])
answers = []
for name, value in cases:
    env = dict(complete)
    if value is None:
        del env[name]
    else:
        env[name] = value
    for key in [k for k in os.environ if k.startswith(("DJANGO_", "STRIPE_", "SEPA_",
                                                       "CONNECT_"))]:
        del os.environ[key]
    os.environ.update(env)
    for module in [m for m in sys.modules if m.startswith("config.settings")]:
        del sys.modules[module]
    try:
        importlib.import_module("config.settings.production")
        answers.append(None)
    except Exception as exc:
        answers.append(f"{type(exc).__name__}: {exc}")
print(json.dumps(answers))
"""


@pytest.fixture(scope="module")
def refusals() -> dict[tuple[str, str | None], str | None]:
    """What importing production says for each case of REFUSED (None: it started)."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("DJANGO_", "DATABASE_", "STRIPE_", "SEPA_", "CONNECT_"))}
    result = subprocess.run(
        [sys.executable, "-c", REFUSAL_SCRIPT, json.dumps(REFUSED), json.dumps(PRODUCTION)],
        cwd=ROOT, env=clean, capture_output=True, text=True, check=True)
    return dict(zip(REFUSED, json.loads(result.stdout), strict=True))


@pytest.mark.parametrize(("name", "value"), REFUSED,
                         ids=[f"{n}={'unset' if v is None else v[:30]}" for n, v in REFUSED])
def test_production_refuses_each_unset_or_sample_value(refusals, name, value):
    message = refusals[(name, value)]
    assert message is not None, f"production started with {name}={value!r}"
    assert message.startswith("ImproperlyConfigured: ")
    assert name in message


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
