"""What "handled hostile input" means, as reusable assertions: no traceback, every complaint one located line,
and the good entries around the bad part in the catalog."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

_LOCATED = re.compile(r"^warning: .*:\d+: \S")


def complaints(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def assert_tolerated(returncode: int, stdout: str, stderr: str, source: Path) -> None:
    """Exit 0 (all read) or 1 (some skipped), no traceback, each complaint a `warning: FILE:LINE: reason` line."""
    assert "Traceback" not in stdout + stderr, (stdout + stderr)[-2000:]
    assert returncode in (0, 1), f"exit {returncode}: {stderr[-2000:]}"
    for line in complaints(stderr):
        assert line.startswith("warning: " + str(source)) and _LOCATED.match(line), f"unclear complaint: {line[:300]!r}"


def stored_ids(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT arxiv_id FROM papers")}
    finally:
        conn.close()


def stored_titles(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT arxiv_id, title FROM papers"))
    finally:
        conn.close()
