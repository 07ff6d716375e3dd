"""The cohort load test (evals/load.py, `make bench` --only load) itself works: a small cohort on the test
profile against a real PostgreSQL server, with every stored turn checked against its own client."""

from __future__ import annotations

import sys

from assistant.config import PROJECT_ROOT


def test_small_cohort_on_postgresql_loses_and_crosses_nothing():
    sys.path.insert(0, str(PROJECT_ROOT / "evals"))
    from load import rows, run

    result = run(users=4, profile="test")
    assert result["answers"] >= 4 and not result["problems"], result["problems"][:3]
    assert (result["lost"], result["crossed"], result["cross_reads"]) == (0, 0, 0)
    assert result["rss_mb"] > 0 and len(rows(result)) == 5
