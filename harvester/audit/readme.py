"""A README as the scorer reads it: blocks under headings, links, commands, tables. Pure, no I/O.

Markdown, reStructuredText and plain text are all read the same loose way: what matters is which
words sit near which links and commands, not rendering. HTML comments are dropped first (authors
park stale instructions and data dumps in them).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+|~+|\^+)\s*$")  # markdown and reStructuredText underlines
_HTML_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.I | re.S)
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HREF = re.compile(r"""<a\b[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.I | re.S)
_BARE_URL = re.compile(r"(?<![(\"'=<])\bhttps?://[^\s)\]>\"'<]+")
_RST_LINK = re.compile(r"`([^`<]*)<(https?://[^>]+)>`_")
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Block:
    """A paragraph, list, table or code block, with the headings above it (outermost first)."""

    kind: str  # text | code
    lines: list[str]
    line_no: int  # 1-based, in the README without comments
    headings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass
class Readme:
    text: str
    blocks: list[Block] = field(default_factory=list)

    def previous(self, block: Block) -> Block | None:
        """The block before `block` under the same headings, if any."""
        index = self.blocks.index(block)
        if index and self.blocks[index - 1].headings == block.headings:
            return self.blocks[index - 1]
        return None


def parse(text: str) -> Readme:
    """Split a README into blocks, each knowing its headings."""
    clean = _COMMENT.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    readme = Readme(clean)
    headings: list[tuple[int, str]] = []
    current: Block | None = None
    fence: str | None = None
    lines = clean.split("\n")
    for number, line in enumerate(lines, 1):
        if fence is not None:
            if line.strip().startswith(fence):
                fence, current = None, None
            else:
                current.lines.append(line)
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            current = Block("code", [], number + 1, _titles(headings))
            readme.blocks.append(current)
            continue
        heading = _heading(line, current)
        if heading is not None:
            level, title = heading
            if current is not None and _SETEXT.match(line):
                readme.blocks.remove(current)  # the underlined line was the heading, not a paragraph
            headings = [h for h in headings if h[0] < level] + [(level, title)]
            current = None
            continue
        if not line.strip():
            current = None
            continue
        kind = "code" if line.startswith(("    ", "\t")) and (current is None or current.kind == "code") else "text"
        if current is None or current.kind != kind:
            current = Block(kind, [], number, _titles(headings))
            readme.blocks.append(current)
        current.lines.append(line)
    return readme


