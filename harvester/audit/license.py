"""A licence file's text -> its SPDX id, recognised by the text itself (never by the file's name).

Like GitHub's licence detection, a file counts only when it holds the licence's own text: a
one-line "Licensed under MIT" or a notice pointing elsewhere gives None. Each licence is known by
phrases that occur in its full text and in no other licence of the table; when a file holds
several licences (a main one with third-party notices appended), the one that starts first wins.
"""

from __future__ import annotations

import re

# (SPDX id, phrases that must all occur). Phrases are matched on lowercased text with runs of
# whitespace and markdown emphasis collapsed, so reflowed or rendered copies still match.
_LICENSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("AGPL-3.0", ("gnu affero general public license version 3, 19 november 2007",)),
    ("LGPL-3.0", ("gnu lesser general public license version 3, 29 june 2007",)),
    ("LGPL-2.1", ("gnu lesser general public license version 2.1, february 1999",)),
    ("LGPL-2.0", ("gnu library general public license version 2, june 1991",)),
    ("GPL-3.0", ("gnu general public license version 3, 29 june 2007",)),
    ("GPL-2.0", ("gnu general public license version 2, june 1991",)),
    ("Apache-2.0", ("apache license version 2.0", "terms and conditions for use, reproduction, and distribution")),
    ("MPL-2.0", ("mozilla public license", "version 2.0", "\"covered software\" means")),
    ("EPL-2.0", ("eclipse public license - v 2.0",)),
    ("EPL-1.0", ("eclipse public license - v 1.0",)),
    ("BSL-1.0", ("boost software license - version 1.0",)),
    ("CC-BY-NC-SA-4.0", ("attribution-noncommercial-sharealike 4.0 international",)),
    ("CC-BY-NC-ND-4.0", ("attribution-noncommercial-noderivatives 4.0 international",)),
    ("CC-BY-NC-4.0", ("attribution-noncommercial 4.0 international",)),
    ("CC-BY-SA-4.0", ("attribution-sharealike 4.0 international",)),
    ("CC-BY-ND-4.0", ("attribution-noderivatives 4.0 international",)),
    ("CC-BY-4.0", ("attribution 4.0 international", "creative commons")),
    ("CC0-1.0", ("cc0 1.0 universal",)),
    ("Unlicense", ("this is free and unencumbered software released into the public domain",)),
    ("WTFPL", ("do what the fuck you want to public license",)),
    ("BSD-4-Clause", ("redistribution and use in source and binary forms", "all advertising materials mentioning features")),
    ("BSD-3-Clause-Clear", ("redistribution and use in source and binary forms", "no express or implied licenses to any party's patent rights")),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "neither the name of")),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "may not be used to endorse or promote")),
    ("BSD-2-Clause", ("redistribution and use in source and binary forms", "this list of conditions and the following disclaimer")),
    ("MIT", ("permission is hereby granted, free of charge, to any person obtaining a copy",
             "the above copyright notice and this permission notice shall be included")),
    ("MIT-0", ("permission is hereby granted, free of charge, to any person obtaining a copy",)),
    ("ISC", ("permission to use, copy, modify, and", "distribute this software for any purpose with or without fee is hereby granted")),
    ("Zlib", ("this software is provided 'as-is', without any express or implied", "altered source versions must be plainly marked")),
)

_EMPHASIS = re.compile(r"[*_`#>]+")
_SPACE = re.compile(r"\s+")


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return _SPACE.sub(" ", _EMPHASIS.sub(" ", text.lower())).replace(" ,", ",")


def spdx_id(text: str | None) -> str | None:
    """The SPDX id of the licence whose full text `text` holds, or None when none is recognised."""
    if not text or not text.strip():
        return None
    body = _normalise(text)
    best: tuple[int, str] | None = None
    for spdx, phrases in _LICENSES:
        positions = [body.find(phrase) for phrase in phrases]
        if min(positions) < 0:
            continue
        start = min(positions)
        if best is None or start < best[0]:
            best = (start, spdx)
    return best[1] if best else None
