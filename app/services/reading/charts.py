"""Server-rendered SVG charts: built from numbers and escaped labels, no JavaScript."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 640
HEIGHT = 280
MARGIN_LEFT = 48
MARGIN_RIGHT = 16
MARGIN_TOP = 28
MARGIN_BOTTOM = 44
# Defaults inside the SVG, so that it reads the same inline in a page and opened on its own.
STYLE = (
    ".bar{fill:#3b6ea5}.value,.tick,.label,.legend text{font:12px sans-serif;fill:#222}.value.inside{fill:#fff}"
    ".grid{stroke:#ddd;stroke-width:1}.placeholders{stroke:#c0392b;stroke-width:2;fill:none}"
    ".point{fill:#c0392b}"
)


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One version's counts: its label (Rev.2, live), open bracket sets and placeholders."""

    label: str
    open_sets: int
    placeholders: int
    number: int | None = None


def open_sets_chart_svg(series: Sequence[SeriesPoint], *, title: str = "Open bracket sets per revision") -> str:
    """A bar chart of open bracket sets per version with a line of placeholders, as a standalone SVG string."""
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = _nice_ceiling(max([p.open_sets for p in series] + [p.placeholders for p in series] + [1]))
    slot = plot_width / max(len(series), 1)
    bar = max(min(slot * 0.6, 64.0), 2.0)

    def y(value: int) -> float:
        return MARGIN_TOP + plot_height - plot_height * value / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f"<style>{STYLE}</style>",
        *_axis(top, y),
    ]
    points = []
    for index, point in enumerate(series):
        x = MARGIN_LEFT + slot * index + (slot - bar) / 2
        centre = x + bar / 2
        label = f"{point.label}: {point.open_sets} open bracket sets, {point.placeholders} placeholders"
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y(point.open_sets):.1f}" width="{bar:.1f}" '
            f'height="{y(0) - y(point.open_sets):.1f}" data-value="{point.open_sets}">'
            f"<title>{escape(label)}</title></rect>"
        )
        # Inside the top of a tall enough bar, so that the placeholders' line never runs through the number.
        inside = y(0) - y(point.open_sets) >= 22
        value_y = y(point.open_sets) + (16 if inside else -4)
        parts.append(
            f'<text class="value{" inside" if inside else ""}" x="{centre:.1f}" y="{value_y:.1f}" '
            f'text-anchor="middle">{point.open_sets}</text>'
        )
        parts.append(
            f'<text class="label" x="{centre:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 18}" text-anchor="middle">'
            f"{escape(point.label)}</text>"
        )
        points.append(f"{centre:.1f},{y(point.placeholders):.1f}")
    if points:
        parts.append(f'<polyline class="placeholders" fill="none" points={quoteattr(" ".join(points))}/>')
        parts.extend(f'<circle class="point" cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="3"/>' for p in points)
    parts.append(_legend())
    parts.append("</svg>")
    return "".join(parts)


def _axis(top: int, y: Callable[[int], float]) -> list[str]:
    lines = []
    for step in range(5):
        value = top * step // 4
        level = y(value)
        lines.append(
            f'<line class="grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{level:.1f}" y2="{level:.1f}"/>'
        )
        lines.append(f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{level + 4:.1f}" text-anchor="end">{value}</text>')
    return lines


def _legend() -> str:
    x = MARGIN_LEFT
    y = HEIGHT - 10
    return (
        f'<g class="legend"><rect class="bar" x="{x}" y="{y - 9}" width="10" height="10"/>'
        f'<text x="{x + 14}" y="{y}">open bracket sets</text>'
        f'<line class="placeholders" x1="{x + 140}" x2="{x + 160}" y1="{y - 4}" y2="{y - 4}"/>'
        f'<text x="{x + 166}" y="{y}">placeholders</text></g>'
    )


def _nice_ceiling(value: int) -> int:
    """The axis top: a round number at or above the largest value (1, 2, 5 times a power of ten)."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10
