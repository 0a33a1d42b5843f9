"""`harvest db`: catalog schema management and copying."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from harvester import output
from harvester.catalog.copy import copy_catalog
from harvester.catalog.db import CatalogError, make_engine, open_catalog, to_url, upgrade
from harvester.cli import DbOption, JsonOption, db_app, fail, one_line


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the catalog or bring its schema up to date (Alembic migrations)."""
    try:
        upgrade(make_engine(db))
    except SQLAlchemyError as error:
        raise fail(one_line(error))
    output.stderr.print(f"catalog {to_url(db)} is at the current schema")


@db_app.command("copy")
def db_copy(
    source: Annotated[str, typer.Argument(help="Catalog to copy from: a file path or an SQLAlchemy URL.")],
    target: Annotated[str, typer.Argument(help="Catalog to copy into; created and migrated as needed.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the contents of a non-empty target.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Copy a whole catalog between SQLite and PostgreSQL (either direction), every table and row."""
    try:
        copied = copy_catalog(open_catalog(source, create=False), make_engine(target), force=force)
    except (CatalogError, SQLAlchemyError) as error:
        raise fail(one_line(error))
    if json_out:
        output.print_json(copied)
    else:
        output.print_rows(("table", "rows"), sorted(copied.items()), title="harvest db copy")
