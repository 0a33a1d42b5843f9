"""The report page: one self-contained HTML file (inline CSS, JS and SVG), one small function per section.

Every value from the catalog is untrusted text (titles, evidence sentences, URLs) and goes through `escape`;
links are made only from http(s) URLs so a stored `javascript:` URL stays inert text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from importlib.resources import files
from string import Template
from typing import Any
from urllib.parse import quote

from harvester import __version__
from harvester.report import charts
from harvester.report.charts import Bar
from harvester.report.queries import AUDIT_ITEMS, CODE_KINDS, DEAD_STATUSES, REPO_STATUSES, SCORES, ReportData

_ASSETS = files("harvester.report") / "assets"

PAGE = Template("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$css</style>
</head>
<body>
<main>
<header><h1>$title</h1><p>Generated $generated from the harvester catalog's public views.</p></header>
$body
<footer>harvester $version</footer>
</main>
<script>$js</script>
</body>
</html>
""")


def render(data: ReportData, title: str, generated: datetime) -> str:
    """The whole page as one string."""
    body = "\n".join(section(data) for section in (
        _headline, _papers, _code, _repositories, _audit, _dead, _datasets))
    return PAGE.substitute(
        title=escape(title), generated=escape(generated.strftime("%Y-%m-%d %H:%M UTC")), version=__version__, body=body,
        css=(_ASSETS / "report.css").read_text(encoding="utf-8"), js=(_ASSETS / "report.js").read_text(encoding="utf-8"))


# ---- building blocks ----------------------------------------------------------------------------------------

def _section(section_id: str, heading: str, intro: str, *parts: str) -> str:
    return (f'<section id="{section_id}" aria-labelledby="{section_id}-h"><h2 id="{section_id}-h">{heading}</h2>'
            f'<p class="intro">{intro}</p>{"".join(parts)}</section>')


def _note(text: str) -> str:
    return f'<p class="note">{text}</p>'


def _figure(heading: str, chart: str) -> str:
    return f"<div><h3>{heading}</h3>{chart}</div>"


def _td(value: Any, sort: Any = None, css: str = "") -> str:
    """A table cell holding plain text; `sort` overrides the value the sort script compares."""
    shown = "—" if value is None else escape(str(value))
    key = "" if (sort if sort is not None else value) is None else escape(str(sort if sort is not None else value))
    cls = f' class="{css}"' if css else ""
    return f'<td data-sort="{key}"{cls}>{shown}</td>'


def _link(url: Any, text: Any = None) -> str:
    """A cell linking to `url` if it is http(s); anything else is shown as text, never made clickable."""
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return _td(text if text is not None else url)
    return f'<td data-sort="{escape(str(text or url))}"><a href="{escape(url)}">{escape(str(text or url))}</a></td>'


def _day(value: Any) -> str:
    """A timestamp cell shown as its day (the time of an archive visit is noise in a table)."""
    return _td(None if value is None else str(value)[:10], value)


def _badge(kind: str) -> str:
    return f'<td data-sort="{escape(kind)}"><span class="badge k-{escape(kind)}">{escape(kind)}</span></td>'


def _arxiv(arxiv_id: str) -> str:
    return _link(f"https://arxiv.org/abs/{quote(arxiv_id)}", arxiv_id)


