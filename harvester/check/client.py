"""HTTP for the probers: explicit timeouts, capped bodies, hand-followed redirects, a guarded token.

One requests.Session per worker thread (sessions are not thread-safe). Redirects are
followed by hand and only within the origin they start from, so a forge can never
send the checker elsewhere. The token is attached only to API requests whose URL is
on the configured API origin (checked again at every redirect hop), and it never
reaches an error message: failures are described in a few words, without URLs or headers.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import requests
from requests.structures import CaseInsensitiveDict

from harvester import __version__
from harvester.check.forges import origin

REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
MAX_BODY = 1 << 20  # 1 MiB: far more than any answer the probers read
USER_AGENT = f"harvester/{__version__} (repository availability check)"


class Token:
    """A secret that does not print: repr/str show a mask, only reveal() gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Token('***')"

    __str__ = __repr__


class ProbeError(Exception):
    """No usable answer (the message is short and never holds a URL, header or token)."""


class TransientError(ProbeError):
    """No usable answer this time (timeout, connection failure, cut or invalid body): worth retrying."""


class StopRun(Exception):
    """The whole run must stop (rate limit spent, token rejected); results so far are kept."""


class TokenRejected(StopRun):
    def __init__(self, status: int) -> None:
        super().__init__(f"the GitHub API rejected the token (HTTP {status}); check GITHUB_TOKEN or --token")


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    json: Any = None
    read_limit: int = MAX_BODY  # bytes of body to read; a longer body is cut (Reply.complete False)
    api: bool = False  # an API call: carries the token when on the API origin


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: CaseInsensitiveDict
    body: bytes
    url: str  # after the redirects that were followed
    complete: bool  # the whole body was read
    redirected: bool
    latency_ms: float

    def json(self) -> Any:
        """The body as JSON; an invalid body is transient (proxies and overloaded servers send those)."""
        if not self.complete:
            raise ProbeError("response body larger than the size cap")
        try:
            return json.loads(self.body)
        except ValueError:
            raise TransientError("invalid JSON body") from None


class HttpClient:
    def __init__(self, *, timeout: float, api_url: str, token: Token | None = None) -> None:
        self.timeout = timeout
        self._api_origin = origin(api_url)
        self._token = token
        self._local = threading.local()
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()  # "host:port" -> HTTP requests sent, redirects included

    def __repr__(self) -> str:
        return f"HttpClient(timeout={self.timeout}, api_origin={self._api_origin}, token={self._token!r})"

    def send(self, request: Request) -> Reply:
        """One request, following same-origin redirects; raises TransientError when no answer came."""
        started = time.perf_counter()
        url, hops = request.url, 0
        while True:
            response = self._send_once(request, url)
            target = self._redirect_target(url, response)
            if target is None or hops == MAX_REDIRECTS:
                body, complete = _read(response, request.read_limit)
                latency = (time.perf_counter() - started) * 1000
                return Reply(response.status_code, response.headers, body, url, complete, hops > 0, latency)
            response.close()
            url, hops = target, hops + 1

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
        return session

    def _send_once(self, request: Request, url: str) -> requests.Response:
        _, host, port = where = origin(url)
        with self._lock:
            self.requests[f"{host}:{port}"] += 1
        headers = dict(request.headers)
        if request.api and self._token is not None and where == self._api_origin:
            headers["Authorization"] = f"Bearer {self._token.reveal()}"
        try:
            return self._session().request(request.method, url, headers=headers, json=request.json,
                                           timeout=self.timeout, allow_redirects=False, stream=True)
        except requests.Timeout:
            failure = f"timeout after {self.timeout:g}s"
        except requests.ConnectionError:
            failure = "connection failed"
        except requests.RequestException as error:
            failure = f"request failed ({type(error).__name__})"
        # raised outside the handler: the requests exception (which holds the headers) is not chained
        raise TransientError(failure)

    @staticmethod
    def _redirect_target(url: str, response: requests.Response) -> str | None:
        location = response.headers.get("Location")
        if response.status_code not in REDIRECTS or not location:
            return None
        target = urljoin(url, location)
        return target if origin(target) == origin(url) else None


def _read(response: requests.Response, limit: int) -> tuple[bytes, bool]:
    """Up to `limit` bytes of the body, and whether that was all of it."""
    chunks: list[bytes] = []
    size = 0
    failure = None
    try:
        for chunk in response.iter_content(chunk_size=16384):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                return b"".join(chunks)[:limit], False
    except requests.RequestException as error:
        failure = f"response cut short ({type(error).__name__})"
    finally:
        response.close()
    if failure:
        raise TransientError(failure)
    return b"".join(chunks), True
