"""Small text charts on a fixed scale (a Sparkline rescales to its data,
which would make a mood going 35 -> 40 look like a triumph)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from simulator.tui.widgets.meter import good_colour

TICKS = "▁▂▃▄▅▆▇█"


def spark(values: list[float], lo: float = 0.0, hi: float = 1.0, *, invert=False) -> Text:
    """One character per value, on a fixed ``lo..hi`` scale, coloured."""
    text = Text()
    for v in values:
        f = 0.0 if hi == lo else max(0.0, min(1.0, (v - lo) / (hi - lo)))
        colour = good_colour(1 - f if invert else f)
        text.append(TICKS[min(len(TICKS) - 1, int(f * len(TICKS)))], style=Style(color=colour))
    return text


class MoodChart(Widget):
    """The mood (0..100) after each turn as columns ``height`` rows high,
    with the turn numbers below; narrows its columns to fit any width."""

    moods: reactive[list[int]] = reactive(list, layout=True)

    def __init__(self, height: int = 5, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = height

    def get_content_height(self, container, viewport, width: int) -> int:
        return self.rows + 1

    def render(self) -> Text:
        moods = self.moods
        if not moods:
            return Text("no turns yet", style="dim")
        axis = 4
        col = max(1, min(4, (self.size.width - axis) // len(moods)))
        gap = 1 if col > 1 else 0
        bar_w = col - gap
        out = Text()
        for row in range(self.rows, 0, -1):
            label = {self.rows: "100", 1: "  0"}.get(row, "   ")
            out.append(f"{label} ", style="dim")
            for mood in moods:
                eighths = round(mood / 100 * self.rows * 8) - (row - 1) * 8
                cell = "█" if eighths >= 8 else (TICKS[eighths - 1] if eighths > 0 else " ")
                out.append(cell * bar_w, style=Style(color=good_colour(mood / 100)))
                out.append(" " * gap)
            out.append("\n")
        out.append(" " * axis, style="dim")
        for i in range(len(moods)):
            label = "S" if i == 0 else str(i)
            out.append(label[:col].ljust(col) if col > 1 or i % 5 == 0 else " ", style="dim")
        return out
