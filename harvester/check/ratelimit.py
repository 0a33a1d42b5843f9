"""Rate limits: read from every answer, and shared by all workers talking to one host.

Primary limit (GitHub): a 403/429 with x-ratelimit-remaining: 0, or a GraphQL
RATE_LIMITED error. Nothing will succeed before x-ratelimit-reset, so the run
either stops cleanly (results so far are kept) or, with --wait-for-reset, every
worker sleeps until then. Secondary limit: a 403/429 with retry-after or the
"secondary rate limit" message (and any 429 elsewhere): all workers on that host
pause together, since the limit is per user, not per request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from harvester.check.client import Reply, StopRun

MAX_RETRY_AFTER = 900.0  # seconds; a longer retry-after is treated as this
RESET_MARGIN = 1.0  # seconds past the announced reset before trying again


class Limited(Exception):
    """The host refused the request for rate reasons."""


class PrimaryLimit(Limited):
    def __init__(self, reset: float | None) -> None:
        super().__init__("rate limit exhausted")
        self.reset = reset  # epoch seconds


class SecondaryLimit(Limited):
    def __init__(self, retry_after: float | None) -> None:
        super().__init__("secondary rate limit")
        self.retry_after = retry_after


class RateLimitReached(StopRun):
    """The primary limit is exhausted and waiting was not asked for: the run stops here."""

    def __init__(self, reset: float | None) -> None:
        self.reset = reset
        super().__init__(f"GitHub API rate limit exhausted; {describe_reset(reset)}")


class Stopped(Exception):
    """The run is stopping (rate limit or interrupt); this request was not sent."""


def describe_reset(reset: float | None, now: float | None = None) -> str:
    if reset is None:
        return "the reset time was not given"
    minutes = max(0, round((reset - (now or time.time())) / 60))
    at = datetime.fromtimestamp(reset, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return f"it resets at {at} (in {minutes} min)"


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), capped."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    try:
        return int(headers.get(name, ""))
    except ValueError:
        return None


def check(reply: Reply) -> None:
    """Raise PrimaryLimit or SecondaryLimit when the reply is a rate-limit refusal."""
    if reply.status not in (403, 429):
        return
    if _int_header(reply.headers, "x-ratelimit-remaining") == 0:
        raise PrimaryLimit(_int_header(reply.headers, "x-ratelimit-reset"))
    wait = retry_after(reply.headers)
    if wait is not None or reply.status == 429 or b"secondary rate limit" in reply.body.lower():
        raise SecondaryLimit(wait)


class Gate:
    """What all workers on one host share: pauses, the run's stop signal, the last known quota."""

    def __init__(self, stop: threading.Event, wait_for_reset: bool) -> None:
        self._stop = stop
        self._wait_for_reset = wait_for_reset
        self._lock = threading.Lock()
        self._resume_at = 0.0  # time.monotonic() before which nobody sends
        self._streak = 0  # secondary limits in a row
        self.remaining: int | None = None
        self.reset: float | None = None

    def wait_turn(self) -> None:
        """Block while the host is paused; raise Stopped when the run stops."""
        while True:
            with self._lock:
                delay = self._resume_at - time.monotonic()
            if delay <= 0:
                break
            self.sleep(delay)
        if self._stop.is_set():
            raise Stopped()

    def sleep(self, seconds: float) -> None:
        """Sleep, waking early (with Stopped) when the run stops."""
        if self._stop.wait(seconds):
            raise Stopped()

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)

    def observe(self, remaining: int | None, reset: float | None) -> None:
        """Note a reported quota; answers arrive out of order, so within one window the lowest wins."""
        if remaining is None:
            return
        with self._lock:
            if self.remaining is None or reset is None or self.reset is None or reset > self.reset:
                self.remaining, self.reset = remaining, reset if reset is not None else self.reset
            elif reset == self.reset:
                self.remaining = min(self.remaining, remaining)

    def observe_headers(self, headers: Mapping[str, str]) -> None:
        self.observe(_int_header(headers, "x-ratelimit-remaining"), _int_header(headers, "x-ratelimit-reset"))

    def primary(self, reset: float | None) -> None:
        """The quota is spent: pause everyone until the reset, or stop the run."""
        self.observe(0, reset)
        if not self._wait_for_reset:
            self._stop.set()
            raise RateLimitReached(reset)
        wait = (reset - time.time()) if reset is not None else MAX_RETRY_AFTER
        self.pause(max(wait, 0.0) + RESET_MARGIN)

    def secondary(self) -> int:
        """Count one more secondary limit in a row; returns the streak (for exponential backoff)."""
        with self._lock:
            self._streak += 1
            return self._streak

    def succeeded(self) -> None:
        with self._lock:
            self._streak = 0
