"""Everything the report shows, read from the public views only (never the tables)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

PUBLIC_VIEWS = ("v_papers", "v_paper_repos", "v_paper_datasets", "v_code_promises",
                "v_repo_status", "v_repo_audit", "v_repo_archive")
CODE_KINDS = ("released", "promised", "none")
REPO_STATUSES = ("available", "archived", "empty", "moved", "missing", "blocked", "unknown", "unchecked")
# A repository whose code can no longer be fetched; the audit looks these up in the archives.
DEAD_STATUSES = ("missing", "blocked", "empty")
AUDIT_ITEMS = ("dependencies", "training", "evaluation", "pretrained", "results")
SCORES = tuple(range(6))


@dataclass
class Rows:
    columns: list[str]
    rows: list[tuple]


@dataclass
class ReportData:
    papers: int
    per_day: list[tuple[str, int]]  # (listing day, papers)
    per_category: list[tuple[str, int]]  # (primary category, papers), largest first
    code: dict[str, int]  # CODE_KINDS -> papers
    repo_status: dict[str, int]  # REPO_STATUSES -> repositories
    scores: dict[int, int]  # audit score -> repositories
    items: dict[str, int]  # AUDIT_ITEMS -> repositories meeting it
    repos: Rows
    dead: Rows
    datasets: Rows
    promises: Rows

    @property
    def repositories(self) -> int:
        return sum(self.repo_status.values())

    @property
    def checked(self) -> int:
        return self.repositories - self.repo_status.get("unchecked", 0)

    @property
    def audited(self) -> int:
        return sum(self.scores.values())


def read_view(conn: Connection, name: str) -> Rows:
    """All rows of one public view; the name must be one of PUBLIC_VIEWS (it is spliced into SQL)."""
    if name not in PUBLIC_VIEWS:
        raise ValueError(f"unknown view {name!r}; one of {', '.join(PUBLIC_VIEWS)}")
    return _rows(conn, f"SELECT * FROM {name}")


def _rows(conn: Connection, sql: str) -> Rows:
    result = conn.execute(text(sql))
    return Rows(list(result.keys()), [tuple(row) for row in result])


def _counts(conn: Connection, sql: str) -> dict:
    """A two-column (key, count) query as an ordered dict; keys as text so dates print the same on every backend."""
    return {k if isinstance(k, int) else str(k): n for k, n in conn.execute(text(sql))}


_SAME_REPO = "{a}.forge = {b}.forge AND {a}.owner = {b}.owner AND {a}.name = {b}.name"

_REPOS = f"""
    SELECT pr.arxiv_id, pr.title, pr.repo_url, pr.link_status, COALESCE(s.status, 'unchecked') AS status, a.score
    FROM v_paper_repos pr
    LEFT JOIN v_repo_status s ON {_SAME_REPO.format(a='s', b='pr')}
    LEFT JOIN v_repo_audit a ON {_SAME_REPO.format(a='a', b='pr')}
    ORDER BY pr.arxiv_id, pr.repo_url"""

_DEAD = f"""
    SELECT s.repo_url, s.status, s.detail, a.swh_archived, a.swh_last_visit, a.wayback_url, a.wayback_timestamp
    FROM v_repo_status s
    LEFT JOIN v_repo_archive a ON {_SAME_REPO.format(a='a', b='s')}
    WHERE s.status IN ({", ".join(f"'{s}'" for s in DEAD_STATUSES)}) OR a.repo_url IS NOT NULL
    ORDER BY s.repo_url"""

# Portable boolean counting: SUM(CASE ...) works on SQLite's 0/1 and PostgreSQL's booleans alike.
_ITEMS = "SELECT " + ", ".join(f"SUM(CASE WHEN {i} THEN 1 ELSE 0 END)" for i in AUDIT_ITEMS) + " FROM v_repo_audit"


def load(engine: Engine) -> ReportData:
    """Every figure and table of the report, in one read transaction."""
    with engine.connect() as conn:
        return ReportData(
            papers=conn.execute(text("SELECT COUNT(*) FROM v_papers")).scalar_one(),
            per_day=list(_counts(conn, "SELECT COALESCE(listing_date, published), COUNT(*) FROM v_papers"
                                       " GROUP BY COALESCE(listing_date, published) ORDER BY 1").items()),
            per_category=list(_counts(conn, "SELECT COALESCE(primary_category, 'none'), COUNT(*) FROM v_papers"
                                            " GROUP BY COALESCE(primary_category, 'none') ORDER BY 2 DESC, 1").items()),
            code=_counts(conn, "SELECT code, COUNT(*) FROM v_papers GROUP BY code"),
            repo_status=_counts(conn, "SELECT COALESCE(status, 'unchecked'), COUNT(*) FROM v_repo_status"
                                      " GROUP BY COALESCE(status, 'unchecked')"),
            scores=_counts(conn, "SELECT score, COUNT(*) FROM v_repo_audit WHERE score IS NOT NULL GROUP BY score"),
            items=dict(zip(AUDIT_ITEMS, (n or 0 for n in conn.execute(text(_ITEMS)).one()))),
            repos=_rows(conn, _REPOS),
            dead=_rows(conn, _DEAD),
            datasets=_rows(conn, "SELECT dataset, arxiv_id, title, evidence FROM v_paper_datasets"
                                 " WHERE role = 'introduced' ORDER BY dataset, arxiv_id"),
            promises=_rows(conn, "SELECT arxiv_id, title, evidence FROM v_code_promises ORDER BY arxiv_id"),
        )
