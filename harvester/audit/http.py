"""HTTP for the audit, on the checker's transport (harvester/check): capped bodies, same-origin redirects
only, the token only on the API origin and never in a message, retries with backoff, GitHub's rate limits.

What the audit adds: only the configured origins are ever contacted (a URL elsewhere is refused
before sending), and a pause between two requests to the same origin (the archives ask for it).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from harvester.check.client import HttpClient, ProbeError, Reply, Request, StopRun, Token
from harvester.check.forges import origin
from harvester.check.ratelimit import Stopped
from harvester.check.retry import RetryPolicy, Transport

MAX_BODY = 32 << 20  # a recursive tree of a large repository is several MiB of JSON

# No answer this time: network failure, server errors after the retries, invalid body, a spent rate
# limit (which also stops the run's later requests). Nothing definite can be recorded from these.
NO_ANSWER = (ProbeError, StopRun, Stopped)


@dataclass
class Web:
    """GET on the configured origins only, paced, through the checker's retrying transport."""

    transport: Transport
    allowed: set[tuple[str, str, int]]
    delay: float = 0.0  # seconds between two requests to the same origin
    _last: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int = MAX_BODY, api: bool = False) -> Reply:
        """The answer, whatever its status once retries are done (404 is an answer); NO_ANSWER errors otherwise."""
        where = origin(url)
        if where not in self.allowed:
            raise ProbeError(f"{where[1]}: host not configured, not contacted")
        self._pause(where)
        return self.transport.fetch(Request("GET", url, headers or {}, read_limit=max_bytes, api=api), lambda reply: reply)

    def _pause(self, where: tuple) -> None:
        with self._lock:
            wait = self._last.get(where, float("-inf")) + self.delay - time.monotonic()
            self._last[where] = time.monotonic() + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)


def web(bases: list[str], *, api_url: str | None = None, token: str | None = None, delay: float = 0.0,
        retries: int = 3, backoff: float = 1.0, timeout: float = 30.0, wait_for_reset: bool = False) -> Web:
    """A Web for these base URLs; the token (if any) goes to `api_url`'s origin only."""
    client = HttpClient(timeout=timeout, api_url=api_url or bases[0], token=Token(token) if token else None)
    transport = Transport(client, RetryPolicy(retries=retries, delay=backoff), threading.Event(), wait_for_reset)
    return Web(transport, {origin(base) for base in bases}, delay)
