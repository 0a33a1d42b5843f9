"""HTTP for the audit: only configured hosts, a delay between requests, retries with backoff, capped bodies.

The token is sent to one origin only (the GitHub API's) and never written into an error message:
messages name the method, the URL (which never holds it) and the status.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from harvester import __version__

RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120.0  # seconds: a longer wait is left to the next run


class TransientError(Exception):
    """No definite answer: network failure, timeout, rate limit or server error after all retries."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes  # at most max_bytes
    truncated: bool = False

    def json(self):
        return json.loads(self.body)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class Client:
    """A polite HTTP client restricted to `allowed` origins."""

    allowed: Iterable[str]
    token: str | None = None
    token_origin: str | None = None  # the only origin that ever sees the token
    delay: float = 0.0  # seconds between two requests to the same origin
    retries: int = 3
    backoff: float = 1.0  # first retry wait; doubles each time
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session = field(default_factory=requests.Session)
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.allowed = {origin(u) for u in self.allowed}
        self.session.headers["User-Agent"] = f"harvester/{__version__} (reproducibility audit)"

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int = 32 << 20) -> Response:
        """GET with retries; redirects are followed only within the allowed origins."""
        for _hop in range(5):
            response = self._with_retries(url, headers or {}, max_bytes)
            if response.status not in (301, 302, 303, 307, 308) or "location" not in response.headers:
                return response
            url = urljoin(url, response.headers["location"])
        raise TransientError(f"GET {url}: too many redirects")

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        where = origin(url)
        if where not in self.allowed:
            raise TransientError(f"GET {url}: host not configured, not contacted")
        wait = self.backoff
        for attempt in range(self.retries + 1):
            self._pause(where)
            try:
                response = self._once(url, headers, max_bytes, where)
            except requests.RequestException as error:
                problem = f"GET {url}: {type(error).__name__}"
            else:
                if response.status not in RETRY_STATUSES and not _rate_limited(response):
                    return response
                problem = f"GET {url}: HTTP {response.status}"
                wait = max(wait, _retry_after(response))
            if attempt == self.retries or wait > MAX_RETRY_AFTER:
                break
            self.sleep(wait)
            wait *= 2
        raise TransientError(problem)

    def _once(self, url: str, headers: dict[str, str], max_bytes: int, where: str) -> Response:
        sent = dict(headers)
        if self.token and where == self.token_origin:
            sent["Authorization"] = f"Bearer {self.token}"
        with self.session.get(url, headers=sent, timeout=self.timeout, stream=True, allow_redirects=False) as reply:
            body, truncated = _read_capped(reply, max_bytes)
            return Response(reply.status_code, {k.lower(): v for k, v in reply.headers.items()}, body, truncated)

    def _pause(self, where: str) -> None:
        with self._lock:
            since = time.monotonic() - self._last.get(where, float("-inf"))
            if since < self.delay:
                self.sleep(self.delay - since)
            self._last[where] = time.monotonic()


def _read_capped(reply: requests.Response, max_bytes: int) -> tuple[bytes, bool]:
    chunks, size = [], 0
    for chunk in reply.iter_content(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size >= max_bytes:
            return b"".join(chunks)[:max_bytes], True
    return b"".join(chunks), False


def _rate_limited(response: Response) -> bool:
    """GitHub's rate limit answers 403/429 with no requests remaining."""
    return response.status in (403, 429) and response.headers.get("x-ratelimit-remaining") == "0"


def _retry_after(response: Response) -> float:
    value = response.headers.get("retry-after")
    if value and value.isdigit():
        return float(value)
    reset = response.headers.get("x-ratelimit-reset")
    if reset and reset.isdigit():
        return max(0.0, float(reset) - time.time())
    return 0.0
