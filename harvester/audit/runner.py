"""`harvest audit` as a library: pick the repositories due, read them, score them, record the answers.

Audits: repositories whose current status is `available` or `archived`, never audited, or whose
status or push date changed since their last audit, or whose last audit is older than
`stale_after` (or all, with `force`). A definite failure (the repository is not there after all)
is recorded with its reason; a transient one records nothing and is retried on the next run.

Archives: repositories whose current status is `missing` or `blocked`, not asked since that
status was decided (or since `stale_after`). An answer is recorded when at least one archive gave
a definite one; an archive that could not be asked is NULL in it, never "not archived".
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, func, select

from harvester.audit.archive import ArchiveAnswer, ask_archives
from harvester.audit.checklist import ITEMS, Checklist, score
from harvester.audit.http import NO_ANSWER, Web, web
from harvester.audit.snapshot import Limits, PaperInfo, ReadError, Snapshot
from harvester.audit.tree_api import read_api
from harvester.audit.tree_git import read_git
from harvester.catalog import models
from harvester.catalog.store import utcnow

REPOS: Table = models.Repository.__table__
AUDITS: Table = models.Audit.__table__
ARCHIVES: Table = models.ArchiveCheck.__table__
PAPERS: Table = models.Paper.__table__
PAPER_REPOS: Table = models.PaperRepo.__table__

AUDITED_STATUSES = ("available", "archived")
DEAD_STATUSES = ("missing", "blocked")


@dataclass(frozen=True)
class Forge:
    """Where and how repositories are read."""

    api_url: str = "https://api.github.com"
    web_url: str = "https://github.com"
    token: str | None = None
    method: str = "auto"  # auto (API with a token, git without) | rest | graphql | git
    wait_for_reset: bool = False  # on a spent API rate limit, sleep until it resets instead of stopping

    @property
    def reader(self) -> str:
        if self.method == "auto":
            return "api" if self.token else "git"
        return "git" if self.method == "git" else "api"  # graphql has no tree/README reads: REST serves both

    def client(self) -> Web:
        return web([self.api_url], api_url=self.api_url, token=self.token, wait_for_reset=self.wait_for_reset)


@dataclass(frozen=True)
class Selection:
    force: bool = False
    limit: int | None = None
    stale_after: timedelta | None = timedelta(days=90)


@dataclass
class Target:
    repository_id: int
    owner: str
    name: str
    url: str
    status: str
    papers: list[PaperInfo] = field(default_factory=list)


@dataclass
class AuditOutcome:
    target: Target
    method: str
    checklist: Checklist | None = None
    snapshot: Snapshot | None = None
    error: str | None = None
    definite: bool = False  # a failure worth recording

    @property
    def recorded(self) -> bool:
        return self.checklist is not None or self.definite


# ---- audits -----------------------------------------------------------------------------------------

def due_for_audit(engine: Engine, selection: Selection, now: datetime | None = None) -> list[Target]:
    """GitHub repositories available or archived whose audit is missing or out of date, oldest id first."""
    now = now or utcnow()
    latest = select(AUDITS.c.repository_id, func.max(AUDITS.c.id).label("id")).group_by(AUDITS.c.repository_id).subquery()
    query = (
        select(REPOS.c.id, REPOS.c.owner, REPOS.c.name, REPOS.c.url, REPOS.c.status, REPOS.c.pushed_at,
               AUDITS.c.audited_at, AUDITS.c.repo_status)
        .select_from(REPOS.outerjoin(latest, latest.c.repository_id == REPOS.c.id).outerjoin(AUDITS, AUDITS.c.id == latest.c.id))
        .where(REPOS.c.status.in_(AUDITED_STATUSES), REPOS.c.forge == "github")
        .order_by(REPOS.c.id)
    )
    with engine.connect() as conn:
        rows = [r for r in conn.execute(query) if selection.force or _audit_due(r, selection.stale_after, now)]
        targets = [Target(r.id, r.owner, r.name, r.url, r.status) for r in rows[: selection.limit]]
        _attach_papers(conn, targets)
    return targets


def _audit_due(row, stale_after: timedelta | None, now: datetime) -> bool:
    if row.audited_at is None:
        return True
    if row.repo_status != row.status or (row.pushed_at is not None and row.pushed_at > row.audited_at):
        return True
    return stale_after is not None and row.audited_at < now - stale_after


def _attach_papers(conn, targets: list[Target]) -> None:
    by_id = {t.repository_id: t for t in targets}
    for start in range(0, len(targets), 500):
        ids = list(by_id)[start:start + 500]
        query = (select(PAPER_REPOS.c.repository_id, PAPERS.c.arxiv_id, PAPERS.c.title)
                 .join(PAPERS, PAPERS.c.id == PAPER_REPOS.c.paper_id)
                 .where(PAPER_REPOS.c.repository_id.in_(ids)).order_by(PAPERS.c.arxiv_id))
        for row in conn.execute(query):
            by_id[row.repository_id].papers.append(PaperInfo(row.arxiv_id, row.title))


def audit_one(target: Target, forge: Forge, client: Web, limits: Limits) -> AuditOutcome:
    """Read and score one repository; failures come back in the outcome, never raised."""
    method = forge.reader
    try:
        if method == "api":
            snapshot = read_api(client, forge.api_url, target.owner, target.name, limits)
        else:
            snapshot = read_git(f"{forge.web_url.rstrip('/')}/{target.owner}/{target.name}.git", limits)
    except ReadError as error:
        return AuditOutcome(target, method, error=str(error), definite=error.definite)
    except NO_ANSWER as error:
        return AuditOutcome(target, method, error=str(error) or type(error).__name__)
    return AuditOutcome(target, method, score(snapshot, target.papers), snapshot)


def record_audit(engine: Engine, outcome: AuditOutcome, now: datetime | None = None) -> None:
    """One audits row for a recorded outcome (history kept; v_repo_audit shows the latest)."""
    if not outcome.recorded:
        return
    row = {"repository_id": outcome.target.repository_id, "audited_at": now or utcnow(), "method": outcome.method,
           "repo_status": outcome.target.status, "error": outcome.error}
    checklist, snapshot = outcome.checklist, outcome.snapshot
    if checklist is not None and snapshot is not None:
        archived = snapshot.archived if snapshot.archived is not None else outcome.target.status == "archived"
        row |= {item: getattr(checklist, item).value for item in ITEMS}
        row |= {"score": checklist.score, "license": checklist.license, "placeholder": checklist.placeholder.value,
                "cites_paper": checklist.cites_paper.value, "cites_arxiv_id": checklist.cites_arxiv_id,
                "commit_sha": snapshot.commit_sha, "last_commit_at": snapshot.last_commit_at, "archived": archived,
                "evidence": json.dumps(checklist.evidence() | {"truncated_tree": snapshot.truncated}, ensure_ascii=False)}
    with engine.begin() as conn:
        conn.execute(AUDITS.insert(), [row])


def run_audits(engine: Engine, targets: list[Target], forge: Forge, limits: Limits, concurrency: int = 4,
               on_done: Callable[[AuditOutcome], None] = lambda o: None) -> list[AuditOutcome]:
    """Audit `targets`, `concurrency` at a time; each answer is recorded as it comes."""
    client = forge.client()
    outcomes = []
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        futures = [pool.submit(audit_one, t, forge, client, limits) for t in targets]
        try:
            for future in as_completed(futures):
                outcome = future.result()
                record_audit(engine, outcome)
                outcomes.append(outcome)
                on_done(outcome)
        except KeyboardInterrupt:
            for future in futures:
                future.cancel()
            raise
    return outcomes


# ---- archives ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Archives:
    swh_url: str = "https://archive.softwareheritage.org"
    wayback_url: str = "https://archive.org"
    delay: float = 1.0  # seconds between two requests to the same archive
    retries: int = 3  # after a failure, waiting 1 s, 2 s, 4 s ...

    def client(self) -> Web:
        return web([self.swh_url, self.wayback_url], delay=self.delay, retries=self.retries)


def due_for_archives(engine: Engine, selection: Selection, now: datetime | None = None) -> list[Target]:
    """Repositories missing or blocked whose archives were not asked since their status was decided."""
    now = now or utcnow()
    latest = (select(ARCHIVES.c.repository_id, func.max(ARCHIVES.c.checked_at).label("asked_at"))
              .group_by(ARCHIVES.c.repository_id).subquery())
    query = (select(REPOS.c.id, REPOS.c.owner, REPOS.c.name, REPOS.c.url, REPOS.c.status, REPOS.c.checked_at,
                    latest.c.asked_at)
             .select_from(REPOS.outerjoin(latest, latest.c.repository_id == REPOS.c.id))
             .where(REPOS.c.status.in_(DEAD_STATUSES)).order_by(REPOS.c.id))
    with engine.connect() as conn:
        rows = [r for r in conn.execute(query) if selection.force or _archive_due(r, selection.stale_after, now)]
    return [Target(r.id, r.owner, r.name, r.url, r.status) for r in rows[: selection.limit]]


def _archive_due(row, stale_after: timedelta | None, now: datetime) -> bool:
    if row.asked_at is None or (row.checked_at is not None and row.checked_at > row.asked_at):
        return True
    return stale_after is not None and row.asked_at < now - stale_after


def record_archives(engine: Engine, target: Target, answer: ArchiveAnswer, now: datetime | None = None) -> bool:
    """One archive_checks row when some archive answered; returns whether one was written."""
    if not answer.answered:
        return False
    row = {"repository_id": target.repository_id, "checked_at": now or utcnow(), "swh_archived": answer.swh_archived,
           "swh_last_visit": answer.swh_last_visit, "swh_snapshot": answer.swh_snapshot,
           "wayback_url": answer.wayback_url, "wayback_timestamp": answer.wayback_timestamp, "detail": answer.detail}
    with engine.begin() as conn:
        conn.execute(ARCHIVES.insert(), [row])
    return True


def run_archives(engine: Engine, targets: list[Target], archives: Archives,
                 on_done: Callable[[Target, ArchiveAnswer], None] = lambda t, a: None) -> list[tuple[Target, ArchiveAnswer]]:
    """Ask the archives about `targets`, one at a time (the client keeps the pace)."""
    client = archives.client()
    done = []
    for target in targets:
        answer = ask_archives(client, archives.swh_url, archives.wayback_url, target.url)
        record_archives(engine, target, answer)
        done.append((target, answer))
        on_done(target, answer)
    return done
