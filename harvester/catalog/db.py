"""Opening a catalog: URL handling, SQLite pragmas, schema migrations."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DB = "catalog.db"


class CatalogError(Exception):
    """The catalog cannot be opened or is not at the schema this version needs."""


def to_url(db: str | None) -> str:
    """A file path or an SQLAlchemy URL -> an SQLAlchemy URL (default catalog.db, or HARVEST_DB)."""
    db = db or os.environ.get("HARVEST_DB") or DEFAULT_DB
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers and one writer work at once; NORMAL is safe under WAL (no corruption, at
    # worst the last transaction is lost on power failure) and much faster than FULL for bulk loads.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    # Index pages of a growing catalog stay in memory: the default 2 MB cache makes bulk
    # inserts into large indexes (authors, links) hit the disk for every batch.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _begin_immediate(connection) -> None:
    # Take SQLite's write lock when the transaction starts, not at its first write: a deferred
    # transaction that read first cannot upgrade once another writer committed (SQLITE_BUSY_SNAPSHOT,
    # which no busy timeout retries), so two `harvest run`s at once would fail.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _no_implicit_begin(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # let _begin_immediate emit BEGIN itself


def make_engine(db: str | None = None) -> Engine:
    """An engine on the catalog; SQLite gets WAL, foreign keys, a generous busy timeout, and
    transactions that take the write lock up front."""
    url = make_url(to_url(db))
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _no_implicit_begin)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrations_dir() -> Path:
    """Alembic's scripts: the installed package's copy, or the source tree's top-level migrations/."""
    try:
        import harvester.migrations as shipped
    except ImportError:
        return Path(__file__).resolve().parents[2] / "migrations"
    return Path(shipped.__file__).parent


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to head (creates it on an empty catalog)."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_catalog(db: str | None = None, *, create: bool = True) -> Engine:
    """An engine on a catalog at the current schema; upgrades it when `create`, else refuses an old one."""
    engine = make_engine(db)
    path = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if not create and path and path != ":memory:" and not Path(path).is_file():
        raise CatalogError(f"{path}: no such catalog (run `harvest run` first)")
    revision = current_revision(engine)
    if revision != head_revision():
        if not create:
            where = engine.url.render_as_string(hide_password=True)
            if revision is None:
                raise CatalogError(f"{where}: not a harvester catalog (run `harvest run` or `harvest db upgrade`)")
            raise CatalogError(f"{where}: catalog schema {revision} is old; run `harvest db upgrade`")
        upgrade(engine)
    return engine
