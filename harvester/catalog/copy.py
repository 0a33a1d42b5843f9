"""`harvest db copy`: move a whole catalog between back ends (SQLite <-> PostgreSQL) without loss.

The destination is migrated to head, then every table is copied in foreign-key order, in batches,
inside one destination transaction: a failed copy leaves the destination as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Column, Connection, Engine, Table, bindparam, delete, exists, func, select, update

from harvester.catalog.db import CatalogError, upgrade
from harvester.catalog.models import Base

BATCH_SIZE = 5000


def copy_catalog(source: Engine, target: Engine, *, force: bool = False, batch_size: int = BATCH_SIZE,
                 on_table: Callable[[str, int], None] = lambda table, rows: None) -> dict[str, int]:
    """Copy every row of `source` (a catalog at the current schema) into `target`; returns rows per table.
    A target holding any row is refused unless `force`, which empties it first."""
    upgrade(target)
    tables = Base.metadata.sorted_tables  # parents before children
    copied: dict[str, int] = {}
    with source.connect() as src, target.begin() as dst:
        if _holds_rows(dst, tables):
            if not force:
                raise CatalogError(f"{_where(target)} is not empty; use --force to replace its contents")
            for table in reversed(tables):
                dst.execute(delete(table))
        for table in tables:
            copied[table.name] = _copy_table(src, dst, table, batch_size)
            on_table(table.name, copied[table.name])
        if dst.dialect.name == "postgresql":
            _reset_sequences(dst, tables)
    return copied


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _holds_rows(conn: Connection, tables: list[Table]) -> bool:
    return any(conn.execute(select(exists().select_from(table))).scalar() for table in tables)


def _self_references(table: Table) -> list[Column]:
    """Columns pointing into their own table (repositories.moved_to_id): a row may name a later row."""
    return [fk.parent for fk in table.foreign_keys if fk.column.table is table]


def _batches(conn: Connection, table: Table, batch_size: int) -> Iterator[list[dict]]:
    result = conn.execution_options(yield_per=batch_size).execute(select(table).order_by(*table.primary_key))
    for partition in result.mappings().partitions():
        yield [dict(row) for row in partition]


def _copy_table(src: Connection, dst: Connection, table: Table, batch_size: int) -> int:
    """Insert all rows; self-references are written as NULL first and set once every row exists,
    because both back ends check foreign keys per statement."""
    deferred = _self_references(table)
    links: list[dict] = []
    total = 0
    for rows in _batches(src, table, batch_size):
        for row in rows:
            for column in deferred:
                if row[column.name] is not None:
                    links.append({"pk": row["id"], "value": row[column.name], "column": column.name})
                    row[column.name] = None
        dst.execute(table.insert(), rows)
        total += len(rows)
    for column in deferred:
        values = [{"pk": link["pk"], "value": link["value"]} for link in links if link["column"] == column.name]
        if values:
            dst.execute(update(table).where(table.c.id == bindparam("pk")).values({column.name: bindparam("value")}),
                        values)
    return total


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Explicit ids do not advance PostgreSQL's sequences: point each at its table's max id."""
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        sequence = func.pg_get_serial_sequence(table.name, "id")
        highest = select(func.max(table.c.id)).scalar_subquery()
        conn.execute(select(func.setval(sequence, func.coalesce(highest, 1), highest.is_not(None))))
