"""Fetching http(s) sources: an on-disk cache, a pause between requests to one host, bounded retries.

arXiv asks robots for at most one request every 3 seconds and a User-Agent saying who
they are; a re-run is served from the cache and does not ask arXiv again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import requests

from harvester import __version__
from harvester.sources.common import SourceError

DEFAULT_USER_AGENT = f"harvester/{__version__} (+https://github.com/harvester-project/harvester; mailto:harvester@example.org)"
DEFAULT_CACHE_TTL = 12 * 3600  # arXiv announces once a day: a day's /new page is stable for hours
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_TRANSIENT_ERRORS = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
_MAX_PAUSE = 300.0  # the longest Retry-After honoured, in seconds


class _Retryable(Exception):
    """A response worth asking again for (429, 5xx), with the pause the server asked for."""

    def __init__(self, status: int, retry_after: str | None) -> None:
        super().__init__(f"HTTP {status}")
        self.retry_after = float(retry_after) if retry_after and retry_after.isdigit() else 0.0


def default_cache_dir() -> Path:
    return Path(os.environ.get("HARVEST_CACHE_DIR") or Path.home() / ".cache" / "harvester")


class Fetcher:
    """GETs URLs into cache files. One Fetcher per process keeps the per-host pause honest."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        user_agent: str | None = None,
        delay: float = 3.0,
        retries: int = 4,
        backoff: float = 2.0,
        timeout: tuple[float, float] = (10.0, 60.0),
        cache_ttl: float = DEFAULT_CACHE_TTL,
    ) -> None:
        self.cache_dir = (cache_dir or default_cache_dir()) / "sources"
        self.delay = delay  # seconds between two requests to one host
        self.retries = retries  # further attempts after the first
        self.backoff = backoff  # first retry pause, doubled on each retry
        self.timeout = timeout  # (connect, read) seconds
        self.cache_ttl = cache_ttl
        self._session = requests.Session()
        self._session.headers["User-Agent"] = user_agent or os.environ.get("HARVEST_USER_AGENT") or DEFAULT_USER_AGENT
        self._last_request: dict[str, float] = {}

    def fetch(self, url: str) -> Path:
        """The cache file holding the body of url, fetched unless cached within cache_ttl."""
        path = self.cache_dir / hashlib.sha256(url.encode()).hexdigest()
        try:
            if time.time() - path.stat().st_mtime < self.cache_ttl:
                return path
        except OSError:  # not cached (or unreadable): fetch it
            pass
        self._download(url, path)
        return path

    def _download(self, url: str, path: Path) -> None:
        failure: Exception | None = None
        for attempt in range(self.retries + 1):
            if failure is not None:
                time.sleep(self._retry_pause(attempt, failure))
            self._wait_turn(url)
            try:
                with self._session.get(url, timeout=self.timeout, stream=True) as response:
                    if response.status_code in _RETRY_STATUSES:
                        raise _Retryable(response.status_code, response.headers.get("Retry-After"))
                    if response.status_code != 200:
                        raise SourceError(f"{url}: HTTP {response.status_code}")
                    self._store(response, path)
                    return
            except (_Retryable, *_TRANSIENT_ERRORS) as error:
                failure = error
            except requests.RequestException as error:  # a bad URL, a redirect loop: asking again will not help
                raise SourceError(f"{url}: {type(error).__name__}: {error}") from error
            except OSError as error:  # the cache cannot be written
                raise SourceError(f"{url}: cannot write the cache {path.parent}: {error}") from error
            finally:
                self._last_request[urlsplit(url).netloc] = time.monotonic()
        raise SourceError(f"{url}: gave up after {self.retries + 1} attempts (last: {_describe(failure)})")

    def _wait_turn(self, url: str) -> None:
        """Sleeps until `delay` has passed since the last request to this host ended."""
        last = self._last_request.get(urlsplit(url).netloc)
        if last is not None and (wait := last + self.delay - time.monotonic()) > 0:
            time.sleep(wait)

    def _retry_pause(self, attempt: int, failure: Exception) -> float:
        """Exponential backoff, or the server's Retry-After when it asks for longer (within reason)."""
        pause = self.backoff * 2 ** (attempt - 1)
        asked = failure.retry_after if isinstance(failure, _Retryable) else 0.0
        return min(max(pause, asked), _MAX_PAUSE)

    def _store(self, response: requests.Response, path: Path) -> None:
        """Writes the body next to its cache file, then renames: a cut-off download never looks cached."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as part:
            try:
                for chunk in response.iter_content(chunk_size=256 * 1024):
                    part.write(chunk)
            except BaseException:
                os.unlink(part.name)
                raise
        os.replace(part.name, path)


@cache
def default_fetcher() -> Fetcher:
    """The process-wide fetcher, configured from the environment at first use."""
    return Fetcher()


def _describe(error: Exception | None) -> str:
    return str(error) if isinstance(error, _Retryable) else type(error).__name__
