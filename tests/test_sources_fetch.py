"""Live sources against a real HTTP server on 127.0.0.1: cache, politeness, retries, API paging. No network."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from harvester import __version__
from harvester.records import PaperRecord, SourceProblem
from harvester.sources import Fetcher, SourceError, read_source
from harvester.sources.fetch import default_cache_dir

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait before answering (to provoke a read timeout)


@dataclass
class Seen:
    path: str
    at: float
    user_agent: str


class Arxiv:
    """A scripted server: each path answers its replies in order, the last one again and again."""

    def __init__(self) -> None:
        self.replies: dict[str, list[Reply]] = {}
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
                server.seen.append(Seen(self.path, time.monotonic(), self.headers.get("User-Agent", "")))
                queue = server.replies.get(self.path) or [Reply(404, b"not found")]
                reply = queue.pop(0) if len(queue) > 1 else queue[0]
                time.sleep(reply.stall)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # a client that timed out while the reply stalled, as a test meant it to

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, *replies: Reply) -> str:
        self.replies[path] = list(replies)
        return self.base + path


@pytest.fixture
def arxiv() -> Iterator[Arxiv]:
    server = Arxiv()
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def fetcher(tmp_path: Path) -> Fetcher:
    return Fetcher(tmp_path / "cache", delay=0.0, backoff=0.0, retries=2, timeout=(2.0, 2.0))


def ids(items: list) -> list[str]:
    assert all(isinstance(item, PaperRecord | SourceProblem) for item in items)
    return [item.arxiv_id for item in items if isinstance(item, PaperRecord)]


LISTING = (FIXTURES / "listing-cs.CV-new-2021-01-22.html").read_bytes()


def test_listing_url_is_fetched_detected_and_cached(arxiv, fetcher, tmp_path):
    url = arxiv.serve("/list/cs.CV/new", Reply(body=LISTING))
    first = list(read_source(url, fetcher=fetcher))
    assert ids(first) == ["2101.08779", "2101.08674", "2101.08524", "2101.08540", "2012.09841"]
    assert first[0].location == f"{url}:entry 1"
    assert ids(list(read_source(url, fetcher=fetcher))) == ids(first)
    rerun = Fetcher(tmp_path / "cache", delay=0.0)  # a new process, the same cache: arXiv is not asked again
    assert ids(list(read_source(url, fetcher=rerun))) == ids(first)
    assert [seen.path for seen in arxiv.seen] == ["/list/cs.CV/new"]
    stale = Fetcher(tmp_path / "cache", delay=0.0, cache_ttl=0)
    list(read_source(url, fetcher=stale))
    assert len(arxiv.seen) == 2


def test_user_agent_is_descriptive_and_configurable(arxiv, fetcher, tmp_path, monkeypatch):
    list(read_source(arxiv.serve("/abs/2101.08779", Reply(body=(FIXTURES / "abs-2101.08779v3.html").read_bytes())), fetcher=fetcher))
    assert arxiv.seen[0].user_agent.startswith(f"harvester/{__version__} (+https://") and "mailto:" in arxiv.seen[0].user_agent
    monkeypatch.setenv("HARVEST_USER_AGENT", "lab-bot/2 (mailto:lab@example.org)")
    monkeypatch.setenv("HARVEST_CACHE_DIR", str(tmp_path / "env-cache"))
    configured = Fetcher(delay=0.0)
    assert default_cache_dir() == tmp_path / "env-cache"
    list(read_source(arxiv.serve("/list/cs.CV/pastweek?show=25", Reply(body=LISTING)), fetcher=configured))
    assert arxiv.seen[1].user_agent == "lab-bot/2 (mailto:lab@example.org)"
    assert len(list((tmp_path / "env-cache").rglob("*"))) == 2  # sources/ and the one cached page


def test_politeness_delay_between_requests_to_one_host(arxiv, tmp_path):
    polite = Fetcher(tmp_path / "cache", delay=0.4, backoff=0.0)
    urls = [arxiv.serve(f"/list/cs.CV/new?day={day}", Reply(body=LISTING)) for day in range(3)]
    for url in urls:
        list(read_source(url, fetcher=polite))
    gaps = [later.at - earlier.at for earlier, later in zip(arxiv.seen, arxiv.seen[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.39


def test_retry_on_503_then_success(arxiv, fetcher):
    url = arxiv.serve("/list/cs.CV/new", Reply(503, b"busy"), Reply(body=LISTING))
    assert len(ids(list(read_source(url, fetcher=fetcher)))) == 5
    assert len(arxiv.seen) == 2


def test_retry_after_is_honoured(arxiv, fetcher):
    url = arxiv.serve("/list/cs.CV/new", Reply(429, b"slow down", {"Retry-After": "1"}), Reply(body=LISTING))
    list(read_source(url, fetcher=fetcher))
    assert arxiv.seen[1].at - arxiv.seen[0].at >= 0.95


def test_retry_on_timeout(arxiv, tmp_path):
    impatient = Fetcher(tmp_path / "cache", delay=0.0, backoff=0.0, timeout=(1.0, 0.3))
    url = arxiv.serve("/list/cs.CV/new", Reply(body=LISTING, stall=1.0), Reply(body=LISTING))
    assert len(ids(list(read_source(url, fetcher=impatient)))) == 5
    assert len(arxiv.seen) == 2


def test_retries_are_bounded(arxiv, fetcher):
    url = arxiv.serve("/list/cs.CV/new", Reply(503, b"busy"))
    with pytest.raises(SourceError, match=r"gave up after 3 attempts \(last: HTTP 503\)"):
        list(read_source(url, fetcher=fetcher))
    assert len(arxiv.seen) == 3


def test_client_errors_are_not_retried(arxiv, fetcher):
    with pytest.raises(SourceError, match=r"/abs/0000\.00000: HTTP 404"):
        list(read_source(arxiv.base + "/abs/0000.00000", fetcher=fetcher))
    assert len(arxiv.seen) == 1


@pytest.mark.parametrize("url", ["ftp://arxiv.org/list/cs.CV/new", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url, fetcher):
    with pytest.raises(SourceError, match="only http and https"):
        list(read_source(url, fetcher=fetcher))


def test_api_query_is_paged_until_total_results(arxiv, fetcher):
    query = "/api/query?search_query=cat:cs.CV&max_results=2"
    arxiv.serve(query, Reply(body=(FIXTURES / "api-query-page1.xml").read_bytes()))
    arxiv.serve("/api/query?search_query=cat:cs.CV&max_results=2&start=2", Reply(body=(FIXTURES / "api-query-page2.xml").read_bytes()))
    items = list(read_source(arxiv.base + query, fetcher=fetcher))
    assert ids(items) == ["2101.08779", "2101.08524", "hep-th/9901001"]
    assert [parse_qs(urlsplit(seen.path).query).get("start") for seen in arxiv.seen] == [None, ["2"]]
    assert items[2].location.endswith("&start=2:entry 1")


def test_api_query_stops_on_an_empty_page(arxiv, fetcher):
    page1 = (FIXTURES / "api-query-page1.xml").read_bytes()
    empty = page1[: page1.index(b"<entry>")] + b"</feed>\n"
    arxiv.serve("/api/query?id_list=&start=0&max_results=2", Reply(body=page1))
    arxiv.serve("/api/query?id_list=&start=2&max_results=2", Reply(body=empty))
    items = list(read_source(arxiv.base + "/api/query?id_list=&start=0&max_results=2", fetcher=fetcher))
    assert ids(items) == ["2101.08779", "2101.08524"]
    assert "empty page before totalResults (3); stopping" in items[-1].message


def test_api_query_page_that_fails_is_a_problem_after_the_first(arxiv, fetcher):
    arxiv.serve("/api/query?id_list=&max_results=2", Reply(body=(FIXTURES / "api-query-page1.xml").read_bytes()))
    arxiv.serve("/api/query?id_list=&max_results=2&start=2", Reply(500, b"oops"))
    items = list(read_source(arxiv.base + "/api/query?id_list=&max_results=2", fetcher=fetcher))
    assert ids(items) == ["2101.08779", "2101.08524"]
    assert items[-1].location.endswith("&start=2:entry 1")
    assert items[-1].message == "gave up after 3 attempts (last: HTTP 500); the rest of the query is skipped"
    with pytest.raises(SourceError, match="HTTP 404"):
        list(read_source(arxiv.base + "/api/query?id_list=nothing", fetcher=fetcher))
