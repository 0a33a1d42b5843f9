"""The status model: what one check concluded about one repository.

Seven statuses. `unknown` means "no answer" (timeout, connection error, 5xx after
retries, rate limit, invalid body); every other status is a definite answer from
the forge. `missing` is only ever concluded from a definite answer (404/410, a
GraphQL NOT_FOUND, a git 401/404), never from an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum


class Status(str, Enum):
    AVAILABLE = "available"
    ARCHIVED = "archived"
    EMPTY = "empty"
    MOVED = "moved"
    MISSING = "missing"
    BLOCKED = "blocked"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


DEFINITE = frozenset(s.value for s in Status if s is not Status.UNKNOWN)


@dataclass(frozen=True, slots=True)
class Facts:
    """What an API answer tells beyond the status (None: the answer did not say)."""

    stars: int | None = None
    pushed_at: datetime | None = None
    license_spdx: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """One check's conclusion about one repository."""

    status: Status
    detail: str
    http_status: int | None = None
    etag: str | None = None  # validator for the next conditional request (REST only)
    facts: Facts | None = None
    moved_to: Successor | None = None  # set when status is MOVED
    not_modified: bool = False  # a 304: the stored status still holds

    @property
    def definite(self) -> bool:
        return self.status is not Status.UNKNOWN


@dataclass(frozen=True, slots=True)
class Successor:
    """Where a moved repository went, and what the forge said about it there."""

    owner: str
    name: str
    outcome: Outcome


def unknown(detail: str, http_status: int | None = None) -> Outcome:
    return Outcome(Status.UNKNOWN, detail, http_status)


def from_flags(*, archived: bool, disabled: bool, empty: bool, private: bool) -> tuple[Status, str]:
    """GitHub's repository flags (REST or GraphQL) -> status and detail; the strongest flag wins."""
    if private:  # only visible to this token: the paper's readers cannot reach it
        return Status.MISSING, "private"
    if disabled:
        return Status.BLOCKED, "disabled by GitHub"
    if archived:
        return Status.ARCHIVED, "archived (read-only)"
    if empty:
        return Status.EMPTY, "no commits"
    return Status.AVAILABLE, "ok"


def moved(owner: str, name: str, there: Outcome) -> Outcome:
    """A repository answering under another owner/name (rename or transfer)."""
    return Outcome(Status.MOVED, f"now {owner}/{name}", there.http_status, moved_to=Successor(owner, name, there))


def same_name(owner: str, name: str, other_owner: str, other_name: str) -> bool:
    """Owner/name compare case-insensitively (the catalog's identity rule)."""
    return (owner.lower(), name.lower()) == (other_owner.lower(), other_name.lower())


def parse_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 timestamp from an API -> naive UTC, as the catalog stores times."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def github_outcome(asked: tuple[str, str], full_name: str, *, archived: bool, disabled: bool, empty: bool,
                   private: bool, facts: Facts, http_status: int, etag: str | None = None) -> Outcome:
    """A GitHub repository answer (REST or GraphQL) -> outcome; another full name means it moved."""
    status, detail = from_flags(archived=archived, disabled=disabled, empty=empty, private=private)
    here = Outcome(status, detail, http_status, etag, facts)
    owner, _, name = full_name.partition("/")
    if not name:
        raise ValueError(f"not an owner/name: {full_name!r}")
    if same_name(*asked, owner, name):
        return here
    return moved(owner, name, here)
