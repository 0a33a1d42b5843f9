"""The paper record every source produces and every later stage consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class PaperRecord:
    """One arXiv paper as a source saw it; sources know nothing of extraction or storage."""

    arxiv_id: str  # without version: the paper's identity
    title: str
    abstract: str
    version: int | None = None
    comments: str | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # primary first
    listing_date: date | None = None  # date of the listing/digest that carried it
    published: date | None = None  # v1 date where the source has it
    updated: date | None = None
    doi: str | None = None
    journal_ref: str | None = None
    location: str = ""  # "file:line" of the record in its source, for messages
    source_digest: str | None = None  # of the raw line, for sources read line by line (sources.jsonl)

    @property
    def primary_category(self) -> str | None:
        return self.categories[0] if self.categories else None

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}"

    @property
    def pdf_url(self) -> str:
        suffix = f"v{self.version}" if self.version else ""
        return f"https://arxiv.org/pdf/{self.arxiv_id}{suffix}"


@dataclass(slots=True, frozen=True)
class UnchangedLine:
    """A source line that is byte for byte the one the catalog's paper was last read from: not parsed again."""

    arxiv_id: str
    location: str


@dataclass(slots=True, frozen=True)
class SourceProblem:
    """Something in a source that could not be read; reported and skipped."""

    location: str  # "file:line"
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
