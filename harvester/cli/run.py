"""`harvest run`: ingest sources into the catalog."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError

from harvester import output
from harvester.catalog.db import CatalogError, open_catalog
from harvester.catalog.store import BatchCounts
from harvester.cli import DbOption, JsonOption, QuietOption, app, fail, one_line
from harvester.ingest import RunSummary, default_jobs, ingest_source
from harvester.sources import SourceError


@app.command()
def run(
    sources: Annotated[list[str], typer.Argument(help="Digest files, listing/abs HTML, Atom feeds, JSON lines (.gz), directories, globs, URLs, or - for stdin.")],
    db: DbOption = None,
    format: Annotated[Optional[str], typer.Option("--format", help="Force the input format: digest|listing|abs|atom|jsonl.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Extraction processes beside the writer (0: extract in the writer). Default: the other cores, at most 4.", show_default=False)] = None,
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
        raise fail(one_line(error))
    summaries: list[RunSummary] = []
    problems = 0
    with output.progress(quiet=quiet or json_out) as bar:
        for spec in sources:
            task = bar.add_task(spec, total=None, detail="")
            advance = _progress_callback(bar, task)
            report = (lambda p: None) if quiet else (lambda p: output.warn(str(p)))
            try:
                summary = ingest_source(engine, spec, format=format, jobs=default_jobs() if jobs is None else jobs,
                                        on_batch=advance, on_problem=report)
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


