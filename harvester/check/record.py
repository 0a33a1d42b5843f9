"""Writing check results: one history row per check, the current status, where moved repositories went.

Results are buffered and written in small transactions (all-or-nothing each), so an
interrupted run keeps everything flushed before it and loses at most one buffer.

Current status rules (repositories row):
- a definite outcome replaces status, detail, http_status, etag, moved_to_id and
  checked_at; stars/pushed_at/license are replaced only when the answer carried them;
- `unknown` is written only where there is no definite status yet: over a definite
  one it leaves the row alone, so checked_at stays the time of the last definite
  answer (the history in repo_checks still records the unknown check);
- a 304 (not modified) confirms the stored status: only checked_at moves.
A moved repository's new name joins the catalog (insert-ignore on forge/owner/name)
with the status the forge gave for it there, and the old row's moved_to_id points at it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, DateTime, Engine, Integer, String, Table, bindparam, func, or_, select, update

from harvester.catalog.models import RepoCheck, Repository
from harvester.catalog.store import insert_ignore, utcnow
from harvester.check.probe import Checked
from harvester.check.status import Outcome, Status, Successor
from harvester.extract.findings import RepoRef

REPOS: Table = Repository.__table__
CHECKS: Table = RepoCheck.__table__


def _update_current(*only_where) -> object:
    """UPDATE of a repository's current status from bound values (b_* names)."""
    return (
        update(REPOS)
        .where(REPOS.c.id == bindparam("b_id"), *only_where)
        .values(status=bindparam("b_status"), status_detail=bindparam("b_detail"),
                http_status=bindparam("b_http"), checked_at=bindparam("b_at"))
    )


_DEFINITE = _update_current().values(
    etag=bindparam("b_etag"), moved_to_id=bindparam("b_moved"),
    stars=func.coalesce(bindparam("b_stars", type_=Integer), REPOS.c.stars),
    pushed_at=func.coalesce(bindparam("b_pushed", type_=DateTime), REPOS.c.pushed_at),
    license_spdx=func.coalesce(bindparam("b_license", type_=String), REPOS.c.license_spdx),
)
_UNKNOWN = _update_current(or_(REPOS.c.status.is_(None), REPOS.c.status == Status.UNKNOWN.value))
_CONFIRMED = update(REPOS).where(REPOS.c.id == bindparam("b_id")).values(checked_at=bindparam("b_at"))


@dataclass
class _Row:
    """One outcome to write for one repository row."""

    repository_id: int
    outcome: Outcome
    method: str
    latency_ms: float
    moved_to_id: int | None = None
    moved_to_url: str | None = None


class ResultWriter:
    def __init__(self, engine: Engine, worker: str, batch_size: int = 500, max_delay: float = 1.0) -> None:
        self.engine = engine
        self.worker = worker
        self.batch_size = batch_size
        self.max_delay = max_delay  # seconds a result may wait in the buffer
        self._pending: list[Checked] = []
        self._last_flush = time.monotonic()

    def add(self, results: Iterable[Checked]) -> None:
        self._pending.extend(results)
        if len(self._pending) >= self.batch_size or time.monotonic() - self._last_flush >= self.max_delay:
            self.flush()

    def flush(self) -> None:
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        now = utcnow()
        with self.engine.begin() as conn:
            rows = self._rows(conn, self._pending)
            conn.execute(CHECKS.insert(), [self._history(row, now) for row in rows])
            for statement, params in _current(rows, now):
                if params:
                    conn.execute(statement, params)
        self._pending.clear()

    def _rows(self, conn: Connection, results: list[Checked]) -> list[_Row]:
        successors = {c.target.id: (c.target.forge, c.outcome.moved_to) for c in results if c.outcome.moved_to}
        ids = _successor_ids(conn, successors.values())
        rows = []
        for c in results:
            row = _Row(c.target.id, c.outcome, c.method, c.latency_ms)
            rows.append(row)
            if c.target.id in successors:
                forge, successor = successors[c.target.id]
                ref = RepoRef(forge, successor.owner, successor.name)
                row.moved_to_id, row.moved_to_url = ids[ref.key], ref.url
                rows.append(_Row(ids[ref.key], successor.outcome, c.method, c.latency_ms))
        return rows

    def _history(self, row: _Row, now: datetime) -> dict:
        o = row.outcome
        return {"repository_id": row.repository_id, "checked_at": now, "method": row.method,
                "http_status": o.http_status, "latency_ms": row.latency_ms, "result": o.status.value,
                "detail": "not modified since the last check" if o.not_modified else o.detail,
                "etag": o.etag, "moved_to": row.moved_to_url, "worker": self.worker}


def _successor_ids(conn: Connection, moves: Iterable[tuple[str, Successor]]) -> dict[tuple, int]:
    """Ids of the repositories moved ones went to, inserting those the catalog does not hold yet."""
    refs = {ref.key: ref for forge, s in moves for ref in [RepoRef(forge, s.owner, s.name)]}
    if not refs:
        return {}
    insert_ignore(conn, REPOS, [
        {"forge": r.forge, "owner": r.owner, "name": r.name, "owner_key": k[1], "name_key": k[2], "url": r.url}
        for k, r in refs.items()
    ])
    query = select(REPOS.c.id, REPOS.c.forge, REPOS.c.owner_key, REPOS.c.name_key).where(
        REPOS.c.name_key.in_({k[2] for k in refs}))
    return {key: row.id for row in conn.execute(query) if (key := (row.forge, row.owner_key, row.name_key)) in refs}


def _current(rows: list[_Row], now: datetime) -> list[tuple[object, list[dict]]]:
    """The current-status updates for these outcomes, grouped by statement for executemany."""
    definite, unknown, confirmed = [], [], []
    for row in rows:
        o = row.outcome
        if o.not_modified:
            confirmed.append({"b_id": row.repository_id, "b_at": now})
            continue
        params = {"b_id": row.repository_id, "b_status": o.status.value, "b_detail": o.detail,
                  "b_http": o.http_status, "b_at": now}
        if not o.definite:
            unknown.append(params)
            continue
        facts = o.facts
        definite.append(params | {
            "b_etag": o.etag, "b_moved": row.moved_to_id,
            "b_stars": facts.stars if facts else None, "b_pushed": facts.pushed_at if facts else None,
            "b_license": facts.license_spdx if facts else None,
        })
    return [(_DEFINITE, definite), (_UNKNOWN, unknown), (_CONFIRMED, confirmed)]
