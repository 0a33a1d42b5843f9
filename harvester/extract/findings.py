"""What extraction finds in a paper's text: plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

LinkKind = Literal["repository", "project_page", "dataset", "paper", "other"]
LinkStatus = Literal["released", "promised"]
DatasetRole = Literal["introduced", "used"]
TextField = Literal["title", "abstract", "comments"]


class _PickledAsCall:
    """Pickled as a constructor call: `harvest run --jobs` sends every paper's findings between
    processes, and unpickling slotted dataclasses slot by slot costs more than twice as much."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple]:
        return type(self), tuple(getattr(self, name) for name in self.__slots__)

FORGE_URLS = {
    "github": "https://github.com",
    "gitlab": "https://gitlab.com",
    "bitbucket": "https://bitbucket.org",
    "gitee": "https://gitee.com",
    "huggingface": "https://huggingface.co",
    "huggingface-spaces": "https://huggingface.co/spaces",
    "sourceforge": "https://sourceforge.net/projects",
}


@dataclass(slots=True, frozen=True)
class RepoRef(_PickledAsCall):
    """A repository's identity: (forge, owner, name); owner/name keep the case first seen."""

    forge: str
    owner: str
    name: str

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity for matching: owner and name compare case-insensitively."""
        return (self.forge, self.owner.lower(), self.name.lower())

    @property
    def url(self) -> str:
        base = FORGE_URLS.get(self.forge, f"https://{self.forge}")
        if self.forge == "sourceforge":
            return f"{base}/{self.name}"
        return f"{base}/{self.owner}/{self.name}"


@dataclass(slots=True)
class Link(_PickledAsCall):
    """One URL found in a text field; offsets index that field's text as stored."""

    raw: str  # the text as written (may be damaged: spaces, \\_ ...)
    url: str  # normalized absolute URL
    field: TextField
    start: int
    end: int
    kind: LinkKind
    repo: RepoRef | None = None  # set when kind == "repository"
    status: LinkStatus | None = None  # released | promised (set on every link; shown for repositories)
    evidence: str = ""  # the sentence holding the link


@dataclass(slots=True)
class CodePromise(_PickledAsCall):
    """Code promised with no link given ("code will be released soon")."""

    field: TextField
    start: int
    end: int
    evidence: str


@dataclass(slots=True)
class DatasetMention(_PickledAsCall):
    """A named dataset in the text, under its canonical name."""

    name: str  # canonical (the gazetteer's name where known)
    surface: str  # as written at this mention
    role: DatasetRole
    field: TextField
    start: int
    end: int
    evidence: str
    known: bool = False  # found in the gazetteer
    aliases: tuple[str, ...] = ()  # other names the text gives it ("DanbooruAnimeFaces:revamped")


@dataclass(slots=True)
class Findings(_PickledAsCall):
    links: list[Link] = field(default_factory=list)
    promises: list[CodePromise] = field(default_factory=list)
    datasets: list[DatasetMention] = field(default_factory=list)

    @property
    def repositories(self) -> dict[tuple[str, str, str], Link]:
        """One link per repository (its strongest status: released beats promised)."""
        best: dict[tuple[str, str, str], Link] = {}
        for link in self.links:
            if link.repo is None:
                continue
            seen = best.get(link.repo.key)
            if seen is None or (seen.status == "promised" and link.status == "released"):
                best[link.repo.key] = link
        return best
