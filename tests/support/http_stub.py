"""A tiny threaded HTTP server on 127.0.0.1 for stand-ins of web APIs: subclass and implement `route`.

    with MyStub(...) as stub:
        stub.url          # http://127.0.0.1:PORT
        stub.requests     # (path with query, headers) received, to assert what was sent
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from tests.support.loopback import LoopbackServer, QuietHandler

Reply = tuple[int, dict[str, str], bytes]


def json_reply(value, status: int = 200) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(value).encode()


class StubServer(LoopbackServer):
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        super().__init__()

    def route(self, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> Reply:
        raise NotImplementedError

    def _handler(self):
        stub = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                with stub._lock:
                    stub.requests.append((self.path, headers))
                parts = urlsplit(self.path)
                self.reply(*stub.route(parts.path, parse_qs(parts.query), headers))

        return Handler
