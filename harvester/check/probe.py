"""What every prober shares: the repository it is asked about, what it answers, and its interface."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from harvester.check.client import ProbeError
from harvester.check.forges import Endpoints, UnsafeName
from harvester.check.retry import Transport
from harvester.check.status import Outcome, unknown


@dataclass(frozen=True, slots=True)
class RepoTarget:
    """A catalog repository to check, with what the catalog holds about it now."""

    id: int
    forge: str
    owner: str
    name: str
    status: str | None = None
    detail: str | None = None
    etag: str | None = None


@dataclass(frozen=True, slots=True)
class Checked:
    target: RepoTarget
    outcome: Outcome
    method: str
    latency_ms: float  # until the answer, retries included


class Prober(Protocol):
    method: str  # recorded in repo_checks.method
    batch_size: int  # repositories per call of check()

    def check(self, targets: Sequence[RepoTarget]) -> list[Checked]: ...


def failure(error: Exception) -> Outcome:
    """No answer: unknown, with why (and the last HTTP status when there was one)."""
    return unknown(str(error), getattr(error, "http_status", None))


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


class OneByOne:
    """Base of the probers that ask about one repository per request."""

    method = ""
    batch_size = 1

    def __init__(self, transport: Transport, endpoints: Endpoints) -> None:
        self.transport = transport
        self.endpoints = endpoints

    def check(self, targets: Sequence[RepoTarget]) -> list[Checked]:
        return [self._check_one(target) for target in targets]

    def probe(self, target: RepoTarget) -> Outcome:
        raise NotImplementedError

    def _check_one(self, target: RepoTarget) -> Checked:
        started = time.perf_counter()
        try:
            outcome = self.probe(target)
        except (ProbeError, UnsafeName) as error:
            outcome = failure(error)
        return Checked(target, outcome, self.method, elapsed_ms(started))
