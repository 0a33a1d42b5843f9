"""URLs a paper may carry that must be recorded as links but never treated as forge repositories or fetched."""

from __future__ import annotations

# Cyrillic і (U+0456) and о (U+043E), Greek ο (U+03BF): github.com look-alikes.
HOMOGRAPHS = ("https://gіthub.com/octo/repo", "https://githսb.com/octo/repo", "https://github.cοm/octo/repo",
              "https://xn--gthub-n4a.com/octo/repo")


def hostile_urls(evil: str) -> list[str]:
    """`evil` is host:port of a local server standing for an attacker's host."""
    return [
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://localhost:22/",
        "http://127.0.0.1:9/octo/repo",
        f"http://{evil}/octo/repo",
        "https://github.com.evil.example/octo/repo",
        f"https://github.com@{evil}/octo/repo",
        "https://github.com@evil.example/x/y",
        f"https://user:pass@{evil}/github.com/octo/repo",
        f"https://{evil}/github.com/octo/repo",
        *HOMOGRAPHS,
    ]


NON_HTTP = ("file:///etc/passwd", "javascript:alert(1)")
