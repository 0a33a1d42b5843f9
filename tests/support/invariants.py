"""What must hold of a catalog whatever happened to the process writing it.

Read through a plain sqlite3 connection (not the project's code), so a bug in the project cannot hide itself.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from harvester.extract import extract


def _connect(path: Path) -> sqlite3.Connection:
    # Not read-only: the first opener after a crash must be allowed to recover the WAL, as any client would.
    return sqlite3.connect(str(path), timeout=60)


def _has_catalog(conn: sqlite3.Connection) -> bool:
    # Killed before (or while) the schema was created: nothing is visible, so nothing can be partial.
    return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone())


def storage_problems(path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check findings (empty when the file is sound)."""
    conn = _connect(path)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if integrity == ["ok"] else [f"integrity: {m}" for m in integrity]
        problems += [f"foreign key: {row}" for row in conn.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        conn.close()


def partial_papers(path: Path) -> list[str]:
    """Papers whose stored links differ from what extraction gives for their stored text, and orphan links.

    A batch is one transaction, so after any crash every visible paper must carry exactly its findings.
    """
    conn = _connect(path)
    try:
        if not _has_catalog(conn):
            return []
        stored: dict[int, set] = {}
        for paper_id, field, start, end, url in conn.execute(
                "SELECT paper_id, field, start_offset, end_offset, url FROM links"):
            stored.setdefault(paper_id, set()).add((field, start, end, url))
        problems = [f"link without paper: paper_id={pid}" for pid in stored
                    if not conn.execute("SELECT 1 FROM papers WHERE id = ?", (pid,)).fetchone()]
        for paper_id, arxiv_id, title, abstract, comments in conn.execute(
                "SELECT id, arxiv_id, title, abstract, comments FROM papers"):
            expected = {(link.field, link.start, link.end, link.url) for link in extract(abstract, comments, title).links}
            if stored.get(paper_id, set()) != expected:
                problems.append(f"paper {arxiv_id}: links {len(stored.get(paper_id, ()))} stored, {len(expected)} extracted")
        return problems
    finally:
        conn.close()


def duplicates(path: Path) -> list[str]:
    """Rows that identity rules say are one thing but appear more than once."""
    conn = _connect(path)
    try:
        if not _has_catalog(conn):
            return []
        queries = {
            "papers": "SELECT arxiv_id, COUNT(*) FROM papers GROUP BY arxiv_id HAVING COUNT(*) > 1",
            "repositories": "SELECT forge || '/' || owner_key || '/' || name_key, COUNT(*) FROM repositories"
                            " GROUP BY forge, owner_key, name_key HAVING COUNT(*) > 1",
            "links": "SELECT paper_id || ':' || field || ':' || start_offset, COUNT(*) FROM links"
                     " GROUP BY paper_id, field, start_offset HAVING COUNT(*) > 1",
            "paper_repos": "SELECT paper_id || ':' || repository_id, COUNT(*) FROM paper_repos"
                           " GROUP BY paper_id, repository_id HAVING COUNT(*) > 1",
        }
        return [f"{table}: {key} x{n}" for table, sql in queries.items() for key, n in conn.execute(sql)]
    finally:
        conn.close()


def logical_dump(path: Path) -> dict[str, list[tuple]]:
    """Catalog contents keyed by identities, not row ids: two processes interleaving their inserts assign
    different ids than one process would, yet must store the same facts."""
    queries = {
        "papers": "SELECT arxiv_id, version, title, abstract, content_hash FROM papers",
        "links": "SELECT p.arxiv_id, l.field, l.start_offset, l.end_offset, l.url, l.kind, l.link_status,"
                 " r.forge, r.owner_key, r.name_key FROM links l JOIN papers p ON p.id = l.paper_id"
                 " LEFT JOIN repositories r ON r.id = l.repository_id",
        "paper_repos": "SELECT arxiv_id, forge, lower(owner), lower(name), link_status FROM v_paper_repos",
        "repositories": "SELECT forge, owner_key, name_key FROM repositories",
        "promises": "SELECT arxiv_id, evidence FROM v_code_promises",
        "categories": "SELECT p.arxiv_id, c.code, pc.is_primary FROM paper_categories pc"
                      " JOIN papers p ON p.id = pc.paper_id JOIN categories c ON c.id = pc.category_id",
    }
    conn = _connect(path)
    try:
        return {name: sorted(conn.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}
    finally:
        conn.close()
