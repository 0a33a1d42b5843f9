"""Read a repository through a shallow, blob-less git clone; nothing from it is ever checked out or run.

`git clone --depth 1 --filter=blob:none --no-checkout` fetches one commit and its trees; `git ls-tree`
lists the paths; one batched fetch brings only the blobs the scorer reads (README, licence, a few
manifests), and `git cat-file` reads them capped. Git runs with no system or user configuration,
no hooks, no credential prompts, only http(s), no redirects (so only the configured host is
contacted), under a time limit, in a temporary folder removed afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from harvester.audit import paths as P
from harvester.audit.snapshot import Limits, ReadError, Snapshot

_SAFE_CONFIG = (
    "-c", "protocol.file.allow=never", "-c", "protocol.ext.allow=never", "-c", "protocol.allow=never",
    "-c", "protocol.https.allow=always", "-c", "protocol.http.allow=always",
    "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "credential.helper=",
    "-c", "http.followRedirects=false", "-c", "submodule.recurse=false", "-c", "fetch.recurseSubmodules=false",
    "-c", "http.lowSpeedLimit=1024", "-c", "http.lowSpeedTime=30",
)
# git's own words for answers that will not change on a retry
_DEFINITE = re.compile(r"not found|returned error: (401|403|404|410|451)|terminal prompts disabled|"
                       r"could not read Username|Authentication failed|access denied", re.I)


def read_git(url: str, limits: Limits = Limits()) -> Snapshot:
    """The snapshot of the default branch's head of the repository at `url` (http or https)."""
    deadline = time.monotonic() + limits.timeout
    work = Path(tempfile.mkdtemp(prefix="harvest-audit-"))
    try:
        git = _Git(work, deadline)
        git.run("clone", "--quiet", "--depth", "1", "--filter=blob:none", "--no-checkout", "--no-tags",
                "--single-branch", "--", url, str(work / "repo"), cwd=work)
        git.repo = work / "repo"
        if git.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False).returncode != 0:
            return Snapshot(paths=[])  # an empty repository: no commit at all
        return _snapshot(git, limits)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _snapshot(git: _Git, limits: Limits) -> Snapshot:
    entries, truncated = git.tree(limits.max_tree_entries)
    paths = [path for path, _, _ in entries]
    submodules = [path for path, kind, _ in entries if kind == "commit"]
    readme_path, license_path = P.root_readme(paths), P.root_license(paths)
    wanted = [p for p in (readme_path, license_path) if p] + [
        p for p in P.files_to_read(paths, submodules, limits.max_blobs) if p not in (readme_path, license_path)]
    oids = {path: oid for path, kind, oid in entries if kind == "blob" and path in wanted}
    texts = git.blobs(oids, limits.max_blob_bytes)
    sha, date = git.run("log", "-1", "--format=%H%x00%cI", "HEAD").stdout.strip().split("\0")
    return Snapshot(
        paths=paths,
        readme_path=readme_path,
        readme=texts.get(readme_path, "") if readme_path else "",
        license_path=license_path,
        license_text=texts.get(license_path) if license_path else None,
        files={p: t for p, t in texts.items() if p not in (readme_path, license_path)},
        submodules=submodules,
        commit_sha=sha,
        last_commit_at=datetime.fromisoformat(date).astimezone(timezone.utc).replace(tzinfo=None),
        truncated=truncated,
    )


class _Git:
    """git commands in one temporary folder, all sharing one deadline."""

    def __init__(self, work: Path, deadline: float):
        self.work = work
        self.repo = work
        self.deadline = deadline
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(work), "LANG": "C", "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_ALLOW_PROTOCOL": "http:https", "GIT_LFS_SKIP_SMUDGE": "1", "GIT_NO_REPLACE_OBJECTS": "1",
        }

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ReadError("git: time limit reached")
        return left

    def _argv(self, args: tuple[str, ...], cwd: Path | None) -> list[str]:
        return ["git", *_SAFE_CONFIG, "-C", str(cwd or self.repo), *args]

    def run(self, *args: str, cwd: Path | None = None, check: bool = True, stdin: bytes | None = None
            ) -> subprocess.CompletedProcess:
        try:
            done = subprocess.run(self._argv(args, cwd), input=stdin, capture_output=True, env=self.env,
                                  timeout=self._left(), text=stdin is None)
        except subprocess.TimeoutExpired:
            raise ReadError(f"git {args[0]}: time limit reached") from None
        if check and done.returncode != 0:
            message = (done.stderr if isinstance(done.stderr, str) else done.stderr.decode("utf-8", "replace")).strip()
            last = message.splitlines()[-1] if message else f"exit status {done.returncode}"
            raise ReadError(f"git {args[0]}: {last}", definite=bool(_DEFINITE.search(message)))
        return done

    def tree(self, cap: int) -> tuple[list[tuple[str, str, str]], bool]:
        """(path, blob|commit, oid) of every entry of HEAD's tree, stopping after `cap` entries."""
        process = subprocess.Popen(self._argv(("ls-tree", "-r", "-z", "--full-tree", "HEAD"), None),
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env)
        entries: list[tuple[str, str, str]] = []
        truncated = False
        try:
            buffer = b""
            while chunk := process.stdout.read(65536):
                buffer += chunk
                *records, buffer = buffer.split(b"\0")
                for record in records:
                    meta, _, path = record.decode("utf-8", "surrogateescape").partition("\t")
                    _mode, kind, oid = meta.split()
                    entries.append((path, kind, oid))
                if len(entries) >= cap:
                    truncated = True
                    break
                self._left()
        finally:
            process.kill()
            process.wait()
        return entries[:cap], truncated

    def blobs(self, oids: dict[str, str], cap: int) -> dict[str, str]:
        """path -> text of the given blobs, fetched in one round trip, each cut at `cap` bytes."""
        if not oids:
            return {}
        wanted = "".join(f"{oid}\n" for oid in dict.fromkeys(oids.values())).encode()
        # The same fetch git itself makes for a missing object of a partial clone, batched.
        self.run("-c", "fetch.negotiationAlgorithm=noop", "fetch", "--quiet", "--no-tags", "--no-write-fetch-head",
                 "--recurse-submodules=no", "--filter=blob:none", "--stdin", "origin", stdin=wanted)
        content = self._cat(list(dict.fromkeys(oids.values())), cap)
        return {path: content[oid].decode("utf-8", "replace") for path, oid in oids.items() if oid in content}

    def _cat(self, oids: list[str], cap: int) -> dict[str, bytes]:
        process = subprocess.Popen(self._argv(("cat-file", "--batch"), None), stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env)
        process.stdin.write("".join(f"{oid}\n" for oid in oids).encode())
        process.stdin.close()
        found: dict[str, bytes] = {}
        try:
            for oid in oids:
                header = process.stdout.readline().split()
                if len(header) != 3:  # "<oid> missing"
                    continue
                size = int(header[2])
                found[oid] = process.stdout.read(min(size, cap))
                _discard(process.stdout, size - min(size, cap) + 1)  # the rest and the closing newline
                self._left()
        finally:
            process.kill()
            process.wait()
        return found


def _discard(stream, count: int) -> None:
    while count > 0:
        chunk = stream.read(min(count, 65536))
        if not chunk:
            return
        count -= len(chunk)
