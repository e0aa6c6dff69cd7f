"""Tests of the TOPTW benchmark tooling: instance parsing and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench.toptw.__main__ import main
from bench.toptw.instances import InstanceFormatError, parse_instance, read_instance

TINY = """4 10 3 1
0 200
0 40.00 50.00 0.00 0.00 0 0 0 300
1 45.00 68.00 10.00 10.00 1 1 1 0 200
2 40.00 60.00 10.00 20.00 1 2 1 2 0 250
3 60.00 50.00 5.00 5.00 1 1 2 100 120
"""


def test_parses_the_usual_layout_and_truncates_distances() -> None:
    instance = parse_instance(TINY, name="c999")
    assert instance.n_customers == 3 and instance.decimals == 1
    assert instance.score.tolist() == [0, 10, 20, 5]
    assert instance.service_ticks.tolist() == [0, 1000, 1000, 500]
    assert instance.open_tick.tolist() == [0, 0, 0, 10000]
    assert instance.close_tick.tolist() == [30000, 20000, 25000, 12000]
    travel = instance.travel_ticks()
    assert travel[0, 1] == 1860  # 18.681 truncated to 18.6, in hundredths
    assert travel[0, 2] == 1000 and travel[0, 3] == 2000
    assert (travel == travel.T).all() and (np.diag(travel) == 0).all()


def test_header_split_across_lines_missing_d_and_trailing_junk() -> None:
    tokens = TINY.split("\n")
    odd = "4 10\n3\n1 200\n" + "\n".join(tokens[2:]) + "\n99 junk after the last node\n"
    instance = parse_instance(odd, name="c999")
    assert instance.score.tolist() == [0, 10, 20, 5]
    no_d = "4 10 3 1\n200\n" + "\n".join(tokens[2:])
    assert parse_instance(no_d, name="c999").close_tick.tolist() == [30000, 20000, 25000, 12000]
    with pytest.raises(InstanceFormatError):
        parse_instance("4 10 5 1\n0 200\n0 0 0 0 0 0 0 0 10\n", name="short")


def test_rounding_follows_the_family_then_the_data() -> None:
    pr = TINY.replace("45.00 68.00", "45.000 68.000")
    assert parse_instance(pr, name="pr99").decimals == 2
    assert parse_instance(pr, name="mine").decimals == 2  # three decimals: Cordeau-like
    assert parse_instance(TINY, name="mine").decimals == 1
    assert parse_instance(pr, name="pr99").travel_ticks()[0, 1] == 1868  # 18.681 → 18.68
    assert parse_instance(TINY, name="mine", decimals=2).travel_ticks()[0, 1] == 1868


@pytest.mark.slow
def test_cli_writes_valid_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    instances = tmp_path / "instances"
    instances.mkdir()
    (instances / "c999.txt").write_text(TINY)
    (instances / "pr99.txt").write_text(TINY.replace("45.00 68.00", "45.000 68.000"))
    (instances / "notes.md").write_text("not an instance")
    bks = tmp_path / "bks.csv"
    bks.write_text("instance,m,bks,source\nc999,1,35,test\n")
    (tmp_path / "peers.csv").write_text(
        "instance,m,solver,score\nc999,1,vroom,30\nc999,1,ortools,35\n")
    out = tmp_path / "out.json"
    status = main(["--instances", str(instances), "--bks", str(bks), "--m", "1", "2",
                   "--time-limit", "5", "--max-iterations", "50", "--json", str(out)])
    assert status == 0
    rows = json.loads(out.read_text())
    assert [(r["instance"], r["m"]) for r in rows] == [
        ("c999", 1), ("c999", 2), ("pr99", 1), ("pr99", 2)]
    keys = {"instance", "m", "score", "bks", "gap_pct", "seconds", "feasible"}
    assert all(set(r) == keys and r["feasible"] for r in rows)
    first = rows[0]
    assert first["bks"] == 35
    assert first["gap_pct"] == pytest.approx(100 * (35 - first["score"]) / 35, abs=0.01)
    assert rows[1]["bks"] is None and rows[1]["gap_pct"] is None
    printed = capsys.readouterr().out
    assert "mean gap" in printed and "score >= VROOM: 1/1" in printed


def test_reads_the_shipped_instances() -> None:
    folder = Path(__file__).resolve().parents[2] / "bench" / "toptw" / "instances"
    if not folder.is_dir():
        pytest.skip("benchmark instances not present")
    instance = read_instance(folder / "c101.txt")
    assert instance.n_customers == 100 and instance.close_tick[0] == 123600
    assert instance.travel_ticks()[0, 1] == 1860
