"""Throwaway PostgreSQL databases for tests: one fresh database per use, dropped afterwards.

HARVEST_TEST_PG_URL names a server and a database we may connect to in order to create others
(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres). Unset: PostgreSQL tests are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

PG_URL_ENV = "HARVEST_TEST_PG_URL"


def admin_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


@contextmanager
def fresh_database(prefix: str = "harvest_test") -> Iterator[str]:
    """A new empty database on the test server; yields its URL, drops it (and its sessions) on exit."""
    base = admin_url()
    if base is None:
        raise RuntimeError(f"{PG_URL_ENV} is not set")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")  # CREATE/DROP DATABASE refuse a transaction
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
