"""Local servers that count what reaches them: a GitHub stand-in that also counts the faults it injected,
an "evil" host that must never be contacted, and a server whose error pages echo the request headers."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.github_api import GitHubStandIn, Hit


class CountingStandIn(GitHubStandIn):
    """The check branch's stand-in, plus a count of injected faults (for the reliability figures)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.faults_injected = 0

    def _arrive(self, hit: Hit) -> str | None:
        fault = super()._arrive(hit)
        if fault:
            with self._lock:
                self.faults_injected += 1
        return fault


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, echo_headers: bool) -> None:
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.echo_headers = echo_headers
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _RecordingHandler)


class _RecordingHandler(BaseHTTPRequestHandler):
    server: _Recorder

    def log_message(self, *args) -> None:
        pass

    def _any(self) -> None:
        headers = dict(self.headers.items())
        with self.server.lock:
            self.server.requests.append((self.command, self.path, headers))
        # Echo everything we were sent, as a careless proxy's error page does: a client that shows or stores
        # error bodies would leak its Authorization header from here.
        body = json.dumps({"message": "boom", "request_headers": headers, "path": self.path}).encode() \
            if self.server.echo_headers else b"{}"
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = _any


class RecordingServer:
    """A local HTTP server answering 500 to everything and keeping every request it received.

        with RecordingServer() as evil:       # evil.url, evil.port, evil.requests
    """

    def __init__(self, echo_headers: bool = False) -> None:
        self._server = _Recorder(echo_headers)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        with self._server.lock:
            return list(self._server.requests)

    def __enter__(self) -> RecordingServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
