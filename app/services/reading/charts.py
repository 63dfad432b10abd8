"""Chart geometry computed from numbers: where each bar, tick, label and legend item goes.

The SVG itself is drawn by the Jinja macro in `templates/partials/chart.html`, which escapes every label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.services.reading.models import ReadModel

WIDTH = 640
HEIGHT = 280
MARGIN_LEFT = 48
MARGIN_RIGHT = 16
MARGIN_TOP = 28
MARGIN_BOTTOM = 44
TICKS = 4
INSIDE_HEIGHT = 22  # a bar at least this tall carries its number inside, clear of the placeholders' line


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One version's counts: its label (Rev.2, live), open bracket sets and placeholders."""

    label: str
    open_sets: int
    placeholders: int
    number: int | None = None


class Tick(ReadModel):
    """A value on the vertical axis: its grid line's height, and its number's baseline beside it."""

    value: int
    y: float
    label_y: float


class Bar(ReadModel):
    """One version's bar of open bracket sets, its number, its label and its placeholders' point."""

    label: str
    value: int
    placeholders: int
    x: float
    y: float
    width: float
    height: float
    centre: float
    value_y: float
    value_inside: bool
    point_y: float

    @property
    def title(self) -> str:
        """The bar's tooltip."""
        return f"{self.label}: {self.value} open bracket sets, {self.placeholders} placeholders"


class Legend(ReadModel):
    """Where the legend's swatch, line and texts go, under the labels."""

    swatch_x: int = MARGIN_LEFT
    swatch_y: int = HEIGHT - 19
    bars_x: int = MARGIN_LEFT + 14
    line_x1: int = MARGIN_LEFT + 140
    line_x2: int = MARGIN_LEFT + 160
    line_y: int = HEIGHT - 14
    placeholders_x: int = MARGIN_LEFT + 166
    text_y: int = HEIGHT - 10


class Chart(ReadModel):
    """A bar chart of open bracket sets per version with a line of placeholders."""

    title: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = MARGIN_LEFT
    plot_right: int = WIDTH - MARGIN_RIGHT
    tick_x: int = MARGIN_LEFT - 6
    label_y: int = HEIGHT - MARGIN_BOTTOM + 18
    ticks: list[Tick]
    bars: list[Bar]
    legend: Legend = Legend()


def open_sets_chart(series: Sequence[SeriesPoint], *, title: str = "Open bracket sets per revision") -> Chart:
    """The geometry of the chart of open bracket sets (bars) and placeholders (a line) per version."""
    top = _nice_ceiling(max([p.open_sets for p in series] + [p.placeholders for p in series] + [1]))
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def y(value: int) -> float:
        return MARGIN_TOP + plot_height - plot_height * value / top

    values = [top * step // TICKS for step in range(TICKS + 1)]
    ticks = [Tick(value=value, y=y(value), label_y=y(value) + 4) for value in values]
    slot = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / max(len(series), 1)
    width = max(min(slot * 0.6, 64.0), 2.0)
    bars = []
    for index, point in enumerate(series):
        x = MARGIN_LEFT + slot * index + (slot - width) / 2
        height = y(0) - y(point.open_sets)
        inside = height >= INSIDE_HEIGHT
        bars.append(
            Bar(
                label=point.label,
                value=point.open_sets,
                placeholders=point.placeholders,
                x=x,
                y=y(point.open_sets),
                width=width,
                height=height,
                centre=x + width / 2,
                value_y=y(point.open_sets) + (16 if inside else -4),
                value_inside=inside,
                point_y=y(point.placeholders),
            )
        )
    return Chart(title=title, ticks=ticks, bars=bars)


def _nice_ceiling(value: int) -> int:
    """The axis top: a round number at or above the largest value (1, 2, 5 times a power of ten)."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10
