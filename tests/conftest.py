"""Shared fixtures: temporary catalogs on every back end, the bundled example, the CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harvester.cli import app
from tests.support.audit_corpus import shared_dir
from tests.support.pg import PG_URL_ENV, admin_url, fresh_database

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "arxiv-cs.CV-2021-01-22.md"
SHARED = shared_dir() or ROOT.parent / "shared"

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A SQLite catalog file: for tests about the file itself; catalog behaviour tests use `db`."""
    return tmp_path / "catalog.db"


def pg_database() -> Iterator[str]:
    if admin_url() is None:
        pytest.skip(f"{PG_URL_ENV} not set")
    with fresh_database() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path: Path) -> Iterator[str]:
    """An empty catalog location (path or URL), once per back end: SQLite always, PostgreSQL when
    HARVEST_TEST_PG_URL is set (a fresh database per test, dropped after)."""
    if request.param == "sqlite":
        yield str(tmp_path / "catalog.db")
    else:
        yield from pg_database()


@pytest.fixture
def pg_db() -> Iterator[str]:
    """A fresh PostgreSQL database URL (tests that need the server itself)."""
    yield from pg_database()


@pytest.fixture
def cli():
    """Invoke `harvest ...` in-process; returns the typer Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None):
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    return invoke
