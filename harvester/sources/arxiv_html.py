"""What the two arXiv HTML readers share: parsing a page and reading its labelled fields.

Abstracts and comments keep the page's inline HTML (anchors, <br>), as the digest does:
arXiv shows links as 'this https URL' and only the href holds the address.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from harvester.sources.common import Input, collapse

_CATEGORY_CODE = re.compile(r"\(([a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?)\)")
_PAGE_END = re.compile(r"</html\s*>", re.I)


def parse_page(source: Input) -> BeautifulSoup:
    """The whole page, parsed; notes a page that stops before </html> (a cut-off download or save)."""
    lines = [text for _, text in source.text_lines()]
    document = "".join(lines)
    if not _PAGE_END.search(document, max(0, len(document) - 4096)):
        source.note(len(lines), "page ends before </html> (truncated?); its last entry may be incomplete")
    with warnings.catch_warnings():
        # Old saved pages can be XHTML with an <?xml?> prolog: the HTML parser is still the right one.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(document, "lxml")


def _without_descriptor(tag: Tag) -> Tag:
    """The tag minus its 'Title:'/'Authors:'/... label span (taken out of the page for good)."""
    if (label := tag.find("span", class_="descriptor")) is not None:
        label.extract()
    return tag


def field_text(tag: Tag | None) -> str:
    """A labelled field as plain text on one line ('' when absent)."""
    return collapse(_without_descriptor(tag).get_text()) if tag is not None else ""


def field_html(tag: Tag | None) -> str:
    """A labelled field's inner HTML, anchors kept ('' when absent)."""
    return _without_descriptor(tag).decode_contents().strip() if tag is not None else ""


def subject_codes(tag: Tag | None) -> list[str]:
    """'Computer Vision (cs.CV); Graphics (cs.GR)' -> ['cs.CV', 'cs.GR'], the primary subject first."""
    if tag is None:
        return []
    primary = tag.find(class_="primary-subject")
    codes = _CATEGORY_CODE.findall(primary.get_text()) if primary is not None else []
    codes += _CATEGORY_CODE.findall(tag.get_text())
    return list(dict.fromkeys(codes))


def author_names(tag: Tag | None) -> list[str]:
    """The names in an authors field: its links' texts, or its comma-separated text."""
    if tag is None:
        return []
    names = [collapse(link.get_text()) for link in tag.find_all("a")]
    if not names:
        names = [collapse(part) for part in field_text(tag).split(",")]
    return [name for name in names if name]
