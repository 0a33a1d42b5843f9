#!/usr/bin/env python3
"""Write every dataset detection on a JSON-lines abstract file, one JSON line per mention.

    python benchmarks/dump_datasets.py ../shared/examples/dev-abstracts.jsonl > before.jsonl

Diff two dumps to check that a speed change finds exactly what it found before.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.extract.datasets import find_datasets  # noqa: E402


def main() -> int:
    for line in Path(sys.argv[1]).open(encoding="utf-8"):
        row = json.loads(line)
        for mention in find_datasets(row["abstract"], row["title"]):
            print(json.dumps({"id": row["id"], **dataclasses.asdict(mention)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
