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
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.audit.checklist import ITEMS  # noqa: E402
from harvester.audit.runner import Forge, Target, audit_one  # noqa: E402
from harvester.audit.snapshot import Limits, PaperInfo  # noqa: E402
from tests.support.audit_corpus import CorpusRepo, build, corpus_dir, load  # noqa: E402
from tests.support.git_server import GitServer  # noqa: E402

FIELDS = (*ITEMS, "license", "placeholder", "cites_paper")
_SPDX_EQUAL = re.compile(r"-(only|or-later)$")


def predictions(corpus: Path) -> list[tuple[CorpusRepo, dict]]:
    """Audit every corpus repository through the local git server; per repository, field -> value."""
    repos = load(corpus)
    with tempfile.TemporaryDirectory(prefix="audit-corpus-") as root:
        for repo in repos:
            build(Path(root), repo)
        with GitServer(Path(root)) as server:
            forge = Forge(web_url=server.url, method="git")
            found = []
            for repo in repos:
                paper = repo.meta["paper"]
                target = Target(0, repo.owner, repo.name, repo.meta["repo_url"], "available",
                                [PaperInfo(paper["arxiv_id"], paper["title"])])
                outcome = audit_one(target, forge, forge.client(), Limits())
                if outcome.checklist is None:
                    raise SystemExit(f"{repo.owner}/{repo.name}: audit failed: {outcome.error}")
                c = outcome.checklist
                values = {item: getattr(c, item).value for item in ITEMS}
                values |= {"license": c.license, "placeholder": c.placeholder.value,
                           "cites_paper": c.cites_paper.value, "score": c.score, "cites_arxiv_id": c.cites_arxiv_id}
                found.append((repo, values))
    return found


def expected(labels: dict) -> dict:
    values = {item: labels[item]["value"] for item in (*ITEMS, "placeholder", "cites_paper")}
    return values | {"license": labels["license"]["spdx"], "score": labels["score"],
                     "cites_arxiv_id": labels["cites_paper"]["arxiv_id"]}


def doubted(labels: dict) -> set[str]:
    """The fields a repository's doubts name ("cites_paper and results: ...", "pretrained/results: ...")."""
    names = set()
    for doubt in labels.get("doubts", []):
        head = doubt.split(":", 1)[0] if ":" in doubt else ""
        names |= {f for f in FIELDS if re.search(rf"\b{f}\b", head)}
    return names


def same(field: str, got, want) -> bool:
    if field == "license" and got and want:
        return _SPDX_EQUAL.sub("", got) == _SPDX_EQUAL.sub("", want)
    return got == want


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
