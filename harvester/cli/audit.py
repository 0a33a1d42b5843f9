"""`harvest audit`: reproducibility audit of live repositories, archive lookups for dead ones."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Annotated, Optional

import typer
from sqlalchemy.exc import SQLAlchemyError

from harvester import output
from harvester.audit.checklist import ITEMS
from harvester.audit.runner import (
    Archives, AuditOutcome, Forge, Selection, due_for_archives, due_for_audit, run_archives, run_audits,
)
from harvester.audit.archive import ArchiveAnswer
from harvester.audit.snapshot import Limits
from harvester.catalog.db import CatalogError, open_catalog
from harvester.cli import DbOption, JsonOption, QuietOption, app, fail, one_line

_METHODS = ("auto", "graphql", "rest", "git")
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def _duration(value: str) -> timedelta | None:
    """"90d", "12h", "30m", or a bare number of days; 0 is None (never by age alone)."""
    text = value.strip().lower()
    unit = _UNITS.get(text[-1:], None)
    try:
        amount = float(text[:-1] if unit else text)
    except ValueError:
        raise ValueError(f"--stale-after {value!r}: expected a duration such as 90d, 12h, 30m") from None
    seconds = amount * (unit or 86400)
    if seconds < 0:
        raise ValueError(f"--stale-after {value!r}: a duration is not negative")
    return timedelta(seconds=seconds) if seconds else None


@app.command()
def audit(
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Audit (and ask the archives) again even when nothing changed.")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="At most this many repositories (each of audits and archives).")] = None,
    stale_after: Annotated[str, typer.Option("--stale-after", help="Redo an answer older than this (90d, 12h, 30m; 0: only on change).")] = "90d",
    token: Annotated[Optional[str], typer.Option("--token", envvar="GITHUB_TOKEN", show_default=False,
                                                 help="GitHub token: read through the API. Sent only to the API host.")] = None,
    method: Annotated[str, typer.Option("--method", help="auto (API with a token, else git) | rest | graphql (= rest) | git")] = "auto",
    github_api_url: Annotated[str, typer.Option("--github-api-url", envvar="HARVEST_GITHUB_API_URL", help="GitHub API base.")] = "https://api.github.com",
    github_url: Annotated[str, typer.Option("--github-url", envvar="HARVEST_GITHUB_URL", help="GitHub web/git base, for git reads.")] = "https://github.com",
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Repositories read at once.")] = 4,
    wait_for_reset: Annotated[bool, typer.Option("--wait-for-reset", help="On a spent API rate limit, sleep until it resets instead of stopping.")] = False,
    clone_timeout: Annotated[float, typer.Option("--clone-timeout", min=1, help="Seconds for reading one repository with git.")] = 120,
    max_blob_bytes: Annotated[int, typer.Option("--max-blob-bytes", min=1024, help="Bytes kept of each file read.")] = 256 * 1024,
    max_tree_entries: Annotated[int, typer.Option("--max-tree-entries", min=1, help="Tree entries read per repository.")] = 50_000,
    no_archives: Annotated[bool, typer.Option("--no-archives", help="Skip the archive lookups for dead repositories.")] = False,
    archives_only: Annotated[bool, typer.Option("--archives-only", help="Only the archive lookups, no audit.")] = False,
    swh_url: Annotated[str, typer.Option("--swh-url", envvar="HARVEST_SWH_URL", help="Software Heritage base URL.")] = "https://archive.softwareheritage.org",
    wayback_url: Annotated[str, typer.Option("--wayback-url", envvar="HARVEST_WAYBACK_URL", help="Wayback Machine base URL.")] = "https://archive.org",
    archive_delay: Annotated[float, typer.Option("--archive-delay", min=0, help="Seconds between two requests to an archive.")] = 1.0,
    archive_retries: Annotated[int, typer.Option("--archive-retries", min=0, help="Retries of a failed archive request (backoff 1 s, 2 s, 4 s...).")] = 3,
    json_out: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Audit how reproducible each available repository is, and ask the archives about dead ones.

    Live repositories (status available or archived) are read through GitHub's API when a token is
    configured, else through a shallow blob-less git clone; nothing from them is ever run. Each gets the
    ML Code Completeness Checklist (dependencies, training, evaluation, pretrained, results) with
    evidence, its licence, placeholder and citation checks (v_repo_audit). Repositories missing or
    blocked are looked up in Software Heritage and the Wayback Machine (v_repo_archive).
    Exit code 1 when some repository or archive gave no answer (retried next run), 2 when the catalog is unusable.
    """
    if method not in _METHODS:
        raise fail(f"--method must be one of {', '.join(_METHODS)}, not {method!r}")
    if no_archives and archives_only:
        raise fail("--no-archives and --archives-only exclude each other")
    try:
        selection = Selection(force, limit, _duration(stale_after))
    except ValueError as error:
        raise fail(str(error))
    try:
        engine = open_catalog(db)
        audit_targets = [] if archives_only else due_for_audit(engine, selection)
        archive_targets = [] if no_archives else due_for_archives(engine, selection)
    except (CatalogError, SQLAlchemyError) as error:
        raise fail(one_line(error))
    forge = Forge(github_api_url, github_url, token, method, wait_for_reset)
    limits = Limits(clone_timeout, max_blob_bytes, max_tree_entries)
    report = (lambda message: None) if quiet or json_out else output.warn
    try:
        outcomes = _audit(engine, audit_targets, forge, limits, concurrency, report, quiet or json_out)
        answers = _archives(engine, archive_targets, Archives(swh_url, wayback_url, archive_delay, archive_retries), report, quiet or json_out)
    except KeyboardInterrupt:
        raise fail("interrupted; what was recorded is kept, run again to complete", 130)
    except SQLAlchemyError as error:
        raise fail(one_line(error))
    _print_summary(outcomes, answers, json_out, archives_only, no_archives)
    if any(not o.recorded for o in outcomes) or any(not a.answered for _, a in answers):
        raise typer.Exit(1)


