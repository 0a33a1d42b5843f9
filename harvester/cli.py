"""`harvest`: a thin command line over the harvester library."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError

from harvester import __version__, output
from harvester.catalog.db import CatalogError, make_engine, open_catalog, to_url, upgrade
from harvester.catalog.readonly import QueryError, run_query
from harvester.catalog.store import BatchCounts
from harvester.ingest import RunSummary, ingest_source
from harvester.sources import SourceError

app = typer.Typer(
    help="Harvest code links and datasets from arXiv listings into a SQL catalog; check and audit the repositories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Manage the catalog database.", no_args_is_help=True)
app.add_typer(db_app, name="db")

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="HARVEST_DB", help="Catalog: a file path or an SQLAlchemy URL.", show_default="catalog.db"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on standard output.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no per-problem lines.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    output.error(message)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"harvest {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Harvest code links and datasets from arXiv listings into a SQL catalog."""


@app.command()
def run(
    sources: Annotated[list[str], typer.Argument(help="Digest files, listing/abs HTML, Atom feeds, JSON lines (.gz), directories, globs, URLs, or - for stdin.")],
    db: DbOption = None,
    format: Annotated[Optional[str], typer.Option("--format", help="Force the input format: digest|listing|abs|atom|jsonl.")] = None,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read arXiv listings, extract code links and datasets, and write them to the catalog.

    Re-running the same input changes nothing; an interrupted run keeps what it wrote and a re-run completes it.
    Exit code 1 when some entries could not be read (each reported as FILE:LINE: reason), 2 when nothing could.
    """
    try:
        engine = open_catalog(db)
    except (CatalogError, SQLAlchemyError) as error:
        raise fail(_one_line(error))
    summaries: list[RunSummary] = []
    problems = 0
    with output.progress(quiet=quiet or json_out) as bar:
        for spec in sources:
            task = bar.add_task(spec, total=None, detail="")
            advance = _progress_callback(bar, task)
            report = (lambda p: None) if quiet else (lambda p: output.warn(str(p)))
            try:
                summary = ingest_source(engine, spec, format=format, on_batch=advance, on_problem=report)
            except SourceError as error:
                output.error(str(error))
                problems += 1
                continue
            except KeyboardInterrupt:
                raise fail("interrupted; what was written is kept, run again to complete", 130)
            summaries.append(summary)
            problems += len(summary.problems)
    _print_run_summary(summaries, json_out)
    if problems:
        raise typer.Exit(2 if not summaries else 1)


def _progress_callback(bar, task):
    done = BatchCounts()

    def advance(counts: BatchCounts) -> None:
        done.add(counts)
        bar.update(task, advance=counts.seen, detail=f"new {done.new:,}  updated {done.updated:,}  repos {done.repositories:,}")

    return advance


_SUMMARY_COLUMNS = ("source", "papers", "new", "updated", "unchanged", "links", "repositories",
                    "datasets", "introduced", "promises", "problems")


def _print_run_summary(summaries: list[RunSummary], json_out: bool) -> None:
    rows = []
    total = BatchCounts()
    for s in summaries:
        total.add(s.counts)
        rows.append(_summary_row(s.source, s.counts, len(s.problems)))
    if len(summaries) > 1:
        rows.append(_summary_row("total", total, sum(len(s.problems) for s in summaries)))
    if json_out:
        output.print_json([dict(zip(_SUMMARY_COLUMNS, row)) for row in rows])
    else:
        output.print_rows(_SUMMARY_COLUMNS, rows, title="harvest run")


def _summary_row(source: str, c: BatchCounts, problems: int) -> tuple:
    return (source, c.seen, c.new, c.updated, c.unchanged, c.links, c.repositories, c.datasets,
            c.introduced, c.promises, problems)


@app.command()
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


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the catalog or bring its schema up to date (Alembic migrations)."""
    try:
        upgrade(make_engine(db))
    except SQLAlchemyError as error:
        raise fail(_one_line(error))
    output.stderr.print(f"catalog {to_url(db)} is at the current schema")


def _one_line(error: BaseException) -> str:
    return (str(getattr(error, "orig", None) or error).strip().splitlines() or [type(error).__name__])[0]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
