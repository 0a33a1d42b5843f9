"""The shared audit corpus (../shared/audit-corpus) as real git repositories, built at run time.

The corpus holds other people's READMEs and licences: it is read from shared/ whenever needed and
never copied into this repository. Each OWNER__NAME folder becomes a bare repository holding every
path of its files.txt: the real README and licence text at their original paths, plausible small
contents for dependency manifests, a one-line placeholder for everything else, and real gitlinks
for submodules.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from harvester.audit.checklist import ITEMS
from harvester.audit.runner import Forge, Target, audit_one
from harvester.audit.snapshot import Limits, PaperInfo
from tests.support.git_server import GitServer, make_bare_repo

ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    """shared/ beside the checkout (or beside an ancestor: worktrees nest), or HARVEST_SHARED."""
    if os.environ.get("HARVEST_SHARED"):
        return Path(os.environ["HARVEST_SHARED"])
    for folder in ROOT.parents:
        if (folder / "shared").is_dir():
            return folder / "shared"
    return None


def corpus_dir() -> Path | None:
    shared = shared_dir()
    corpus = shared / "audit-corpus" if shared else None
    return corpus if corpus and (corpus / "index.json").is_file() else None


@dataclass
class CorpusRepo:
    folder: Path
    meta: dict
    labels: dict

    @property
    def owner(self) -> str:
        return self.meta["owner"]

    @property
    def name(self) -> str:
        return self.meta["name"]

    @property
    def paths(self) -> list[str]:
        return [p for p in (self.folder / "files.txt").read_text(encoding="utf-8").split("\n") if p]

    def files(self) -> dict[str, bytes]:
        """Every blob path with its content (submodule gitlinks excluded)."""
        submodules = set(self.meta.get("submodules") or ())
        real = {self.meta.get("readme_path"): self.folder / "README", self.meta.get("license_path"): self.folder / "LICENSE.txt"}
        files = {}
        for path in self.paths:
            if path in submodules:
                continue
            source = real.get(path)
            files[path] = source.read_bytes() if source else placeholder(path, submodules).encode()
        return files


def load(corpus: Path) -> list[CorpusRepo]:
    index = json.loads((corpus / "index.json").read_text(encoding="utf-8"))
    return [CorpusRepo(corpus / row["folder"], json.loads((corpus / row["folder"] / "meta.json").read_text(encoding="utf-8")),
                       json.loads((corpus / row["folder"] / "labels.json").read_text(encoding="utf-8")))
            for row in index["repos"]]


def build(root: Path, repo: CorpusRepo) -> Path:
    """root/OWNER/NAME.git holding the corpus repository's tree in one commit at its commit date."""
    return make_bare_repo(root, repo.owner, repo.name, repo.files(), date=repo.meta["last_commit_at"],
                          gitlinks=repo.meta.get("submodules") or ())


_CONDA = "name: placeholder\nchannels:\n  - defaults\ndependencies:\n  - python=3.9\n  - pip\n"
_BY_NAME = {
    "setup.py": 'from setuptools import setup\n\nsetup(name="placeholder", install_requires=["numpy"])\n',
    "setup.cfg": "[metadata]\nname = placeholder\n\n[options]\ninstall_requires =\n    numpy\n",
    "pyproject.toml": '[project]\nname = "placeholder"\ndependencies = ["numpy"]\n',
    "pipfile": '[packages]\nnumpy = "*"\n',
    "vcpkg.json": '{"name": "placeholder", "version": "0.0.1", "dependencies": ["eigen3"]}\n',
    "cmakelists.txt": "cmake_minimum_required(VERSION 3.10)\nproject(placeholder)\n",
    "package.json": '{"name": "placeholder", "dependencies": {"left-pad": "^1.3.0"}}\n',
}


def placeholder(path: str, submodules: set[str]) -> str:
    """Small stand-in content; dependency manifests get a plausible non-empty body of their kind."""
    base = path.rsplit("/", 1)[-1].lower()
    if base == ".gitmodules":
        return "".join(f'[submodule "{p}"]\n\tpath = {p}\n\turl = https://example.invalid/{p}.git\n' for p in sorted(submodules))
    if base in _BY_NAME:
        return _BY_NAME[base]
    if base.startswith("requirement") and base.endswith((".txt", ".in")):
        return "numpy>=1.19\n"
    if base.startswith("dockerfile") or base.endswith(".dockerfile"):
        return "FROM python:3.10-slim\nRUN pip install numpy\n"
    if base.endswith((".yml", ".yaml")):
        return _CONDA if any(word in base for word in ("env", "conda")) else "placeholder: true\n"
    return f"placeholder for {path}\n"


# ---- scoring the audit against the labels (benchmarks/score_audit.py, tests/test_audit_corpus.py) ----

FIELDS = (*ITEMS, "license", "placeholder", "cites_paper")
_SPDX_EQUAL = re.compile(r"-(only|or-later)$")


def predictions(corpus: Path) -> list[tuple[CorpusRepo, dict]]:
    """Audit every corpus repository through the local git server; per repository, field -> value."""
    repos = load(corpus)
    with tempfile.TemporaryDirectory(prefix="audit-corpus-") as root:
        for repo in repos:
            build(Path(root), repo)
        with GitServer(Path(root)) as server, ThreadPoolExecutor(4) as pool:
            forge = Forge(web_url=server.url, method="git")
            return list(zip(repos, pool.map(lambda repo: _audit(repo, forge), repos)))


def _audit(repo: CorpusRepo, forge: Forge) -> dict:
    paper = repo.meta["paper"]
    target = Target(0, repo.owner, repo.name, repo.meta["repo_url"], "available",
                    [PaperInfo(paper["arxiv_id"], paper["title"])])
    outcome = audit_one(target, forge, forge.client(), Limits())
    if outcome.checklist is None:
        raise RuntimeError(f"{repo.owner}/{repo.name}: audit failed: {outcome.error}")
    c = outcome.checklist
    values = {item: getattr(c, item).value for item in ITEMS}
    return values | {"license": c.license, "placeholder": c.placeholder.value, "cites_paper": c.cites_paper.value,
                     "score": c.score, "cites_arxiv_id": c.cites_arxiv_id}


def expected(labels: dict) -> dict:
    values = {item: labels[item]["value"] for item in (*ITEMS, "placeholder", "cites_paper")}
    return values | {"license": labels["license"]["spdx"], "score": labels["score"],
                     "cites_arxiv_id": labels["cites_paper"]["arxiv_id"]}


def doubted(labels: dict) -> set[str]:
    """The fields a repository's doubts name ("cites_paper and results: ...", "pretrained/results: ...")."""
    names = set()
    for doubt in labels.get("doubts", []):
        head = doubt.split(":", 1)[0] if ":" in doubt else ""
        names |= {f for f in FIELDS if re.search(rf"\b{f}\b", head)}
    return names


def same(field: str, got, want) -> bool:
    if field == "license" and got and want:
        return _SPDX_EQUAL.sub("", got) == _SPDX_EQUAL.sub("", want)
    return got == want
