"""Reliability figures: run the fault suites (or read what they recorded) and print what they proved.

    python benchmarks/reliability_figures.py              # runs the suites (a few minutes), then prints
    python benchmarks/reliability_figures.py --from FILE  # prints the figures a previous run recorded in FILE

The tests count as they go (tests/support/figures.py) into the file named by HARVEST_FIGURES.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.figures import ENV, totals  # noqa: E402

SUITES = ["tests/test_crash_safety.py", "tests/test_concurrency.py", "tests/test_network_faults.py",
          "tests/test_hostile_input.py", "tests/test_hostile_urls.py", "tests/test_secrets.py",
          "tests/test_sql_hostile.py"]


def run_suites(figures_file: Path) -> str:
    """Run the suites with counting on; returns pytest's last line (passed/failed/xfailed)."""
    parallel = ["-n", "2"] if importlib.util.find_spec("xdist") else []
    env = {**os.environ, ENV: str(figures_file), "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *parallel, *SUITES],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    lines = [line for line in out.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    return lines[-1].strip("= ") if lines else f"pytest exit {out.returncode}"


def report(figures_file: Path, outcome: str | None) -> str:
    t = totals(figures_file)
    rows = [
        ("kills survived", f"{t['kills_survived']} of {t['kills']} SIGKILLs that landed mid-run "
                           "(harvest run and harvest check)"),
        ("faults injected vs wrong statuses", f"{t['faults_injected']} transient faults injected, "
                                              f"{t['fault_wrong_statuses']} wrong or unexplained statuses"),
        ("hostile inputs tried vs tracebacks", f"{t['hostile_inputs']} hostile inputs, {t['hostile_tracebacks']} tracebacks, "
                                               f"{t['hostile_timeouts']} over the time limit"),
        ("forbidden requests attempted vs made", f"{t['forbidden_offered']} attempted, {t['forbidden_made']} made"),
        ("token leaks", f"{t['secret_leaks']} in the output and files of {t['secret_commands']} commands"),
        ("hostile SQL", f"{t['sql_hostile_statements']} disguised writes tried on harvest sql"),
        ("concurrent runs", f"{t['concurrent_runs']} harvest run processes two at a time on one catalog"),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [f"reliability figures{f' ({outcome})' if outcome else ''}"]
    lines += [f"  {name:<{width}}  {value}" for name, value in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", type=Path, help="figures recorded by an earlier run (JSON lines)")
    args = parser.parse_args()
    if args.source:
        print(report(args.source, None))
        return
    with tempfile.TemporaryDirectory() as folder:
        figures_file = Path(folder) / "figures.jsonl"
        outcome = run_suites(figures_file)
        print(report(figures_file, outcome))


if __name__ == "__main__":
    main()