def _audit(engine, targets, forge: Forge, limits: Limits, concurrency: int, report, quiet: bool) -> list[AuditOutcome]:
    if not targets:
        return []
    with output.progress(total=len(targets), quiet=quiet) as bar:
        task = bar.add_task(f"audit ({forge.reader})", total=len(targets), detail="")

        def done(outcome: AuditOutcome) -> None:
            if outcome.error:
                report(f"{outcome.target.owner}/{outcome.target.name}: {outcome.error}"
                       + ("" if outcome.recorded else " (no answer; retried next run)"))
            bar.update(task, advance=1, detail=f"{outcome.target.owner}/{outcome.target.name}")

        return run_audits(engine, targets, forge, limits, concurrency, done)


def _archives(engine, targets, archives: Archives, report, quiet: bool) -> list[tuple]:
    if not targets:
        return []
    with output.progress(total=len(targets), quiet=quiet) as bar:
        task = bar.add_task("archives", total=len(targets), detail="")

        def done(target, answer: ArchiveAnswer) -> None:
            if answer.detail:
                report(f"{target.owner}/{target.name}: {answer.detail}")
            bar.update(task, advance=1, detail=f"{target.owner}/{target.name}")

        return run_archives(engine, targets, archives, done)


def _outcome_row(outcome: AuditOutcome) -> dict:
    row = {"owner": outcome.target.owner, "name": outcome.target.name, "method": outcome.method, "error": outcome.error,
           "recorded": outcome.recorded}
    checklist = outcome.checklist
    if checklist is not None:
        row |= {"score": checklist.score, **{item: getattr(checklist, item).value for item in ITEMS},
                "license": checklist.license, "placeholder": checklist.placeholder.value,
                "cites_paper": checklist.cites_paper.value, "evidence": checklist.evidence()}
    return row


def _archive_row(target, answer: ArchiveAnswer) -> dict:
    return {"owner": target.owner, "name": target.name, "status": target.status, "swh_archived": answer.swh_archived,
            "swh_last_visit": answer.swh_last_visit, "wayback_url": answer.wayback_url,
            "wayback_timestamp": answer.wayback_timestamp, "recorded": answer.answered, "detail": answer.detail}


def _summary(outcomes: list[AuditOutcome], answers: list[tuple]) -> dict:
    scored = [o.checklist for o in outcomes if o.checklist is not None]
    scores = Counter(c.score for c in scored)
    rate = {item: sum(getattr(c, item).value for c in scored) for item in (*ITEMS, "placeholder", "cites_paper")}
    return {
        "audited": len(scored),
        "failed": sum(1 for o in outcomes if o.checklist is None and o.recorded),
        "no_answer": sum(1 for o in outcomes if not o.recorded),
        "score_distribution": {str(s): scores.get(s, 0) for s in range(6)},
        "items": rate | {"licensed": sum(1 for c in scored if c.license)},
        "archives_asked": len(answers),
        "archives_recorded": sum(1 for _, a in answers if a.answered),
        "in_software_heritage": sum(1 for _, a in answers if a.swh_archived),
        "in_wayback": sum(1 for _, a in answers if a.wayback_url),
    }


def _print_summary(outcomes, answers, json_out: bool, archives_only: bool, no_archives: bool) -> None:
    summary = _summary(outcomes, answers)
    if json_out:
        output.print_json({"summary": summary, "audits": [_outcome_row(o) for o in outcomes],
                           "archives": [_archive_row(t, a) for t, a in answers]})
        return
    if not archives_only:
        audited = summary["audited"]
        rows = [("audited", audited, ""), ("failed (recorded)", summary["failed"], ""),
                ("no answer (retried next run)", summary["no_answer"], "")]
        rows += [(f"score {s}", n, _percent(n, audited)) for s, n in summary["score_distribution"].items()]
        rows += [(item, n, _percent(n, audited)) for item, n in summary["items"].items()]
        output.print_rows(("audit", "repositories", "share"), rows, title="harvest audit")
    if not no_archives:
        rows = [(key.replace("_", " "), summary[key]) for key in
                ("archives_asked", "archives_recorded", "in_software_heritage", "in_wayback")]
        output.print_rows(("archives", "repositories"), rows, title="dead repositories")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else ""
