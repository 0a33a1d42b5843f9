"""Reliability figures: tests count what they tried; benchmarks/reliability_figures.py adds them up.

Counting is off unless HARVEST_FIGURES (a file path) is set, so ordinary test runs write nothing.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

ENV = "HARVEST_FIGURES"


def count(name: str, n: int = 1) -> None:
    """Add n to figure `name` (appended as one JSON line; safe across pytest-xdist workers)."""
    target = os.environ.get(ENV)
    if target and n:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"figure": name, "n": n}) + "\n")


def totals(path: Path) -> Counter:
    result: Counter = Counter()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            result[entry["figure"]] += entry["n"]
    return result
