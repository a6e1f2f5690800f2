"""Home's track panel: where the player stands on their onboarding track, the
current stage's lesson, and the next scenario (one key away)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from simulator.progress import TrackStanding


def track_text(place: TrackStanding, title: str, titles: dict[str, str]) -> Text:
    total = len(place.stages)
    text = Text()
    text.append(f"{title}", style="bold")
    text.append(f" · {place.stages_passed}/{total} stages passed", style="dim")
    current = place.current
    if current is None:
        text.append("\nTrack complete: every stage passed. ", style="bold green")
        text.append("Keep practising from the library below.", style="dim")
        return text
    n = place.stages.index(current) + 1
    text.append(f"\nStage {n}: ", style="bold")
    text.append(current.title, style="bold cyan")
    done = sum(c.passed for c in current.scenarios)
    text.append(f"  ({done}/{len(current.scenarios)} passed)", style="dim")
    text.append(f"\n{current.lesson}", style="italic")
    if place.next:
        text.append("\nNext: ", style="bold")
        text.append(titles.get(place.next, place.next))
        text.append("   Ctrl+N to play it", style="dim")
    return text


class TrackPanel(Static):
    """Filled once the player's rounds are read; hidden when there is no track."""

    def show_standing(self, place: TrackStanding | None, title: str, titles: dict[str, str]):
        self.display = place is not None
        if place is not None:
            self.update(track_text(place, title, titles))

    def show_problem(self, message: str) -> None:
        self.update(Text(message, style="yellow"))
