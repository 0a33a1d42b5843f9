"""Which repositories a run checks: due ones of known forges, filtered by the user, read page by page.

Due means: never checked, not checked since `stale_after`, or with no definite status
yet (unknown is not an answer, so it is always worth asking again). Pages are read
by increasing id in short transactions, so results can be written between them
and an interrupted run's successor simply finds fewer due rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Engine, Table, and_, func, or_, select

from harvester.catalog.models import Repository
from harvester.check.forges import FORGES
from harvester.check.probe import RepoTarget
from harvester.check.status import Status

REPOS: Table = Repository.__table__
UNCHECKED = "unchecked"  # --status value for rows never checked
STATUS_CHOICES = (*(s.value for s in Status), UNCHECKED)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 86400, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True)
class Selection:
    forges: Sequence[str] = FORGES
    statuses: Sequence[str] = ()  # empty: any
    stale_after: timedelta | None = timedelta(days=1)  # None: every row, however recent its check
    limit: int | None = None


def parse_duration(text: str) -> timedelta:
    """'7d', '12h', '30m', '90s', '2w'; a bare number is days."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not a duration: {text!r} (e.g. 7d, 12h, 30m)")
    return timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def _conditions(selection: Selection, now: datetime) -> ColumnElement[bool]:
    forges = [f for f in selection.forges if f in FORGES]
    condition = REPOS.c.forge.in_(forges)
    if selection.statuses:
        wanted = [REPOS.c.status.in_([s for s in selection.statuses if s != UNCHECKED])]
        if UNCHECKED in selection.statuses:
            wanted.append(REPOS.c.status.is_(None))
        condition = and_(condition, or_(*wanted))
    if selection.stale_after is not None:
        condition = and_(condition, or_(
            REPOS.c.checked_at.is_(None),
            REPOS.c.checked_at < now - selection.stale_after,
            REPOS.c.status.is_(None),
            REPOS.c.status == Status.UNKNOWN.value,
        ))
    return condition


def count_due(engine: Engine, selection: Selection, now: datetime) -> int:
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(REPOS).where(_conditions(selection, now))).scalar_one()
    return min(total, selection.limit) if selection.limit is not None else total


def iter_due(engine: Engine, selection: Selection, now: datetime, page: int = 1000) -> Iterator[RepoTarget]:
    """Due repositories by increasing id, at most selection.limit of them."""
    condition = _conditions(selection, now)
    left = selection.limit
    after = 0
    while left is None or left > 0:
        size = page if left is None else min(page, left)
        query = (select(REPOS.c.id, REPOS.c.forge, REPOS.c.owner, REPOS.c.name, REPOS.c.status,
                        REPOS.c.status_detail, REPOS.c.etag)
                 .where(condition, REPOS.c.id > after).order_by(REPOS.c.id).limit(size))
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield RepoTarget(row.id, row.forge, row.owner, row.name, row.status, row.status_detail, row.etag)
        if len(rows) < size:
            return
        after = rows[-1].id
        if left is not None:
            left -= len(rows)