def _titles(headings: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(title for _, title in headings)


def _heading(line: str, current: Block | None) -> tuple[int, str] | None:
    atx = _ATX.match(line)
    if atx:
        return len(atx.group(1)), plain(atx.group(2))
    html_heading = _HTML_HEADING.search(line)
    if html_heading and line.strip().startswith("<h"):
        return 2, plain(html_heading.group(1))
    underline = _SETEXT.match(line)
    if underline and current is not None and current.kind == "text" and len(current.lines) == 1:
        return (1 if underline.group(1).startswith("=") else 2), plain(current.lines[0])
    return None


def plain(text: str) -> str:
    """Markup stripped: links keep their label, tags and emphasis go, entities decoded."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub(" ", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(html.unescape(text).split())


def links(text: str) -> list[Link]:
    """Every link in a piece of README: markdown, HTML, reStructuredText and bare URLs."""
    found = [Link(m.group(2), plain(m.group(1))) for m in _MD_LINK.finditer(text)]
    found += [Link(html.unescape(m.group(1)), plain(m.group(2))) for m in _HREF.finditer(text)]
    found += [Link(m.group(2), m.group(1).strip()) for m in _RST_LINK.finditer(text)]
    seen = {link.url for link in found}
    found += [Link(url.rstrip(".,;:"), "") for url in _BARE_URL.findall(text) if url.rstrip(".,;:") not in seen]
    return found


# A command line: optional prompt and environment assignments, then a program that runs something.
_PROMPT = re.compile(r"^\s*(?:[$>%#]\s+|\w*@[\w\-]+[:~\w/]*[$#]\s+)?")
_ENV_ASSIGN = re.compile(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)+")
_RUNNERS = re.compile(
    r"^(?:python[\d.]*|py|bash|sh|zsh|source|\.|torchrun|accelerate\s+launch|deepspeed|srun|sbatch|mpirun|"
    r"horovodrun|julia|Rscript|matlab|octave|th|lua|jupyter|make|\./\S+)(?:\s|$)"
)
# In a code block a bare script path runs it too ("scripts/train.sh 0"); in running prose it only names a file.
_BARE_SCRIPT = re.compile(r"^[\w\-./]+\.(?:py|sh|m|jl|lua)(?:\s|$)")


def command_lines(readme: Readme) -> list[tuple[Block, str]]:
    """Lines that run a program: in code blocks, or whole inline code spans (`python x.py`)."""
    found: list[tuple[Block, str]] = []
    for block in readme.blocks:
        in_code = block.kind == "code"
        for line in block.lines if in_code else _INLINE_CODE.findall(block.text):
            command = _ENV_ASSIGN.sub("", _PROMPT.sub("", line, count=1).strip())
            if _RUNNERS.match(command) or (in_code and _BARE_SCRIPT.match(command)):
                found.append((block, command))
    return found


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]  # cells as plain text
    line: str  # the table's first line, for evidence
    headings: tuple[str, ...]


_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{1,}:?\s*)+\|?\s*$")
_HTML_TABLE = re.compile(r"<table\b.*?</table>", re.I | re.S)
_HTML_ROW = re.compile(r"<tr\b.*?(?=<tr\b|</table>)", re.I | re.S)
_HTML_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)(?=<t[hd]\b|</tr>|<tr\b|$)", re.I | re.S)
_ALIGNED_SPLIT = re.compile(r"\s{2,}|\t|\s*\|\s*")


_NUMBER = re.compile(r"^[~<>≈±(]*\s*[-+]?\d+(?:[.,]\d+)?\s*%?\s*(?:±\s*\d+(?:\.\d+)?)?\)?\*?$")
_DECIMAL = re.compile(r"^[~<>≈±(]*\s*[-+]?\d*\.\d+\s*%?\s*(?:±\s*\d+(?:\.\d+)?)?\)?\*?$")
_METRIC = re.compile(
    r"\b(acc(uracy)?|top-?[1-5]|m?ap(@?[\d.:]+)?|ap\d+|ar\d*|recall|r@\d+|precision|f1|f-?score|m?iou|psnr|ssim|"
    r"lpips|fid|kid|bleu|rouge[\w-]*|cider|meteor|epe|rmse|mae|mse|auc|pq|error|err|success|wer|cer|ndcg|mrr|"
    r"hit(s|@\d+)?|dice|hd95|chamfer|abs ?rel|delta|perplexity|ppl|reward|return)\b|%",
    re.I,
)


def tables(readme: Readme) -> list[Table]:
    """Markdown pipe tables, HTML tables and aligned plain-text blocks of the README."""
    found: list[Table] = []
    for block in readme.blocks:
        if block.kind == "text":
            found += _markdown_tables(block)
        else:
            aligned = _aligned_table(block)
            if aligned:
                found.append(aligned)
    for match in _HTML_TABLE.finditer(readme.text):
        rows = [[plain(cell) for cell in _HTML_CELL.findall(row)] for row in _HTML_ROW.findall(match.group(0))]
        header = [plain(cell) for cell in _HTML_CELL.findall(match.group(0).split("<tr", 1)[0])]
        line_no = readme.text.count("\n", 0, match.start()) + 1
        block = next((b for b in reversed(readme.blocks) if b.line_no <= line_no), None)
        found.append(Table([header] + rows if header else rows, match.group(0).split("\n", 1)[0][:200],
                           block.headings if block else ()))
    return found


def _markdown_tables(block: Block) -> list[Table]:
    found = []
    lines = block.lines
    for i in range(1, len(lines)):
        if _MD_SEPARATOR.match(lines[i]) and "|" in lines[i - 1]:
            body = [lines[i - 1]] + [line for line in lines[i + 1:] if "|" in line]
            rows = [[plain(cell) for cell in line.strip().strip("|").split("|")] for line in body]
            found.append(Table(rows, lines[i - 1].strip(), block.headings))
    return found


def _aligned_table(block: Block) -> Table | None:
    """Columns of numbers aligned with spaces in a code block (console output pasted as a table)."""
    rows = [[c for c in _ALIGNED_SPLIT.split(line.strip()) if c] for line in block.lines if line.strip()]
    numeric_rows = [r for r in rows if len(r) >= 3 and sum(bool(_DECIMAL.match(c)) for c in r) >= 2
                    and not any(c.startswith("-") and not _NUMBER.match(c) for c in r)]
    if len(numeric_rows) < 2 or command_lines(Readme("", [block])):
        return None
    return Table(rows, block.lines[0].strip(), block.headings)


def is_results_table(table: Table) -> bool:
    """Quantitative results: several decimal numbers, or numbers under metric names.

    Dataset statistics and annotation fixes are integer counts under non-metric headers, so they fail.
    """
    cells = [cell for row in table.rows for cell in row]
    decimals = sum(bool(_DECIMAL.match(c)) for c in cells)
    numbers = sum(bool(_NUMBER.match(c)) for c in cells)
    return decimals >= 2 or (numbers >= 2 and bool(_METRIC.search(" ".join(cells))))
