"""The git smart-HTTP probe, no token needed: GET {web}/{owner}/{repo}.git/info/refs?service=git-upload-pack.

200 with a ref advertisement: available (or empty when it advertises no ref);
401/404/410: missing (GitHub asks for credentials rather than say a repository
does not exist); 451: blocked; a redirect within the host: moved, to the name the
redirect leads to. Git cannot see GitHub's archived flag: an archived repository
is `available` to this probe. Only the start of the advertisement is read: the
first ref line decides, and large repositories advertise megabytes of refs.
"""

from __future__ import annotations

from collections.abc import Iterator

from harvester import __version__
from harvester.check.client import REDIRECTS, Reply, Request, TransientError
from harvester.check.probe import OneByOne, RepoTarget
from harvester.check.status import Outcome, Status, moved, same_name, unknown

ADVERTISEMENT = "application/x-git-upload-pack-advertisement"
READ_LIMIT = 64 * 1024
ZERO_ID = b"0" * 40
# Protocol v0 on purpose (no Git-Protocol header): its info/refs lists refs; v2's lists only capabilities.
GIT_HEADERS = {"User-Agent": f"git/2 (harvester {__version__})", "Accept": "*/*"}


class GitProbe(OneByOne):
    method = "git"

    def probe(self, target: RepoTarget) -> Outcome:
        request = Request("GET", self.endpoints.git_refs(target.owner, target.name), GIT_HEADERS,
                          read_limit=READ_LIMIT)
        return self.transport.fetch(request, lambda reply: self._interpret(target, reply))

    def _interpret(self, target: RepoTarget, reply: Reply) -> Outcome:
        here = _state(reply)
        if not reply.redirected or not here.definite:
            return here
        where = self.endpoints.git_name(reply.url)
        if where is None:
            return unknown("redirected to a path that names no repository", reply.status)
        return here if same_name(target.owner, target.name, *where) else moved(*where, here)


def _state(reply: Reply) -> Outcome:
    status = reply.status
    if status == 200:
        if not reply.headers.get("Content-Type", "").startswith(ADVERTISEMENT):
            raise TransientError("not a git ref advertisement")
        if has_refs(reply.body):
            return Outcome(Status.AVAILABLE, "refs advertised", status)
        return Outcome(Status.EMPTY, "no refs advertised", status)
    if status in (401, 404, 410):
        return Outcome(Status.MISSING, f"not found (HTTP {status}: missing or private)", status)
    if status == 451:
        return Outcome(Status.BLOCKED, "unavailable for legal reasons", status)
    if status in REDIRECTS:
        return unknown("redirected to another host", status)
    return unknown(f"unexpected HTTP {status}", status)


def has_refs(body: bytes) -> bool:
    """Whether a smart-HTTP (v0) advertisement lists a ref; an empty repository lists only
    capabilities, under the zero id. Raises TransientError on a malformed or cut advertisement."""
    lines = pkt_lines(body)
    first = next(lines, None)
    if first is not None and first.startswith(b"# service="):
        if next(lines, b"") is not None:  # the service line is followed by a flush
            raise TransientError("malformed git ref advertisement")
        first = next(lines, None)
    return first is not None and not first.startswith(ZERO_ID)


def pkt_lines(body: bytes) -> Iterator[bytes | None]:
    """git pkt-lines: a 4-hex-digit length (itself included), then data; "0000" (None) is a flush."""
    at = 0
    while True:
        head = body[at:at + 4]
        if len(head) < 4:
            raise TransientError("cut-short git ref advertisement")
        try:
            size = int(head, 16)
        except ValueError:
            raise TransientError("malformed git ref advertisement") from None
        if size == 0:
            yield None
        elif size < 4 or at + size > len(body):
            raise TransientError("cut-short git ref advertisement")
        else:
            yield body[at + 4:at + size]
        at += max(size, 4)
