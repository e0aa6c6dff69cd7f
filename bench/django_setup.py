"""Django for the benchmarks: DATABASE_URL, or a throw-away SQLite file, migrated."""

import os
from pathlib import Path


def setup_django(tmp_dir: str) -> None:
    """Point Django at DATABASE_URL (or a new SQLite file in ``tmp_dir``) and migrate it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # DEBUG would record every query
    os.environ.setdefault("API_ANON_RATE", "1000000/min")  # measure the API, not its throttle
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp_dir) / 'bench.sqlite3'}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
