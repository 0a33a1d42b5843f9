#!/usr/bin/env python3
"""Score `harvest audit` against the hand-labelled audit corpus: agreement per item.

    python benchmarks/score_audit.py [--corpus ../shared/audit-corpus] [--errors]

Each corpus repository is rebuilt as a real git repository (real README and licence text, plausible
manifests, placeholders elsewhere; see tests/support/audit_corpus.py), served by the local git
smart-HTTP server, and audited through the same code path as `harvest audit --method git`. The
corpus is read from shared/ at run time and never copied here.

Agreement is printed for every case and without the cases whose `doubts` name the item (a doubt
"pretrained/results: ..." sets aside pretrained and results for that repository).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.audit.checklist import ITEMS  # noqa: E402
from tests.support.audit_corpus import FIELDS, CorpusRepo, corpus_dir, doubted, expected, predictions, same  # noqa: E402

def report(results: list[tuple[CorpusRepo, dict]], show_errors: bool) -> int:
    print(f"audit agreement with labels.json: {len(results)} repositories, git reader via the local git server\n")
    print(f"{'item':<14}{'all cases':>20}{'without doubts':>20}")
    worst = 100.0
    for field in FIELDS:
        cells = []
        for skip_doubts in (False, True):
            cases = [(r, v) for r, v in results if not (skip_doubts and field in doubted(r.labels))]
            agree = sum(same(field, v[field], expected(r.labels)[field]) for r, v in cases)
            share = 100 * agree / len(cases) if cases else 100.0
            worst = min(worst, share)
            cells.append(f"{agree}/{len(cases)} {share:5.1f}%")
        print(f"{field:<14}{cells[0]:>20}{cells[1]:>20}")
    for skip_doubts in (False, True):
        cases = [(r, v) for r, v in results if not (skip_doubts and doubted(r.labels) & set(ITEMS))]
        errors = [abs(v["score"] - expected(r.labels)["score"]) for r, v in cases]
        exact = sum(e == 0 for e in errors)
        label = "score, without doubts" if skip_doubts else "score, all cases"
        print(f"{label:<24} exact {exact}/{len(cases)}  mean absolute error {sum(errors) / max(len(cases), 1):.2f}"
              f"  max error {max(errors, default=0)}")
    ids = sum(v["cites_arxiv_id"] == expected(r.labels)["cites_arxiv_id"] for r, v in results)
    print(f"{'cites arxiv_id':<24} {ids}/{len(results)}")
    if show_errors:
        for repo, values in results:
            want = expected(repo.labels)
            for field in (*FIELDS, "cites_arxiv_id"):
                if not same(field, values[field], want[field]):
                    print(f"  {repo.owner}/{repo.name}: {field} = {values[field]!r}, labelled {want[field]!r}")
    return 0 if worst >= 95.0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=None, help="the audit-corpus folder (default: shared/ beside the checkout)")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args()
    corpus = args.corpus or corpus_dir()
    if corpus is None or not (corpus / "index.json").is_file():
        print("audit corpus not found: pass --corpus or set HARVEST_SHARED", file=sys.stderr)
        return 2
    return report(predictions(corpus), args.errors)


if __name__ == "__main__":
    sys.exit(main())
