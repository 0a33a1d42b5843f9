"""Catalogs for tests: a fresh one in a temporary directory, with repositories rows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine, select

from harvester.catalog.db import open_catalog
from harvester.catalog.models import RepoCheck, Repository
from harvester.catalog.store import insert_ignore
from harvester.extract.findings import RepoRef

REPOS = Repository.__table__
CHECKS = RepoCheck.__table__


def make_catalog(directory: Path, repos: Iterable[tuple[str, str] | tuple[str, str, str]] = ()) -> Engine:
    """A new catalog holding these repositories ((owner, name) on GitHub, or (forge, owner, name))."""
    engine = open_catalog(str(directory / "catalog.db"))
    add_repos(engine, repos)
    return engine


def add_repos(engine: Engine, repos: Iterable[tuple[str, str] | tuple[str, str, str]]) -> None:
    refs = [RepoRef(*r) if len(r) == 3 else RepoRef("github", *r) for r in repos]
    with engine.begin() as conn:
        insert_ignore(conn, REPOS, [
            {"forge": r.forge, "owner": r.owner, "name": r.name, "owner_key": r.key[1], "name_key": r.key[2],
             "url": r.url} for r in refs
        ])


def statuses(engine: Engine) -> dict[str, str | None]:
    """'owner/name' -> current status, for every repository row."""
    with engine.connect() as conn:
        rows = conn.execute(select(REPOS.c.owner, REPOS.c.name, REPOS.c.status)).all()
    return {f"{r.owner}/{r.name}": r.status for r in rows}


def repo_row(engine: Engine, owner: str, name: str):
    with engine.connect() as conn:
        return conn.execute(select(REPOS).where(REPOS.c.owner_key == owner.lower(),
                                                REPOS.c.name_key == name.lower())).one()


def history(engine: Engine, owner: str, name: str) -> list:
    """The repo_checks rows of one repository, oldest first."""
    row = repo_row(engine, owner, name)
    with engine.connect() as conn:
        return conn.execute(select(CHECKS).where(CHECKS.c.repository_id == row.id).order_by(CHECKS.c.id)).all()
