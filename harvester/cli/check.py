"""`harvest check`: is each catalogued repository still there?"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Annotated, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError

from harvester import output
from harvester.catalog.db import CatalogError, open_catalog
from harvester.check.client import Token
from harvester.check.forges import FORGES, BadBaseUrl, Endpoints
from harvester.check.probe import Checked
from harvester.check.retry import RetryPolicy
from harvester.check.runner import MAX_CONCURRENCY, METHODS, CheckOptions, CheckSummary, ConfigError, run_check
from harvester.check.select import STATUS_CHOICES, Selection, parse_duration
from harvester.check.status import Status
from harvester.cli import DbOption, JsonOption, QuietOption, app, fail, one_line


DEFAULT_STALE_AFTER = "1d"  # a re-run soon after an interrupted one continues where it stopped


@app.command()
def check(
    db: DbOption = None,
    method: Annotated[str, typer.Option("--method", help=f"GitHub: {'|'.join(METHODS)}. auto = graphql with a token, else git.")] = "auto",
    token: Annotated[Optional[str], typer.Option("--token", envvar="GITHUB_TOKEN", show_default=False,
                                                 help="GitHub token; sent only to the API host.")] = None,
    github_api_url: Annotated[Optional[str], typer.Option("--github-api-url", envvar="HARVEST_GITHUB_API_URL", show_default="https://api.github.com",
                                                          help="GitHub API base (GitHub Enterprise: https://HOST/api/v3).")] = None,
    github_url: Annotated[Optional[str], typer.Option("--github-url", envvar="HARVEST_GITHUB_URL", show_default="https://github.com",
                                                      help="GitHub web/git base, for the git probe.")] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=MAX_CONCURRENCY, help="Requests in flight at most.")] = 8,
    wait_for_reset: Annotated[bool, typer.Option("--wait-for-reset", help="On a spent rate limit, sleep until it resets instead of stopping.")] = False,
    stale_after: Annotated[Optional[str], typer.Option("--stale-after", show_default="1d, or 0 with --status",
                                                       help="Skip repositories checked more recently than this (7d, 12h, 30m; 0: recheck all). Unknown ones are always due.")] = None,
    status: Annotated[Optional[list[str]], typer.Option("--status", help=f"Only repositories with this status (repeatable): {', '.join(STATUS_CHOICES)}.")] = None,
    forge: Annotated[Optional[list[str]], typer.Option("--forge", help=f"Only this forge (repeatable): {', '.join(FORGES)}.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Check at most N repositories.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.01, help="Seconds to wait for an answer.")] = 15.0,
    retries: Annotated[int, typer.Option("--retries", min=0, help="Retries of a timeout, connection error, 408 or 5xx.")] = 3,
    retry_delay: Annotated[float, typer.Option("--retry-delay", min=0.0, help="Seconds before the first retry; doubles each time.")] = 1.0,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Check whether each catalogued repository still exists: available, archived, empty, moved, missing, blocked or unknown.

    Only the configured forge hosts are contacted, at URLs built from each repository's owner and name.

    Results are written as they come: an interrupted run keeps them, and the next run continues with the repositories still due.

    Exit code 1 when the run stopped early (rate limit spent, token rejected), 2 on bad options or catalog.
    """
    options = _options(method, token, github_api_url, github_url, concurrency, wait_for_reset,
                       stale_after, status or [], forge or [], limit, timeout, retries, retry_delay)
    try:
        engine = open_catalog(db, create=False)  # a mistyped --db must not check an empty new catalog
    except (CatalogError, SQLAlchemyError) as error:
        raise fail(one_line(error))
    with output.progress(total=None, quiet=quiet or json_out) as bar:
        task = bar.add_task("checking", total=None, detail="")

        def advance(results: Sequence[Checked], summary: CheckSummary) -> None:
            counts = "  ".join(f"{s} {n:,}" for s, n in sorted(summary.statuses.items()))
            bar.update(task, total=summary.due, advance=len(results), detail=counts)

        try:
            summary = run_check(engine, options, advance)
        except ConfigError as error:
            raise fail(str(error))
        except KeyboardInterrupt:
            raise fail("interrupted; what was checked is kept, run again to continue", 130)
        except SQLAlchemyError as error:
            raise fail(one_line(error))
    _print_summary(summary, json_out)
    if summary.stopped:
        raise fail(f"{summary.stopped}; the {summary.checked:,} results so far are kept: run again "
                   "after the reset, or use --wait-for-reset", 1)


def _options(method: str, token: str | None, github_api_url: str | None, github_url: str | None,
             concurrency: int, wait_for_reset: bool, stale_after: str | None, statuses: list[str],
             forges: list[str], limit: int | None, timeout: float, retries: int, retry_delay: float) -> CheckOptions:
    """Command-line values -> CheckOptions, or a one-line error for the first bad one."""
    bad_status = [s for s in statuses if s not in STATUS_CHOICES]
    bad_forge = [f for f in forges if f not in FORGES]
    if bad_status:
        raise fail(f"--status must be one of {', '.join(STATUS_CHOICES)}, not {bad_status[0]!r}")
    if bad_forge:
        raise fail(f"--forge must be one of {', '.join(FORGES)}, not {bad_forge[0]!r}")
    try:
        stale = parse_duration(stale_after or ("0" if statuses else DEFAULT_STALE_AFTER))
        endpoints = Endpoints.configure(github_api_url, github_url)
    except (ValueError, BadBaseUrl) as error:
        raise fail(str(error))
    options = CheckOptions(
        endpoints=endpoints, token=Token(token) if token else None, method=method, concurrency=concurrency,
        wait_for_reset=wait_for_reset, timeout=timeout, retry=RetryPolicy(retries=retries, delay=retry_delay),
        selection=Selection(forges=forges or FORGES, statuses=statuses, stale_after=stale or None, limit=limit),
    )
    try:
        options.github_method()
    except ConfigError as error:
        raise fail(str(error))
    return options


def _reset_text(reset: float | None) -> str | None:
    return datetime.fromtimestamp(reset, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if reset else None


def _print_summary(summary: CheckSummary, json_out: bool) -> None:
    statuses = {s.value: summary.statuses.get(s.value, 0) for s in Status}
    if json_out:
        output.print_json({
            "method": summary.method, "due": summary.due, "checked": summary.checked, "statuses": statuses,
            "requests": sum(summary.requests.values()), "requests_by_host": dict(summary.requests),
            "rate_limit_remaining": summary.rate_remaining, "rate_limit_reset": _reset_text(summary.rate_reset),
            "stopped": summary.stopped, "seconds": round(summary.seconds, 3),
        })
        return
    rows = [(s, n) for s, n in statuses.items()] + [("total", summary.checked)]
    output.print_rows(("status", "repositories"), rows, title=f"harvest check ({summary.method})")
    hosts = ", ".join(f"{host} {n:,}" for host, n in sorted(summary.requests.items())) or "none"
    output.stdout.print(f"requests: {sum(summary.requests.values()):,} ({hosts})", highlight=False)
    if summary.rate_remaining is not None:
        output.stdout.print(f"GitHub API rate limit remaining: {summary.rate_remaining:,}"
                            f" (resets {_reset_text(summary.rate_reset) or 'at an unknown time'})", highlight=False)
