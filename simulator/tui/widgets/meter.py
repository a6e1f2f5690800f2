"""A labelled horizontal meter whose colour runs from red (bad) to green."""

from __future__ import annotations

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

RED = (214, 69, 65)
AMBER = (230, 160, 40)
GREEN = (60, 170, 90)


def good_colour(fraction: float) -> Color:
    """Red at 0, amber at 0.5, green at 1."""
    f = max(0.0, min(1.0, fraction))
    a, b, t = (RED, AMBER, f * 2) if f < 0.5 else (AMBER, GREEN, (f - 0.5) * 2)
    return Color.from_rgb(*(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))


def bar(fraction: float, width: int, colour: Color) -> Text:
    """``width`` cells filled to ``fraction`` in eighths."""
    width = max(1, width)
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    filled = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
    text = Text(filled, style=Style(color=colour))
    text.append("░" * (width - len(filled)), style="dim")
    return text


class Meter(Widget):
    """``label  ██████░░░░  value``. ``value`` is None before there is one.

    ``maximum`` scales the bar; ``invert`` is for dimensions where high is
    bad (blame, policy-hiding): the bar then goes red as it fills.
    """

    value: reactive[float | None] = reactive(None)

    def __init__(
        self,
        label: str,
        *,
        maximum: float = 100,
        invert: bool = False,
        digits: int = 0,
        label_width: int = 10,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.maximum = maximum
        self.invert = invert
        self.digits = digits
        self.label_width = label_width

    def render(self) -> Text:
        shown = "–" if self.value is None else f"{self.value:.{self.digits}f}"
        if self.digits and self.value is not None and self.maximum == 1:
            shown = shown.removeprefix("0")  # ".85" keeps the column narrow
        fraction = 0.0 if self.value is None else self.value / self.maximum
        colour = good_colour(1 - fraction if self.invert else fraction)
        width = self.size.width - self.label_width - 5
        text = Text(self.label[: self.label_width - 1].ljust(self.label_width), style="bold")
        text.append_text(bar(fraction, width, colour))
        text.append(shown.rjust(5))
        return text
