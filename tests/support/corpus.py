"""Generated inputs big enough that a SIGKILL lands mid-run: digests of thousands of entries with links.

Deterministic for a given seed, so a crashed run and its uninterrupted twin read the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

_WORDS = ("model", "network", "dataset", "benchmark", "training", "image", "video", "graph", "robust",
          "learning", "semantic", "depth", "tracking", "attention", "sparse", "latent", "diffusion")
_HOSTS = ("https://github.com/{o}/{n}", "https://gitlab.com/{o}/{n}", "https://{o}.github.io/{n}/",
          "http://www.example.org/{o}/{n}.html", "https://github.com/{o}/{n}/tree/main/src")


def _sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."


def digest_entry(number: int, arxiv_id: str, title: str, abstract: str) -> str:
    """One digest entry in the format harvester.sources.digest reads."""
    return f"### {number}.{title}  [ :arrow_down: ](https://arxiv.org/pdf/{arxiv_id}.pdf)\n>  {abstract}\n"


def generated_abstract(rng: random.Random, links: int) -> str:
    """A few sentences with `links` URLs; some released, some promised, owners shared across papers."""
    parts = [_sentence(rng)]
    for _ in range(links):
        url = rng.choice(_HOSTS).format(o=f"owner{rng.randrange(300)}", n=f"repo{rng.randrange(50)}")
        lead = rng.choice(("Code is available at", "The code will be released at", "See"))
        parts.append(f"{lead} {url} .")
    parts.append(_sentence(rng))
    return " ".join(parts)


def write_digest(path: Path, entries: int, seed: int = 0, first_id: int = 0, links: int = 3,
                 version: int | None = None) -> Path:
    """A digest of `entries` papers (ids 2101.{first_id:05d}...), each with up to `links` links."""
    suffix = f"v{version}" if version else ""
    chunks = ["# ArXiv cs.CV --Fri, 22 Jan 2021\n"]
    for i in range(entries):
        # Seeded per paper: the same id and seed give the same entry whatever range it is generated in.
        rng = random.Random(f"{seed}:{first_id + i}")
        arxiv_id = f"2101.{first_id + i:05d}{suffix}"
        title = f"Paper {first_id + i}: " + _sentence(rng, 5)
        chunks.append(digest_entry(i + 1, arxiv_id, title, generated_abstract(rng, rng.randrange(links + 1))))
    path.write_text("".join(chunks), encoding="utf-8")
    return path
