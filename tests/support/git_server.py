"""A real git smart-HTTP server for tests: `git http-backend` (CGI) behind a threaded HTTP server on 127.0.0.1.

    with GitServer(root) as server:       # root holds bare repositories OWNER/NAME.git
        server.url                        # http://127.0.0.1:PORT
        server.requests                   # paths received, to assert what was contacted

Redirects (moved repositories) and forced statuses can be configured per path prefix.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from tests.support.loopback import LoopbackServer, QuietHandler

GIT_BACKEND = subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True).stdout.strip() + "/git-http-backend"


def make_bare_repo(root: Path, owner: str, name: str, files: dict[str, bytes | str] | None = None,
                   date: str = "2021-01-20T12:00:00+00:00", gitlinks: Iterable[str] = ()) -> Path:
    """Create root/owner/name.git holding one commit of `files` (no commit at all when files is None).

    `gitlinks` become submodule entries (mode 160000) pointing at a commit that is not there, as in a
    clone of a repository whose submodules were not fetched.
    """
    bare = root / owner / f"{name}.git"
    bare.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    subprocess.run(["git", "-C", str(bare), "config", "uploadpack.allowFilter", "true"], check=True)
    subprocess.run(["git", "-C", str(bare), "config", "uploadpack.allowAnySHA1InWant", "true"], check=True)
    if files is None:
        return bare
    work = root / ".work" / owner / name
    work.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    git = ["git", "-C", str(work)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    for path in gitlinks:
        subprocess.run([*git, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{path}"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "snapshot"], check=True, env=env)
    subprocess.run([*git, "push", "-q", str(bare), "main"], check=True, env=env)
    return bare


class GitServer(LoopbackServer):
    """Serves every bare repository under `root` over smart HTTP, like https://github.com/OWNER/NAME.git."""

    def __init__(self, root: Path, redirects: dict[str, str] | None = None, statuses: dict[str, int] | None = None):
        self.root = Path(root)
        self.redirects = dict(redirects or {})  # "/old/name" -> "/new/name"
        self.statuses = dict(statuses or {})  # "/owner/name" -> forced HTTP status
        self.requests: list[str] = []
        super().__init__()

    def _handler(self):
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def _serve(self) -> None:
                with server._lock:
                    server.requests.append(self.path)
                path, _, query = self.path.partition("?")
                for prefix, status in server.statuses.items():
                    if path.startswith(prefix + ".git/") or path.startswith(prefix + "/") or path == prefix:
                        return self.reply(status, {}, b"")
                for old, new in server.redirects.items():
                    if path.startswith(old + ".git/") or path.startswith(old + "/") or path == old:
                        target = new + path[len(old):] + (f"?{query}" if query else "")
                        return self.reply(301, {"Location": target}, b"")
                self._cgi(path, query)

            def _cgi(self, path: str, query: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                env = {
                    "PATH": os.environ.get("PATH", ""),
                    "GIT_PROJECT_ROOT": str(server.root),
                    "GIT_HTTP_EXPORT_ALL": "1",
                    "REQUEST_METHOD": self.command,
                    "PATH_INFO": path,
                    "QUERY_STRING": query,
                    "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                    "CONTENT_LENGTH": str(len(body)),
                    "REMOTE_ADDR": "127.0.0.1",
                    "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
                    "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                }
                done = subprocess.run([GIT_BACKEND], input=body, capture_output=True, env=env)
                head, _, payload = done.stdout.partition(b"\r\n\r\n")
                status, headers = 200, {}
                for line in head.decode("latin-1").split("\r\n"):
                    key, _, value = line.partition(":")
                    if key.lower() == "status":
                        status = int(value.strip().split()[0])
                    elif key:
                        headers[key.strip()] = value.strip()
                self.reply(status, headers, payload)

        return Handler
