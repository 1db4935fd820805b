"""Server-rendered bar charts: the geometry of a horizontal bar chart, drawn as SVG by
templates/portal/includes/bar_chart.html.

No JavaScript and nothing from another host: the numbers are text in the SVG (written in the
language's digits, lib/dates.py), each bar has its label written above it, so colour is never
the only thing that tells two bars apart. Labels sit above their bar rather than beside it
because their width cannot be measured on the server, and Khmer or Lao labels are longer than
English ones: above a bar, a label has the whole width of the chart.
"""

from dataclasses import dataclass

from accsm_portal.lib.dates import format_number

# The chart is drawn in these units; the SVG scales to the width of its box (at most about
# 1.3 times on a wide screen, see .chart-svg in portal.css), so text stays readable at 360 px.
WIDTH = 320
ROW_HEIGHT = 38
BAR_HEIGHT = 12
# Room kept right of the longest bar for its number.
VALUE_ROOM = 56


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str  # the value as the page's language writes it
    kind: str  # a CSS modifier: the status it shows ("completed", "planned", ...)
    label_y: int
    bar_y: int
    width: float
    value_x: float
    value_y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    track_width: int = WIDTH - VALUE_ROOM
    bar_height: int = BAR_HEIGHT


def bar_chart(items: list[tuple[str, int, str]], *, scale: int | None = None) -> BarChart:
    """Bars for (label, value, kind) items, longest = `scale` (default: the largest value).

    Charts shown side by side pass the same scale, so equal numbers draw equal bars."""
    top = max([scale or 0, *(value for _label, value, _kind in items), 1])
    room = WIDTH - VALUE_ROOM
    bars = []
    for n, (label, value, kind) in enumerate(items):
        y = n * ROW_HEIGHT
        width = round(room * value / top, 1)
        bars.append(
            Bar(
                label=label,
                value=value,
                text=format_number(value),
                kind=kind,
                label_y=y + 14,
                bar_y=y + 20,
                width=width,
                value_x=width + 6,
                value_y=y + 31,
            )
        )
    return BarChart(bars=bars, width=WIDTH, height=max(len(items) * ROW_HEIGHT, ROW_HEIGHT))
