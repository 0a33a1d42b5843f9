"""`harvest sql`: read-only queries on the catalog."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from harvester import output
from harvester.catalog.readonly import QueryError, run_query
from harvester.cli import DbOption, JsonOption, app, fail


# A query may begin with an SQL comment ("-- ..."): not an option.
@app.command(context_settings={"ignore_unknown_options": True})
def sql(
    query: Annotated[str, typer.Argument(help='One read-only SQL statement, e.g. "SELECT * FROM v_paper_repos".')],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
    json_out: JsonOption = False,
    limit: Annotated[Optional[int], typer.Option("--limit", help="At most this many rows.")] = None,
) -> None:
    """Run a read-only SQL query on the catalog (writes, ATTACH, PRAGMA changes are refused)."""
    if format not in ("table", "csv", "json"):
        raise fail(f"--format must be table, csv or json, not {format!r}")
    try:
        result = run_query(db, query, limit)
    except QueryError as error:
        raise fail(str(error), 1)
    output.print_rows(result.columns, result.rows, "json" if json_out else format)
