"""Leases for distributed checking: which worker may check which repository in a round.

A round is named by its start time: a repository is due in the round while it has no repo_checks row
at or after that start (so an `unknown` answer, which leaves the current status alone, still counts as
checked). Every worker of a round is given the same start (`--round-start`).

A worker claims a batch by writing lease_owner/lease_expires on due rows that nobody holds, or whose
lease expired (its worker died); it writes a result only while it still holds the row's lease, in the
same transaction that releases it, so a repository gets at most one result per round even when a slow
worker's lease was taken over.

Concurrency: on PostgreSQL the claim skips rows other claims have locked (FOR UPDATE SKIP LOCKED) and
runs at REPEATABLE READ, so a row whose result was committed after the claim's snapshot raises a
serialization failure (retried) instead of being claimed again on stale knowledge. On SQLite the
engine's transactions already start with BEGIN IMMEDIATE: claims and writes are serialized.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, Table, and_, exists, func, or_, select, update
from sqlalchemy.exc import OperationalError

from harvester.catalog.models import RepoCheck, Repository
from harvester.catalog.store import utcnow
from harvester.check.probe import RepoTarget

REPOS: Table = Repository.__table__
CHECKS: Table = RepoCheck.__table__
_CLAIM_ATTEMPTS = 20


def _checked_in_round(round_start: datetime):
    return exists().where(CHECKS.c.repository_id == REPOS.c.id, CHECKS.c.checked_at >= round_start)


def _due(forges: Sequence[str], round_start: datetime):
    return and_(REPOS.c.forge.in_(forges), ~_checked_in_round(round_start))


def _free(now: datetime):
    return or_(REPOS.c.lease_expires.is_(None), REPOS.c.lease_expires < now)


def claim(engine: Engine, worker: str, forges: Sequence[str], round_start: datetime, size: int,
          lease: timedelta) -> list[RepoTarget]:
    """Lease up to `size` due, unheld repositories to `worker`; [] when none is free right now."""
    for _ in range(_CLAIM_ATTEMPTS):
        try:
            return _claim_once(engine, worker, forges, round_start, size, lease)
        except OperationalError as error:  # psycopg's SerializationFailure: another worker got there first
            if getattr(error.orig, "sqlstate", None) != "40001":
                raise
    raise RuntimeError(f"could not claim a batch after {_CLAIM_ATTEMPTS} serialization conflicts")


def _claim_once(engine: Engine, worker: str, forges: Sequence[str], round_start: datetime, size: int,
                lease: timedelta) -> list[RepoTarget]:
    now = utcnow()
    with _claim_connection(engine) as conn, conn.begin():
        candidates = (select(REPOS.c.id).where(_due(forges, round_start), _free(now))
                      .order_by(REPOS.c.id).limit(size).with_for_update(skip_locked=True))
        ids = list(conn.execute(candidates).scalars())
        if not ids:
            return []
        claimed = conn.execute(
            update(REPOS).where(REPOS.c.id.in_(ids)).values(lease_owner=worker, lease_expires=now + lease)
            .returning(REPOS.c.id, REPOS.c.forge, REPOS.c.owner, REPOS.c.name, REPOS.c.status,
                       REPOS.c.status_detail, REPOS.c.etag)).all()
    return sorted((RepoTarget(*row) for row in claimed), key=lambda t: t.id)


def _claim_connection(engine: Engine) -> Connection:
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ")
    return engine.connect()  # SQLite: BEGIN IMMEDIATE already serializes every writer


def release_held(conn: Connection, worker: str, ids: Sequence[int]) -> set[int]:
    """Release this worker's leases on `ids`; returns those it still held (the only ones it may write)."""
    if not ids:
        return set()
    released = conn.execute(update(REPOS).where(REPOS.c.id.in_(ids), REPOS.c.lease_owner == worker)
                            .values(lease_owner=None, lease_expires=None).returning(REPOS.c.id))
    return set(released.scalars())


def round_status(engine: Engine, forges: Sequence[str], round_start: datetime) -> tuple[int, datetime | None]:
    """(repositories still due in the round, earliest expiry among those leased now)."""
    with engine.connect() as conn:
        row = conn.execute(select(func.count(), func.min(REPOS.c.lease_expires))
                           .where(_due(forges, round_start))).one()
    return row[0], row[1]


def release_all(engine: Engine, worker: str) -> None:
    """Give back the leases this worker still holds (claimed, never answered: e.g. a spent rate limit)."""
    with engine.begin() as conn:
        conn.execute(update(REPOS).where(REPOS.c.lease_owner == worker).values(lease_owner=None, lease_expires=None))
