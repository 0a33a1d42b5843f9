"""Ask the archives about a dead repository: Software Heritage and the Wayback Machine.

    GET {swh}/api/1/origin/{origin_url}/get/                                  200 archived, 404 not
    GET {swh}/api/1/origin/{origin_url}/visit/latest/?require_snapshot=true   date, snapshot
    GET {wayback}/wayback/available?url={origin_url}                          archived_snapshots.closest

An archive that could not be asked (network failure, server errors after retries) answers None,
never False: only a definite 404 / empty answer says "not archived".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote

from harvester.audit.http import NO_ANSWER, Web
from harvester.check.client import ProbeError

JSON = {"Accept": "application/json"}


@dataclass
class ArchiveAnswer:
    swh_archived: bool | None = None
    swh_last_visit: datetime | None = None
    swh_snapshot: str | None = None
    wayback_url: str | None = None
    wayback_timestamp: datetime | None = None
    wayback_answered: bool = False  # False: the Wayback Machine could not be asked
    problems: list[str] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        """At least one archive gave a definite answer, so the answer is worth recording."""
        return self.swh_archived is not None or self.wayback_answered

    @property
    def detail(self) -> str | None:
        return "; ".join(self.problems) or None


def ask_archives(web: Web, swh: str, wayback: str, origin_url: str) -> ArchiveAnswer:
    answer = ArchiveAnswer()
    try:
        _ask_swh(web, swh.rstrip("/"), origin_url, answer)
    except (*NO_ANSWER, ValueError) as error:  # ValueError: a body that is not the JSON expected
        answer.swh_archived = None
        answer.problems.append(f"Software Heritage: {error}")
    try:
        _ask_wayback(web, wayback.rstrip("/"), origin_url, answer)
    except (*NO_ANSWER, ValueError) as error:
        answer.wayback_answered = False
        answer.problems.append(f"Wayback Machine: {error}")
    return answer


def _ask_swh(web: Web, swh: str, origin_url: str, answer: ArchiveAnswer) -> None:
    # Software Heritage takes the origin URL as is inside the path
    base = f"{swh}/api/1/origin/{quote(origin_url, safe=':/')}"
    found = web.get(f"{base}/get/", JSON)
    if found.status == 404:
        answer.swh_archived = False
        return
    if found.status != 200:
        raise ProbeError(f"HTTP {found.status}")
    answer.swh_archived = True
    visit = web.get(f"{base}/visit/latest/?require_snapshot=true", JSON)
    if visit.status == 200:
        body = visit.json()
        answer.swh_snapshot = body.get("snapshot")
        answer.swh_last_visit = _iso(body.get("date"))
    elif visit.status != 404:
        answer.problems.append(f"Software Heritage visit: HTTP {visit.status}")


def _ask_wayback(web: Web, wayback: str, origin_url: str, answer: ArchiveAnswer) -> None:
    reply = web.get(f"{wayback}/wayback/available?url={quote(origin_url, safe='')}", JSON)
    if reply.status != 200:
        raise ProbeError(f"HTTP {reply.status}")
    closest = (reply.json().get("archived_snapshots") or {}).get("closest") or {}
    answer.wayback_answered = True
    if closest.get("available") and str(closest.get("status", "200")).startswith(("2", "3")):
        answer.wayback_url = closest.get("url")
        answer.wayback_timestamp = _wayback_time(closest.get("timestamp"))


def _iso(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc).replace(tzinfo=None)


def _wayback_time(value: str | None) -> datetime | None:
    try:
        return datetime.strptime(value or "", "%Y%m%d%H%M%S")
    except ValueError:
        return None
