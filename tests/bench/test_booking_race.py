"""A small version of `bench/booking_race.py`: concurrent buyers never overbook a slot."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SEATS, BUYERS, ROUNDS = 3, 10, 3


def _check(result: dict) -> None:
    assert result["errors"] == []
    assert result["rounds"] == ROUNDS
    assert result["overbooked_rounds"] == 0
    assert result["confirmed_per_round"] == [SEATS] * ROUNDS
    assert result["refused_per_round"] == [BUYERS - SEATS] * ROUNDS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: threads in-process")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_buyers_on_postgresql():
    """Each buyer thread has its own connection to the test database."""
    from bench.booking_race import race

    _check(race(seats=SEATS, buyers=BUYERS, rounds=ROUNDS).as_dict())


@pytest.mark.slow  # migrates a fresh SQLite file in a subprocess
@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite: its own database file")
def test_concurrent_buyers_on_sqlite():
    """The benchmark itself, on a throw-away SQLite file (threads cannot share the tests'
    in-memory database)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "booking_race.py"), "--seats", str(SEATS),
         "--buyers", str(BUYERS), "--rounds", str(ROUNDS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True)
    _check(json.loads(completed.stdout.strip().splitlines()[-1]))
