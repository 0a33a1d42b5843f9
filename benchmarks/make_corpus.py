#!/usr/bin/env python3
"""Generate a realistic arXiv metadata JSON-lines file for benchmarks.

    python benchmarks/make_corpus.py OUT.jsonl [--records 1000000] [--seed 1] [--abstracts FILE]

Abstracts come from real ones: the project's example digest, plus any JSON-lines or
digest file given with --abstracts (e.g. ../shared/examples/dev-abstracts.jsonl).
Each record gets a unique new-style id, a date between 2007 and 2026, 1-12 authors (from a
pool of 2 million names, a few of them prolific), 1-3 categories, and a mix of code links (in the abstract or the comments field,
released or promised, GitHub and other forges) and dataset mentions, in about the
proportions real cs listings have (a quarter of papers link code).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harvester.records import PaperRecord  # noqa: E402
from harvester.sources import read_source  # noqa: E402

FIRST_NAMES = ["Wei", "Anna", "José", "Li", "Olga", "Ahmed", "Sara", "Kenji", "Maria", "Tom", "Priya", "Lukas", "Chen", "Fatima",
               "Ivan", "Yuki", "Omar", "Elena", "Raj", "Sofia", "Jun", "Amir", "Lea", "Hao", "Nadia", "Pedro", "Mei", "Ali"]
LAST_SYLLABLES = ["zhang", "mül", "gar", "wang", "iva", "khan", "ros", "sa", "sil", "smi", "pa", "no", "ko", "ber", "li",
                  "ta", "ra", "vic", "son", "ni", "ma", "yu", "den", "ha", "lo", "fer", "chi", "tel", "ki", "do"]
AUTHOR_POOL = 2_000_000  # distinct names, drawn with a heavy head: a few prolific authors, most on a few papers
CATEGORIES = ["cs.CV", "cs.LG", "cs.AI", "cs.CL", "eess.IV", "cs.RO", "stat.ML", "cs.GR", "cs.MM"]
DATASETS = ["ImageNet", "CIFAR-10", "COCO", "Cityscapes", "nuScenes", "KITTI", "MNIST", "ScanNet", "DAVIS", "LibriSpeech"]
FORGES = ["https://github.com/{o}/{n}", "https://gitlab.com/{o}/{n}", "https://huggingface.co/{o}/{n}", "https://{o}.github.io/{n}/"]
CODE_SENTENCES = [
    " Code is available at {url}.",
    " Our code and models will be released at {url}.",
    " The source code is publicly available at \\url{{{url}}}.",
    " The code will be made publicly available.",
]


def _as_snapshot(abstract: str) -> str:
    """The metadata snapshot has plain URLs where the listing page has anchors."""
    return re.sub(r"<br>", " ", re.sub(r'<a [^>]*href="([^"]+)"[^>]*>[^<]*</a>', r"\1", abstract))


def load_abstracts(extra: list[Path]) -> list[tuple[str, str]]:
    texts = []
    example = ROOT / "examples" / "arxiv-cs.CV-2021-01-22.md"
    for path in [example, *extra]:
        if path.suffix == ".jsonl":
            for line in path.open(encoding="utf-8"):
                row = json.loads(line)
                texts.append((row["title"], row["abstract"]))
        else:
            texts += [(r.title, _as_snapshot(r.abstract)) for r in read_source(str(path)) if isinstance(r, PaperRecord)]
    return texts


def author_name(n: int) -> str:
    """The n-th name of the author pool (distinct for every n below AUTHOR_POOL): a first name, an initial, a surname."""
    n, first = divmod(n, len(FIRST_NAMES))
    n, initial = divmod(n, 26)
    syllables = []
    for _ in range(3):
        n, part = divmod(n, len(LAST_SYLLABLES))
        syllables.append(LAST_SYLLABLES[part])
    return f"{FIRST_NAMES[first]} {chr(65 + initial)}. {''.join(syllables).capitalize()}"


def record(i: int, rng: random.Random, texts: list[tuple[str, str]]) -> dict:
    title, abstract = rng.choice(texts)
    day = date(2007, 4, 1) + timedelta(days=rng.randrange(7000))
    comments = f"{rng.randrange(4, 30)} pages, {rng.randrange(1, 12)} figures"
    roll = rng.random()
    if roll < 0.25:
        url = rng.choice(FORGES).format(o=f"lab{rng.randrange(50_000)}", n=f"proj-{i % 100_003}")
        sentence = rng.choice(CODE_SENTENCES).format(url=url)
        if rng.random() < 0.3:
            comments += f". Code: {url}"
        else:
            abstract += sentence
    if rng.random() < 0.3:
        picked = rng.sample(DATASETS, rng.randrange(1, 4))
        abstract += f" Experiments on {', '.join(picked)} show the benefits."
    authors = [author_name(int(AUTHOR_POOL * rng.random() ** 3)) for _ in range(rng.randrange(1, 13))]
    versions = [{"version": f"v{v}", "created": ""} for v in range(1, rng.randrange(2, 4))]
    return {
        "id": f"{day:%y%m}.{i % 100_000:05d}",
        "submitter": authors[0],
        "authors": ", ".join(authors),
        "title": title,
        "comments": comments,
        "journal-ref": None,
        "doi": None,
        "categories": " ".join(rng.sample(CATEGORIES, rng.randrange(1, 4))),
        "abstract": abstract,
        "versions": versions,
        "update_date": day.isoformat(),
        "authors_parsed": [[a.split()[2], a.split()[0], a.split()[1]] for a in authors],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--abstracts", type=Path, action="append", default=[])
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = load_abstracts(args.abstracts)
    seen: set[str] = set()
    with args.out.open("w", encoding="utf-8") as out:
        i = 0
        while len(seen) < args.records:
            row = record(i, rng, texts)
            i += 1
            if row["id"] in seen:  # ids must be unique: one paper per line
                continue
            seen.add(row["id"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{args.out}: {args.records:,} records from {len(texts):,} real abstracts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
