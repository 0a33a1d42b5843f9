"""`harvest db`: catalog schema management."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from harvester import output
from harvester.catalog.db import make_engine, to_url, upgrade
from harvester.cli import DbOption, db_app, fail, one_line


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the catalog or bring its schema up to date (Alembic migrations)."""
    try:
        upgrade(make_engine(db))
    except SQLAlchemyError as error:
        raise fail(one_line(error))
    output.stderr.print(f"catalog {to_url(db)} is at the current schema")
