"""What tree paths are: root README and licence, vendored code, code files, dependency manifests.

Pure functions over path strings, shared by the readers (which blobs to fetch) and the scorer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

_README = re.compile(r"^readme(\.[a-z0-9]+)?$", re.I)
# GitHub shows README.md before other markups, and those before plain text.
_README_RANK = {".md": 0, ".markdown": 1, ".mdown": 1, ".rst": 2, ".org": 3, ".adoc": 3, ".txt": 4, "": 5}
_LICENSE = re.compile(r"^(un)?(licen[cs]e|copying)([.\-_][a-z0-9.\-_]+)?$", re.I)
_LICENSE_RANK = {"license": 0, "licence": 0, "copying": 2, "unlicense": 1}

# Folder names that hold other people's code by convention.
_VENDOR_DIRS = {"third_party", "thirdparty", "third-party", "3rdparty", "3rd_party", "external", "externals",
                "extern", "vendor", "vendors", "vendored", "deps", "node_modules", "site-packages"}

CODE_SUFFIXES = {".py", ".ipynb", ".sh", ".bash", ".zsh", ".m", ".c", ".cc", ".cpp", ".cxx", ".h", ".hpp",
                 ".hh", ".cu", ".cuh", ".java", ".js", ".ts", ".go", ".rs", ".jl", ".r", ".lua", ".scala",
                 ".swift", ".kt", ".rb", ".pl", ".php", ".cs", ".f90", ".pyx", ".mlx"}
SCRIPT_SUFFIXES = {".py", ".ipynb", ".sh", ".bash", ".zsh", ".m", ".jl", ".r", ".lua", ".mlx"}

# Dependency manifests recognised by name (any case); a YAML file counts when it is a conda environment.
_MANIFEST_NAMES = {"setup.py", "setup.cfg", "pyproject.toml", "pipfile", "pipfile.lock", "poetry.lock",
                   "environment.txt", "conda-lock.yml", "vcpkg.json", "conanfile.txt", "conanfile.py",
                   "package.json", "cargo.toml", "go.mod", "pom.xml", "build.gradle", "project.toml",
                   "renv.lock", "description", "install_requires.txt", "spec-file.txt", "uv.lock"}
_REQUIREMENTS = re.compile(r"^requirements?([\-_.][\w.\-]*)?\.(txt|in)$", re.I)
_DOCKERFILE = re.compile(r"^(dockerfile([.\-_][\w.\-]*)?|[\w.\-]+\.dockerfile)$", re.I)
_YAML = re.compile(r"\.ya?ml$", re.I)
_CONDA_NAME = re.compile(r"(^|[\-_.])(env|environment|conda)([\-_.]|$)", re.I)
_CMAKE_FIND = re.compile(r"^cmake/(Find|Fetch)\w+\.cmake$", re.I)
_C_BUILD = {"cmakelists.txt", "makefile", "meson.build", "configure.ac", "build.ninja", "sconstruct"}


def name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def parts(path: str) -> list[str]:
    return path.split("/")


def suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower()


def root_readme(paths: Iterable[str]) -> str | None:
    """The root README GitHub would show: README.md before .rst/.txt, any case."""
    candidates = [p for p in paths if "/" not in p and _README.match(p)]
    return min(candidates, key=lambda p: (_README_RANK.get(suffix(p), 4), p), default=None)


def root_license(paths: Iterable[str]) -> str | None:
    """The root licence file (LICENSE, LICENCE, COPYING, UNLICENSE and their suffixed forms)."""
    candidates = [p for p in paths if "/" not in p and _LICENSE.match(p)]

    def rank(path: str) -> tuple:
        stem = re.split(r"[.\-_]", path.lower(), maxsplit=1)[0]
        return (_LICENSE_RANK.get(stem, 3), len(path), path)

    return min(candidates, key=rank, default=None)


def vendored_dirs(paths: Iterable[str], submodules: Iterable[str] = ()) -> set[str]:
    """Folders holding third-party code: conventional names, and sub-folders that carry their own licence."""
    found = set(submodules)
    for path in paths:
        segments = parts(path)
        for depth, segment in enumerate(segments[:-1]):
            if segment.lower() in _VENDOR_DIRS:
                found.add("/".join(segments[: depth + 1]))
                break
        if len(segments) > 1 and _LICENSE.match(segments[-1]):
            found.add("/".join(segments[:-1]))  # a project of its own, copied in with its licence
    return found


def in_any(path: str, folders: set[str]) -> bool:
    return any(path == f or path.startswith(f + "/") for f in folders)


def is_code(path: str) -> bool:
    return suffix(path) in CODE_SUFFIXES and "__pycache__" not in parts(path)


def stem_tokens(path: str) -> list[str]:
    """A file name's words: snake, kebab, dotted and camelCase split, lowercased."""
    stem = PurePosixPath(path).stem
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", stem)
    return [w for w in re.split(r"[_\-.\s]+", words.lower()) if w]


def is_manifest_name(path: str) -> bool:
    """Named like a dependency manifest (conda YAML files are told by is_conda_candidate)."""
    base = name(path)
    in_requirements_dir = len(parts(path)) > 1 and parts(path)[-2].lower() in ("requirements", "reqs") and base.endswith((".txt", ".in"))
    return (base.lower() in _MANIFEST_NAMES or bool(_REQUIREMENTS.match(base)) or in_requirements_dir
            or bool(_DOCKERFILE.match(base)) or bool(_CMAKE_FIND.match(path)))


def is_conda_candidate(path: str) -> bool:
    """A YAML file that may be a conda environment: any YAML at the root, or named or filed as one (envs/x.yml)."""
    words = [PurePosixPath(path).stem, *parts(path)[:-1]]
    return bool(_YAML.search(path)) and ("/" not in path or any(_CONDA_NAME.search(w) for w in words))


def is_c_build(path: str) -> bool:
    return name(path).lower() in _C_BUILD


def files_to_read(paths: list[str], submodules: Iterable[str] = (), limit: int = 12) -> list[str]:
    """The blobs worth reading besides README and licence: manifests whose content decides, shallow first."""
    vendored = vendored_dirs(paths, submodules)
    wanted = [p for p in paths if not in_any(p, vendored)
              and (is_conda_candidate(p) or (is_manifest_name(p) and not _CMAKE_FIND.match(p)) or p == "CMakeLists.txt")]
    return sorted(wanted, key=lambda p: (p.count("/"), p))[:limit]
