"""Sending with retries: the one place that decides when to try again and how long to wait.

Timeouts, connection failures, cut or invalid bodies, 408 and 5xx are retried up
to `retries` times, waiting `delay` seconds doubled each time (with jitter, so
workers do not retry in lockstep). Rate limits are handled through the host's Gate
and do not use up those retries: a secondary limit has its own, more patient budget.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from harvester.check import ratelimit
from harvester.check.client import HttpClient, ProbeError, Reply, Request, TransientError
from harvester.check.forges import origin

T = TypeVar("T")
RETRY_STATUSES = frozenset({408, 500, 502, 503, 504})
PRIMARY_TRIES = 3  # waits for a reset per request, in case the server's clock disagrees with ours


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    retries: int = 3
    delay: float = 1.0  # seconds before the first retry; doubles with each one
    secondary_delay: float = 60.0  # GitHub: wait at least a minute on a secondary limit without retry-after
    secondary_tries: int = 5

    def backoff(self, attempt: int, floor: float = 0.0) -> float:
        return max(floor, self.delay * 2**attempt) * random.uniform(1.0, 1.25)

    def secondary_backoff(self, streak: int, retry_after: float | None) -> float:
        floor = self.secondary_delay if retry_after is None else retry_after
        return max(floor, self.delay) * 2 ** (streak - 1) * random.uniform(1.0, 1.5)


class GaveUp(ProbeError):
    """Every attempt failed; the message is the last failure."""

    def __init__(self, message: str, http_status: int | None) -> None:
        super().__init__(message)
        self.http_status = http_status


class Transport:
    """Sends requests for the probers: retries, backoff, rate limits, and a count per host."""

    def __init__(self, client: HttpClient, policy: RetryPolicy, stop: threading.Event, wait_for_reset: bool) -> None:
        self.client = client
        self.policy = policy
        self._stop = stop
        self._wait_for_reset = wait_for_reset
        self._lock = threading.Lock()
        self._gates: dict[tuple, ratelimit.Gate] = {}

    def gate(self, url: str) -> ratelimit.Gate:
        key = origin(url)
        with self._lock:
            if key not in self._gates:
                self._gates[key] = ratelimit.Gate(self._stop, self._wait_for_reset)
            return self._gates[key]

    def fetch(self, request: Request, interpret: Callable[[Reply], T]) -> T:
        """Send until `interpret` accepts an answer. interpret may raise TransientError (try again),
        PrimaryLimit/SecondaryLimit (a limit reported in the body) or ProbeError (give up)."""
        gate = self.gate(request.url)
        attempt = primary = secondary = 0
        while True:
            gate.wait_turn()
            status, floor = None, 0.0
            try:
                reply = self.client.send(request)
                status = reply.status
                gate.observe_headers(reply.headers)
                ratelimit.check(reply)
                if status in RETRY_STATUSES:
                    floor = ratelimit.retry_after(reply.headers) or 0.0
                    raise TransientError(f"HTTP {status}")
                result = interpret(reply)
            except ratelimit.PrimaryLimit as hit:
                primary += 1
                if primary > PRIMARY_TRIES:
                    raise GaveUp("rate limit exhausted", status) from None
                gate.primary(hit.reset)  # raises RateLimitReached unless waiting for the reset
                continue
            except ratelimit.SecondaryLimit as hit:
                secondary += 1
                if secondary > self.policy.secondary_tries:
                    raise GaveUp("secondary rate limit", status) from None
                gate.pause(self.policy.secondary_backoff(gate.secondary(), hit.retry_after))
                continue
            except TransientError as error:
                if attempt == self.policy.retries:
                    raise GaveUp(str(error), status) from None
            else:
                gate.succeeded()
                return result
            gate.sleep(self.policy.backoff(attempt, floor))
            attempt += 1
