"""A stand-in for Software Heritage's origin API and the Wayback Machine's availability API.

    with ArchiveStub(swh={url: visit-or-None}, wayback={url: closest-or-None}, down={"swh"}) as stub:
        --swh-url stub.url --wayback-url stub.url

`swh`: origins Software Heritage knows, each with its latest visit ({"date", "snapshot"}) or None
(known, never visited with a snapshot). `wayback`: URLs with their closest snapshot. `down`: which
service answers 503 to everything ("swh", "wayback").
"""

from __future__ import annotations

import time

from tests.support.http_stub import Reply, StubServer, json_reply


class ArchiveStub(StubServer):
    def __init__(self, swh: dict[str, dict | None] | None = None, wayback: dict[str, dict] | None = None,
                 down: set[str] | None = None):
        super().__init__()
        self.swh = swh or {}
        self.wayback = wayback or {}
        self.down = down or set()
        self.times: list[float] = []

    def route(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        self.times.append(time.monotonic())
        if path.startswith("/api/1/origin/"):
            return self._swh(path[len("/api/1/origin/"):])
        if path == "/wayback/available":
            return self._wayback(query.get("url", [""])[0])
        return json_reply({"error": "not found"}, 404)

    def _swh(self, rest: str) -> Reply:
        if "swh" in self.down:
            return json_reply({"error": "unavailable"}, 503)
        for suffix in ("/get/", "/visit/latest/"):
            if rest.endswith(suffix):
                origin = rest[: -len(suffix)]
                if origin not in self.swh:
                    return json_reply({"exception": "NotFoundExc"}, 404)
                if suffix == "/get/":
                    return json_reply({"url": origin})
                visit = self.swh[origin]
                return json_reply(visit) if visit else json_reply({"exception": "NotFoundExc"}, 404)
        return json_reply({"exception": "NotFoundExc"}, 404)

    def _wayback(self, url: str) -> Reply:
        if "wayback" in self.down:
            return json_reply({"error": "unavailable"}, 503)
        closest = self.wayback.get(url)
        return json_reply({"url": url, "archived_snapshots": {"closest": closest} if closest else {}})
