"""Other forges (GitLab, Bitbucket, Gitee, Hugging Face, SourceForge): is the repository's page there?

A GET of the page (its body is not read), redirects followed within the host.
200: available; 404/410: missing; 401, or a redirect to a login page: missing
(private or missing, as the forge will not say which); 451: blocked; a redirect
to another repository's page: moved. These forges say nothing of archived or
empty repositories through their pages: such a repository is `available`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from harvester.check.client import REDIRECTS, Reply, Request
from harvester.check.probe import OneByOne, RepoTarget
from harvester.check.status import Outcome, Status, moved, same_name, unknown

LOGIN_PATH = re.compile(r"/(users/)?(sign_in|signin|login|log_in|account/signin)\b", re.IGNORECASE)
PAGE_HEADERS = {"Accept": "text/html,*/*;q=0.8"}
PRIVATE = "login required (private or missing)"


class SiteProbe(OneByOne):
    method = "http"

    def probe(self, target: RepoTarget) -> Outcome:
        url = self.endpoints.site_page(target.forge, target.owner, target.name)
        request = Request("GET", url, PAGE_HEADERS, read_limit=0)
        return self.transport.fetch(request, lambda reply: self._interpret(target, reply))

    def _interpret(self, target: RepoTarget, reply: Reply) -> Outcome:
        here = _state(reply)
        if not reply.redirected or not here.definite:
            return here
        if LOGIN_PATH.search(urlsplit(reply.url).path):  # before reading it as a repository: /users/sign_in
            return Outcome(Status.MISSING, PRIVATE, reply.status)
        where = self.endpoints.site_name(target.forge, reply.url, target.owner)
        if where is None:
            return unknown("redirected to a page that names no repository", reply.status)
        return here if same_name(target.owner, target.name, *where) else moved(*where, here)


def _state(reply: Reply) -> Outcome:
    status = reply.status
    if status == 200:
        return Outcome(Status.AVAILABLE, "page found", status)
    if status == 401:
        return Outcome(Status.MISSING, PRIVATE, status)
    if status in (404, 410):
        return Outcome(Status.MISSING, "not found" if status == 404 else "gone", status)
    if status == 451:
        return Outcome(Status.BLOCKED, "unavailable for legal reasons", status)
    if status in REDIRECTS:
        return unknown("redirected to another host", status)
    return unknown(f"unexpected HTTP {status}", status)
