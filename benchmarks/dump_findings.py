#!/usr/bin/env python3
"""Write everything extract() finds on a JSON-lines abstract file, one JSON line per paper.

    python benchmarks/dump_findings.py ../shared/examples/dev-abstracts.jsonl > before.jsonl

Diff two dumps to check that a speed change finds exactly what it found before: links,
their repositories and status, promises and dataset mentions, with offsets and evidence.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.extract import extract  # noqa: E402


def main() -> int:
    for line in Path(sys.argv[1]).open(encoding="utf-8"):
        row = json.loads(line)
        findings = extract(row["abstract"], row.get("comments"), row["title"])
        print(json.dumps({"id": row["id"], **dataclasses.asdict(findings)}, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
