"""`harvest sql`: read-only queries, enforced by the database, not by inspecting the SQL text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from harvester.catalog.db import to_url

# Pragmas that only read; any pragma given a value (a write) is refused whatever its name.
_READ_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check", "user_version",
    "schema_version", "page_count", "page_size", "freelist_count", "database_list", "compile_options",
    "function_list", "pragma_list", "collation_list",
}
_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE}
_REFUSED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


class QueryError(Exception):
    """The query was refused or failed; the message is one line for the user."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def _authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None) -> int:
    if action in _ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in _REFUSED_FUNCTIONS else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and arg2 is None and (arg1 or "").lower() in _READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


@contextmanager
def _sqlite_readonly(path: str) -> Iterator[sqlite3.Connection]:
    if not Path(path).is_file():
        raise QueryError(f"{path}: no such catalog")
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA query_only = ON")
        conn.set_authorizer(_authorize)
        yield conn
    finally:
        conn.close()


def run_query(db: str | None, sql: str, limit: int | None = None) -> QueryResult:
    """Run one read-only statement; writes, ATTACH, PRAGMA changes and extensions are refused."""
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        return _run_sqlite(url.database or "", sql, limit)
    return _run_server(url, sql, limit)


def _run_sqlite(path: str, sql: str, limit: int | None) -> QueryResult:
    with _sqlite_readonly(path) as conn:
        try:
            cursor = conn.execute(sql)
        except sqlite3.DatabaseError as error:
            raise QueryError(_refusal(str(error))) from None
        except sqlite3.ProgrammingError as error:
            raise QueryError(str(error)) from None
        columns = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchmany(limit) if limit else cursor.fetchall()
        return QueryResult(columns, rows)


def _refusal(message: str) -> str:
    if "not authorized" in message or "readonly" in message or "read-only" in message:
        return f"refused: harvest sql is read-only ({message})"
    return message


def _run_server(url, sql: str, limit: int | None) -> QueryResult:
    if url.get_backend_name() != "postgresql" or url.get_driver_name() != "psycopg":
        raise QueryError(f"harvest sql supports SQLite and postgresql+psycopg catalogs, not {url.drivername}")
    import psycopg  # optional dependency: only PostgreSQL catalogs need it

    # Every session transaction defaults to read-only, and the query's own transaction is set so too.
    engine = create_engine(url, connect_args={"options": "-c default_transaction_read_only=on"})
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            cursor = conn.connection.driver_connection.cursor()
            # binary=True forces the extended query protocol, which takes exactly one statement: the simple
            # protocol would run "COMMIT; DELETE ..." and the DELETE would escape the read-only transaction.
            cursor.execute(sql, binary=True)
            columns = [d.name for d in cursor.description or ()]
            rows = [tuple(r) for r in (cursor.fetchmany(limit) if limit else cursor.fetchall())] if columns else []
            conn.rollback()
            return QueryResult(columns, rows)
    except (SQLAlchemyError, psycopg.Error) as error:
        raise QueryError(_refusal(str(getattr(error, "orig", None) or error).splitlines()[0])) from None
    finally:
        engine.dispose()
