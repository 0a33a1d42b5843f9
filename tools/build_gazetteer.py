#!/usr/bin/env python3
"""Build harvester/data/pwc_datasets.jsonl, the dataset gazetteer that extraction ships.

    python tools/build_gazetteer.py [SOURCE] [--out FILE]

SOURCE defaults to ../shared/data/pwc-datasets-2021.jsonl (Papers with Code
dataset data, CC-BY-SA 4.0, via viswavi/datafinder). The output is a separate
data file under the same licence; harvester/data/README.md carries the
attribution. Rerun this script whenever the source or the rules below change.

Each output line is {"name", "aliases", "introduced_in", "family_of"?}:
- one line per dataset name (the source repeats some names; their variants and
  introducing titles are merged);
- `aliases` keeps only the source variants that name the same dataset: other
  spellings ("CIFAR - 10", "Tiny-ImageNet"), versions and years ("Kinetics-400",
  "KITTI 2015"), an all-caps house prefix ("MS COCO") and abbreviation/expansion
  pairs ("LSP" / "Leeds Sports Pose"). Leaderboard slices ("CIFAR-10, 4000
  Labels", "COCO test-dev", "Set5 - 2x upscaling"), sub-datasets of a suite
  ("Atari 2600 Pong") and variants that are another entry's name are dropped;
- a trailing "Dataset"/"Corpus"/... and a leading article are dropped from
  names to give the words people write ("Mapillary Vistas");
- a numbered family ("CIFAR-10", "CIFAR-100") yields its bare stem: an alias
  when one dataset has it ("STL" -> STL-10), or a line of its own with
  `family_of` when several do ("CIFAR").
Whether a name needs dataset context in the text to count (common words,
short acronyms) is decided at run time from its shape, not here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harvester.extract.abbreviations import is_abbreviation  # noqa: E402
from harvester.extract.gazetteer import name_key as key  # noqa: E402

DEFAULT_SOURCE = ROOT.parent.parent / "shared" / "data" / "pwc-datasets-2021.jsonl"
DEFAULT_OUT = ROOT / "harvester" / "data" / "pwc_datasets.jsonl"

# Marks of a leaderboard slice or task setting rather than a name.
_SLICE = re.compile(
    r"[,(\[_]| - |->|-to-| to | vs\.? |: |%|\d\s*x\s*\d|\b(?:test|val|dev|train|validation|minival|minval"
    r"|test-dev|test-std|test-challenge|count-test|leaderboard|split|subset|labeled|unlabeled|easy|medium"
    r"|moderate|hard|sigma\d+|\d+-?way|\d+-?shot|shot|classes|steps|upscaling|unconditional|conditional"
    r"|frames|samples|labels|full|in-domain|out-of-domain|\d-clique|binary classification)\b",
    re.IGNORECASE,
)
_DATASET_SUFFIX = re.compile(r"\s+(?:data\s?sets?|benchmark|database|corpus|corpora|collection)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)
_VERSION_TAIL = re.compile(r"^(?:v?\d[\d.]*[kmb]?|\d+[a-z]?|[a-z])$")
_HOUSE_PREFIX = re.compile(r"^[A-Z]{2,4}\s?$")
_NUMBERED = re.compile(r"^(.*?[A-Za-z])(?:[-\s]\d+)+$")
_MAX_WORDS = 6  # longer "names" are paper titles or descriptions, not something an abstract writes


def same_dataset(name: str, variant: str) -> bool:
    """True when a clean variant names the dataset itself, not a slice or a member of it."""
    name_key, variant_key = key(name), key(variant)
    if variant_key == name_key:
        return True
    if variant_key.startswith(name_key):
        return bool(_VERSION_TAIL.match(variant_key[len(name_key):]))
    if name_key.startswith(variant_key):
        # "AFLW2000" for "AFLW2000-3D"; a bare word ("Flickr" for Flickr30k) is too loose
        return any(c.isdigit() for c in variant) and bool(_VERSION_TAIL.match(name_key[len(variant_key):]))
    if variant.endswith(name) and _HOUSE_PREFIX.match(variant[: -len(name)]):
        return True
    # "LSP" / "Leeds Sports Pose": an expansion has several words
    return any(len(long.split()) > 1 and is_abbreviation(short, long) for short, long in ((name, variant), (variant, name)))


def spoken_form(name: str) -> str:
    """The name as abstracts write it: no leading article, no trailing 'Dataset'."""
    bare = _DATASET_SUFFIX.sub("", _ARTICLE.sub("", name.strip()))
    return bare or name.strip()


def load(source: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    variants: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, list[str]] = defaultdict(list)
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            name = row["name"].strip()
            variants[name].extend(v.strip() for v in row["variants"] if v.strip())
            if row.get("introduced_in") and row["introduced_in"] not in titles[name]:
                titles[name].append(row["introduced_in"])
    return variants, titles


def clean_aliases(name: str, variants: list[str], taken: set[str]) -> list[str]:
    aliases: list[str] = []
    for candidate in [spoken_form(name), *map(spoken_form, variants)]:
        if (
            candidate != name
            and candidate not in aliases
            and key(candidate) not in taken
            and len(candidate.split()) <= _MAX_WORDS
            and not _SLICE.search(candidate)
            and same_dataset(name, candidate)
        ):
            aliases.append(candidate)
    return aliases


def family_stems(names: list[str], taken: set[str]) -> dict[str, list[str]]:
    """Bare stems of numbered names ("CIFAR" of "CIFAR-10") that name no dataset themselves."""
    stems: dict[str, list[str]] = defaultdict(list)
    for name in names:
        match = _NUMBERED.match(name)
        if match and len(key(match.group(1))) >= 3 and key(match.group(1)) not in taken:
            stems[match.group(1)].append(name)
    return stems


def build(source: Path) -> list[dict]:
    variants, titles = load(source)
    # a name whose key drops letters ("Image网" -> "image") would stand for a plain word
    names = [n for n in variants if len(spoken_form(n).split()) <= _MAX_WORDS and n.isascii()]
    taken = {key(n) for n in names}
    rows = {n: {"name": n, "aliases": clean_aliases(n, variants[n], taken - {key(n)}), "introduced_in": titles[n]} for n in names}
    taken |= {key(a) for row in rows.values() for a in row["aliases"]}
    for stem, members in family_stems(names, taken).items():
        if len(members) == 1:
            rows[members[0]]["aliases"].append(stem)
        else:
            rows[stem] = {"name": stem, "aliases": [], "introduced_in": [], "family_of": sorted(members)}
    return sorted(rows.values(), key=lambda row: row["name"].lower())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    rows = build(args.source)
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    aliases = sum(len(row["aliases"]) for row in rows)
    print(f"{args.out}: {len(rows)} datasets, {aliases} aliases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
