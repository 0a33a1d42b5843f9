#!/usr/bin/env python3
"""Score extraction against gold files: precision and recall per field.

    python benchmarks/score_gold.py ../shared/gold/*.json [--shared DIR] [--errors]

Each gold file names its input (relative to shared/). A digest gold file is
scored on repositories (with released/promised), code promised without link,
and datasets (by canonical name, then role); a JSON-lines gold file on GitHub
repositories found in each record's abstract and comments.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.extract import extract  # noqa: E402
from harvester.records import PaperRecord  # noqa: E402
from harvester.sources import read_source  # noqa: E402


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, predicted: set, expected: set, optional: set, where: str) -> None:
        for item in predicted - expected - optional:
            self.fp += 1
            self.errors.append(f"{where}: false positive {item}")
        for item in expected - predicted:
            self.fn += 1
            self.errors.append(f"{where}: missed {item}")
        self.tp += len(predicted & expected)

    def line(self, label: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return f"  {label:<34} P={p:.3f} R={r:.3f}  (tp={self.tp} fp={self.fp} fn={self.fn})"


def name_key(name: str) -> str:
    """The gold file's matching rule: lowercase, keep letters, digits and '+'."""
    return re.sub(r"[^0-9a-z+]", "", name.lower())


def _records(shared: Path, gold: dict) -> dict[str, PaperRecord]:
    source = shared / gold["input"]
    if source.suffix == ".jsonl":
        records = {}
        for line in source.open(encoding="utf-8"):
            row = json.loads(line)
            records[row["id"]] = PaperRecord(row["id"], row.get("title", ""), row.get("abstract", ""), comments=row.get("comments"))
        return records
    return {r.arxiv_id: r for r in read_source(str(source)) if isinstance(r, PaperRecord)}


def _match_datasets(found: dict[str, str], expected: dict[str, str]):
    """Pair found names (key -> role) with gold keys 'A|B' ('?' = optional); returns tallies' inputs."""
    matched, missed, optional_hits = [], [], set()
    remaining = dict(found)
    for gold_key, role in expected.items():
        optional = gold_key.startswith("?")
        alternatives = {name_key(n) for n in gold_key.lstrip("?").split("|")}
        hit = next((k for k in remaining if k in alternatives), None)
        if hit is None:
            if not optional:
                missed.append(gold_key)
            continue
        found_role = remaining.pop(hit)
        if optional:
            optional_hits.add(hit)
        else:
            matched.append((gold_key, role, found_role))
    return matched, missed, remaining


def score_digest(gold: dict, records: dict[str, PaperRecord], show: bool) -> None:
    repos, repos_labelled, promises, datasets, roles = Tally(), Tally(), Tally(), Tally(), Tally()
    for arxiv_id, expected in gold["papers"].items():
        record = records.get(arxiv_id)
        if record is None:
            repos.fn += len(expected["repos"])
            repos.errors.append(f"{arxiv_id}: not in input")
            continue
        findings = extract(record.abstract, record.comments, record.title)
        github = {k: link for k, link in findings.repositories.items() if k[0] == "github"}
        got = {f"{k[1]}/{k[2]}": link.status for k, link in github.items()}
        want = {k.lower(): v for k, v in expected["repos"].items()}
        repos.add(set(got), set(want), set(), arxiv_id)
        repos_labelled.add(set(got.items()), set(want.items()), set(), arxiv_id)
        promises.add({True} if findings.promises else set(), {True} if expected.get("code_promised_no_link") else set(), set(), f"{arxiv_id} code promise")
        found = {}
        for mention in findings.datasets:
            found.setdefault(name_key(mention.name), mention.role)
            if mention.role == "introduced":
                found[name_key(mention.name)] = "introduced"
        matched, missed, extra = _match_datasets(found, expected["datasets"])
        datasets.tp += len(matched)
        datasets.fn += len(missed)
        datasets.fp += len(extra)
        datasets.errors += [f"{arxiv_id}: missed dataset {m}" for m in missed]
        datasets.errors += [f"{arxiv_id}: false dataset {name} ({role})" for name, role in extra.items()]
        for gold_key, role, found_role in matched:
            if role == found_role:
                roles.tp += 1
            else:
                roles.fp += 1
                roles.errors.append(f"{arxiv_id}: {gold_key} is {role}, found {found_role}")
    print(repos.line("github repositories"))
    print(repos_labelled.line("  ... with released/promised"))
    print(promises.line("code promised without link"))
    print(datasets.line("datasets (canonical name)"))
    accuracy = roles.tp / (roles.tp + roles.fp) if roles.tp + roles.fp else 1.0
    print(f"  {'dataset role accuracy (matched)':<34} {accuracy:.3f}  ({roles.tp}/{roles.tp + roles.fp})")
    if show:
        for tally in (repos_labelled, promises, datasets, roles):
            for error in tally.errors:
                print("    " + error)


def score_repos(gold: dict, records: dict[str, PaperRecord], show: bool) -> None:
    repos = Tally()
    for arxiv_id, expected in gold["papers"].items():
        record = records[arxiv_id]
        findings = extract(record.abstract, record.comments)
        got = {f"{k[1]}/{k[2]}" for k in findings.repositories if k[0] == "github"}
        repos.add(got, {r.lower() for r in expected["repos"]}, set(), arxiv_id)
    print(repos.line("github repositories"))
    if show:
        for error in repos.errors:
            print("    " + error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--shared", type=Path, help="the shared/ folder (default: the gold file's parent's parent)")
    parser.add_argument("--errors", action="store_true", help="list every miss and false positive")
    args = parser.parse_args()
    for gold_path in args.gold:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        shared = args.shared or gold_path.resolve().parent.parent
        records = _records(shared, gold)
        print(f"{gold_path.name} ({gold['input']}, {len(gold['papers'])} papers)")
        if gold["input"].endswith(".jsonl"):
            score_repos(gold, records, args.errors)
        else:
            score_digest(gold, records, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
