"""Builds harvester, compiling the extraction modules with mypyc where it can.

Extraction runs once per abstract, millions of times on a whole-arXiv run, and compiled it
costs about a third less. The modules stay plain Python: with HARVEST_PURE_PYTHON=1 set (or
without mypy) they are installed as they are. An editable install compiles them in place:
after editing one, install again (tests/test_build.py notices a stale build).
"""

import os

from setuptools import setup

COMPILED = [
    "harvester/extract/datasets.py",
    "harvester/extract/dataset_cues.py",
    "harvester/extract/abbreviations.py",
    "harvester/extract/gazetteer.py",
    "harvester/extract/name_shapes.py",
    "harvester/extract/regex_trie.py",
    "harvester/extract/text.py",
    "harvester/extract/links.py",
    "harvester/extract/promises.py",
    "harvester/extract/classify.py",
]


def compiled_modules() -> list:
    if os.environ.get("HARVEST_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    # Only these modules are checked and compiled; the rest of harvester is imported as it is.
    return mypycify([*COMPILED, "--ignore-missing-imports", "--follow-imports=silent"], opt_level="3",
                    group_name="harvester_compiled")


setup(ext_modules=compiled_modules())
