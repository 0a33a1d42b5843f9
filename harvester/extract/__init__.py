"""Pure extraction: text in, findings out. No I/O, so it is fast and testable on strings."""

from __future__ import annotations

from harvester.extract.datasets import find_datasets
from harvester.extract.findings import Findings
from harvester.extract.links import find_links
from harvester.extract.promises import find_code_promises, label_link_status

# Bump when extraction changes what it finds: stored papers are then re-extracted on the next run.
EXTRACTOR_VERSION = "2"


def extract(abstract: str, comments: str | None = None, title: str | None = None) -> Findings:
    """Everything the catalog keeps about one paper's text."""
    findings = find_links_and_promises(abstract, comments, title)
    findings.datasets = find_datasets(abstract or "", title=title or "")
    return findings


def find_links_and_promises(abstract: str, comments: str | None = None, title: str | None = None) -> Findings:
    """What extract() finds but the datasets: links with their status, and code promises."""
    findings = Findings()
    given = (("title", title), ("abstract", abstract), ("comments", comments))
    fields = [(field_name, text) for field_name, text in given if text]
    for field_name, text in fields:
        links = find_links(text, field_name)
        label_link_status(text, links)
        findings.links.extend(links)
    # A promise counts only when no field links a repository, so all links are known first;
    # one promise lists the paper, so the comments are read only when the abstract has none.
    for field_name, text in fields:
        if field_name != "title" and not findings.promises:
            findings.promises.extend(find_code_promises(text, field_name, findings.links))
    return findings