def _table(table_id: str, label: str, headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[str] = ()) -> str:
    """A sortable, filterable table; `rows` are sequences of rendered <td> cells."""
    rows = list(rows)
    head = "".join(f'<th scope="col"{" class=num" if h in numeric else ""}>{escape(h)}</th>' for h in headers)
    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows)
    return (f'<div><input class="filter" type="search" data-filter="{table_id}" placeholder="Filter {escape(label)}…" '
            f'aria-label="Filter {escape(label)}"><span class="shown" id="{table_id}-shown">{len(rows)} shown</span></div>'
            f'<div class="table-wrap"><table id="{table_id}" class="sortable"><caption hidden>{escape(label)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


# ---- sections -----------------------------------------------------------------------------------------------

def _headline(d: ReportData) -> str:
    released, promised = d.code.get("released", 0), d.code.get("promised", 0)
    dead = sum(1 for row in d.dead.rows if row[1] in DEAD_STATUSES)
    cards = [
        (f"{d.papers:,}", "papers"),
        (f"{released:,}", f"released code ({_pct(released, d.papers)})"),
        (f"{promised:,}", f"promised code only ({_pct(promised, d.papers)})"),
        (f"{d.repositories:,}", f"repositories ({d.checked:,} checked)"),
        (f"{dead:,}" if d.checked else "—", "dead repositories" if d.checked else "dead repositories: not checked yet"),
        (f"{sum(s * n for s, n in d.scores.items()) / d.audited:.1f}" if d.audited else "—",
         f"mean audit score of {d.audited:,} audited (0–5)" if d.audited else "audit score: not audited yet"),
        (f"{len({row[0] for row in d.datasets.rows}):,}", "datasets introduced"),
    ]
    return '<div class="cards" id="headline">' + "".join(
        f'<div class="card"><b>{value}</b><span>{label}</span></div>' for value, label in cards) + "</div>"


def _papers(d: ReportData) -> str:
    if not d.papers:
        return _section("papers", "Papers", "Nothing ingested yet.", _note("No papers yet: run <code>harvest run SOURCE</code>."))
    return _section(
        "papers", "Papers", f"{_count(d.papers, 'paper')} over {_count(len(d.per_day), 'listing day')} and {_count(len(d.per_category), 'primary category', 'primary categories')}.",
        '<div class="grid">',
        _figure("Per listing day", charts.columns("chart-days", "Papers per listing day", [Bar(day, n) for day, n in d.per_day])),
        _figure("Per primary category", charts.bars("chart-categories", "Papers per primary category",
                                                    [Bar(c, n) for c, n in d.per_category[:20]])),
        "</div>")


def _code(d: ReportData) -> str:
    if not d.papers:
        return ""
    parts = [Bar(kind, d.code.get(kind, 0), f"k-{kind}") for kind in CODE_KINDS]
    promises = _table("promises", "code promises", ("arXiv", "title", "evidence"),
                      ([_arxiv(a), _td(t), _td(e, css="evidence")] for a, t, e in d.promises.rows))
    return _section(
        "code", "Code", "Share of papers that link released code, only promise it (a link for later, or words alone), or neither.",
        charts.share("chart-code", "Papers by code availability", parts),
        "<h3>Promises without a link</h3>", promises if d.promises.rows else _note("No paper promises code without a link."))


def _repositories(d: ReportData) -> str:
    if not d.repositories:
        return _section("repositories", "Repositories", "Repositories linked from papers.", _note("No repositories linked yet."))
    status = (charts.bars("chart-status", "Repositories by status",
                          [Bar(s, d.repo_status.get(s, 0), f"k-{s}") for s in REPO_STATUSES], d.repositories)
              if d.checked else _note("Not checked yet: run <code>harvest check</code> to see which repositories are still there."))
    rows = ([_arxiv(a), _td(t), _link(url), _badge(link), _badge(st), _td(score, css="num")]
            for a, t, url, link, st, score in d.repos.rows)
    return _section(
        "repositories", "Repositories", f"{d.repositories:,} repositories, {d.checked:,} checked.",
        _figure("Status", status), "<h3>Papers and their repositories</h3>",
        _table("repos", "repositories", ("arXiv", "title", "repository", "link", "status", "score"), rows, numeric=("score",)))


def _audit(d: ReportData) -> str:
    if not d.audited:
        return _section("audit", "Reproducibility audit", "The ML Code Completeness Checklist, item by item.",
                        _note("Not audited yet: run <code>harvest audit</code>."))
    return _section(
        "audit", "Reproducibility audit", f"{d.audited:,} repositories audited against the ML Code Completeness Checklist.",
        '<div class="grid">',
        _figure("Score distribution (items met, 0–5)", charts.columns(
            "chart-scores", "Audited repositories by score", [Bar(str(s), d.scores.get(s, 0)) for s in SCORES])),
        _figure("Share meeting each item", charts.bars(
            "chart-items", "Audited repositories meeting each checklist item",
            [Bar(item, d.items[item]) for item in AUDIT_ITEMS], d.audited)),
        "</div>")


def _swh(url: str, archived: Any) -> str:
    if archived is None:
        return _td("not asked", "")
    if not archived:
        return _td("not archived")
    return _link(f"https://archive.softwareheritage.org/browse/origin/?origin_url={quote(url, safe='')}", "Software Heritage")


def _dead(d: ReportData) -> str:
    if not d.checked:
        return _section("dead", "Dead repositories", "Repositories that are gone, and where an archived copy survives.",
                        _note("Not checked yet: run <code>harvest check</code>, then <code>harvest audit</code> for archived copies."))
    if not d.dead.rows:
        return _section("dead", "Dead repositories", "Repositories that are gone, and where an archived copy survives.",
                        _note("No dead repositories among those checked."))
    papers = defaultdict(list)
    for arxiv_id, _title, url, *_rest in d.repos.rows:
        papers[url].append(arxiv_id)
    rows = ([_link(url), _badge(status), _td(detail, css="evidence"), _td(", ".join(papers[url]) or None),
             _swh(url, swh), _day(swh_visit), _link(wayback, "Wayback Machine") if wayback else _td("none"), _day(wayback_at)]
            for url, status, detail, swh, swh_visit, wayback, wayback_at in d.dead.rows)
    return _section(
        "dead", "Dead repositories", f"{len(d.dead.rows):,} repositories are gone; archived copies where they exist.",
        _table("dead-repos", "dead repositories",
               ("repository", "status", "detail", "papers", "Software Heritage", "last visit", "Wayback", "snapshot"), rows))


def _datasets(d: ReportData) -> str:
    intro = "Datasets the papers create or release, with the sentence that says so."
    if not d.datasets.rows:
        return _section("datasets", "Datasets introduced", intro, _note("No paper introduces a dataset."))
    rows = ([_td(name), _arxiv(a), _td(t), _td(e, css="evidence")] for name, a, t, e in d.datasets.rows)
    return _section("datasets", "Datasets introduced", intro,
                    _table("datasets-table", "datasets", ("dataset", "arXiv", "title", "evidence"), rows))
