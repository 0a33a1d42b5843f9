"""Inline SVG bar charts drawn in Python: no chart library, no script, readable without colour.

Every chart has a <title> and <desc> (read by screen readers), every bar its number written next to it
and a tooltip; colours come from the page's CSS classes so light and dark themes both work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from math import ceil

_CHAR = 7.0  # average width of one 13px label character, to size label columns without measuring text
_MAX_LABEL = 28  # longer labels are cut (the tooltip keeps them whole)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    kind: str = ""  # a CSS class (k-missing, k-released, ...) so a colour means the same thing everywhere


def figure(value: int, total: int | None = None) -> str:
    """A count, with its share of `total` when given: '12 (30%)'."""
    return f"{value:,}" + (f" ({value / total:.0%})" if total else "")


def _short(label: str) -> str:
    return label if len(label) <= _MAX_LABEL else label[: _MAX_LABEL - 1] + "…"


def _svg(chart_id: str, title: str, bars: Sequence[Bar], total: int | None, width: float, height: float, body: str) -> str:
    desc = "; ".join(f"{b.label}: {figure(b.value, total)}" for b in bars)
    return (f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" style="max-width:{width:.0f}px" role="img" '
            f'aria-labelledby="{chart_id}-t {chart_id}-d"><title id="{chart_id}-t">{escape(title)}</title>'
            f'<desc id="{chart_id}-d">{escape(desc)}</desc>{body}</svg>')


def _bar(b: Bar, total: int | None, rect: str, text: str) -> str:
    return f'<g class="bar {b.kind}"><title>{escape(f"{b.label}: {figure(b.value, total)}")}</title>{rect}{text}</g>'


def bars(chart_id: str, title: str, items: Sequence[Bar], total: int | None = None) -> str:
    """Horizontal bars, one row each; with `total` the bars are shares of it and show percentages."""
    row, plot = 30, 260
    label_w = min(max(len(b.label) for b in items), _MAX_LABEL) * _CHAR + 14
    scale = total or max(b.value for b in items) or 1
    parts = []
    for i, b in enumerate(items):
        y, w = i * row, plot * b.value / scale
        parts.append(
            f'<text class="label" x="{label_w - 8:.0f}" y="{y + row / 2:.0f}" text-anchor="end" dy=".35em">{escape(_short(b.label))}</text>'
            + _bar(b, total, f'<rect x="{label_w:.0f}" y="{y + 5}" width="{w:.1f}" height="{row - 10}" rx="3"/>',
                   f'<text class="value" x="{label_w + w + 6:.1f}" y="{y + row / 2:.0f}" dy=".35em">{figure(b.value, total)}</text>'))
    return _svg(chart_id, title, items, total, label_w + plot + 110, len(items) * row, "".join(parts))


def columns(chart_id: str, title: str, items: Sequence[Bar]) -> str:
    """Vertical columns along an ordered axis (days, scores); labels thin out when there are many."""
    plot_h, top, axis = 160, 18, 22
    slot = min(460 / len(items), 88)  # a lone column stays a column, not a wall
    plot_w = slot * len(items)
    label_w = max(len(b.label) for b in items) * _CHAR + 8
    step = max(1, ceil(label_w / slot))  # every step-th label fits without overlapping
    scale = max(b.value for b in items) or 1
    parts = [f'<line class="axis" x1="0" x2="{plot_w:.1f}" y1="{top + plot_h}" y2="{top + plot_h}"/>']
    for i, b in enumerate(items):
        h, x, mid = plot_h * b.value / scale, i * slot + slot * 0.1, i * slot + slot / 2
        value = f'<text class="value" x="{mid:.1f}" y="{top + plot_h - h - 5:.1f}" text-anchor="middle">{b.value:,}</text>' if slot >= 24 else ""
        parts.append(_bar(b, None, f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.8:.1f}" height="{h:.1f}" rx="2"/>', value))
        if i % step == 0:
            parts.append(f'<text class="label" x="{mid:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(_short(b.label))}</text>')
    return _svg(chart_id, title, items, None, max(plot_w, label_w), top + plot_h + axis, "".join(parts))


def share(chart_id: str, title: str, items: Sequence[Bar]) -> str:
    """One bar split into the parts of a whole, with a legend giving each part's count and share."""
    width, height = 640, 34
    total = sum(b.value for b in items) or 1
    parts, x = [], 0.0
    for b in items:
        w = width * b.value / total
        inside = f'<text class="inside" x="{x + w / 2:.1f}" y="{height / 2}" dy=".35em" text-anchor="middle">{b.value / total:.0%}</text>' if w >= 44 else ""
        parts.append(_bar(b, total, f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}"/>', inside))
        x += w
    legend_x = 0.0
    for b in items:
        text = f"{b.label} {figure(b.value, total)}"
        parts.append(f'<g class="bar {b.kind}"><rect x="{legend_x:.0f}" y="{height + 14}" width="12" height="12" rx="2"/>'
                     f'<text class="label" x="{legend_x + 18:.0f}" y="{height + 20}" dy=".35em">{escape(text)}</text></g>')
        legend_x += len(text) * _CHAR + 40
    return _svg(chart_id, title, items, total, max(width, legend_x), height + 34, "".join(parts))
