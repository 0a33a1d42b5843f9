"""What a reader (GitHub API or shallow git) saw of one repository, and what the scorer needs of its paper."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class PaperInfo:
    """A paper linked to the repository in the catalog: the README may cite it."""

    arxiv_id: str
    title: str


@dataclass
class Snapshot:
    """One commit of a repository as far as the audit reads it; nothing in it was ever executed."""

    paths: list[str]  # every path of the tree (blobs and submodule gitlinks), in tree order
    readme_path: str | None = None  # the root README GitHub would show
    readme: str = ""  # its text (capped)
    license_path: str | None = None  # the root licence file
    license_text: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # dependency manifests read, path -> text (capped)
    sizes: dict[str, int] = field(default_factory=dict)  # blob sizes where the reader knows them
    submodules: list[str] = field(default_factory=list)  # gitlink paths
    release_assets: list[str] | None = None  # release asset names; None when the reader cannot see releases
    commit_sha: str | None = None
    last_commit_at: datetime | None = None
    archived: bool | None = None
    truncated: bool = False  # the tree was cut at the entry cap


@dataclass(frozen=True)
class Limits:
    """Caps on what is read of one repository, whatever the reader."""

    timeout: float = 120.0  # seconds for a git read (clone, fetch, reads)
    max_blob_bytes: int = 256 * 1024  # kept of each file read
    max_tree_entries: int = 50_000
    max_blobs: int = 16  # manifests read besides README and licence


class ReadError(Exception):
    """A repository could not be read.

    `definite` is True when the answer itself says so (not found, blocked, refused) and an audit
    row recording it is worth keeping; False for network trouble, timeouts and server errors, which
    record nothing and are retried on the next run.
    """

    def __init__(self, message: str, definite: bool = False):
        super().__init__(message)
        self.definite = definite
