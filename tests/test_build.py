"""The extraction modules compiled by setup.py (mypyc) are built from the sources beside them."""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import harvester

PACKAGE = Path(harvester.__file__).parent


def test_compiled_modules_are_not_older_than_their_sources():
    """An editable install compiles in place, and Python prefers the compiled module to the edited source."""
    stale = []
    for suffix in EXTENSION_SUFFIXES:
        for compiled in PACKAGE.rglob(f"*{suffix}"):
            source = compiled.with_name(compiled.name.removesuffix(suffix) + ".py")
            if source.exists() and compiled.stat().st_mtime < source.stat().st_mtime:
                stale.append(str(source.relative_to(PACKAGE.parent)))
    assert not stale, f"edited after the last build, so not what runs: {stale}; run `pip install -e .` again"
