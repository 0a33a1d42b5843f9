"""Shared fixtures: temporary catalogs, the bundled example, the CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harvester.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "arxiv-cs.CV-2021-01-22.md"
SHARED = Path(os.environ.get("HARVEST_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "catalog.db"


@pytest.fixture
def cli():
    """Invoke `harvest ...` in-process; returns the typer Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None):
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    return invoke
