"""The scenario library: a table of scenarios (broken files included, marked)
and a detail pane for the one under the cursor."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from simulator.loader import LoadedScenario, Problem

LEVEL_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}
BROKEN = "broken:"


@dataclass(frozen=True)
class Entry:
    """A row of the library: a scenario, or a file that failed to load."""

    key: str
    loaded: LoadedScenario | None = None
    path: Path | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def broken(self) -> bool:
        return self.loaded is None

    def haystack(self) -> str:
        if self.loaded is None:
            return f"{self.path} {' '.join(p.message for p in self.problems)}".lower()
        sc = self.loaded.scenario
        return " ".join([sc.id, sc.title, sc.source, sc.situation, *sc.tags]).lower()

    def matches(self, words: list[str], level: str, tag: str) -> bool:
        if self.loaded is None:
            return True  # broken files stay in view whatever the filter
        sc = self.loaded.scenario
        if level != "any" and sc.difficulty != level:
            return False
        if tag != "any" and tag not in sc.tags:
            return False
        hay = self.haystack()
        return all(w in hay for w in words)


def entries(scenarios: Iterable[LoadedScenario], failed: dict[Path, list[Problem]]) -> list[Entry]:
    out = [Entry(s.scenario.id, loaded=s) for s in scenarios]
    out += [Entry(f"{BROKEN}{p}", path=p, problems=tuple(probs)) for p, probs in failed.items()]
    return out


class LibraryTable(DataTable):
    """Attributes down: :meth:`show` lists the entries it is given."""

    BINDINGS = [Binding("enter", "select_cursor", "Play")]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column("", key="mark", width=1)
        self.add_column("Scenario", key="title")
        self.add_column("Level", key="level", width=6)

    def show(self, shown: list[Entry]) -> None:
        keep = self.current_key
        self.clear()
        for e in shown:
            if e.loaded is None:
                name = e.path.name if e.path else "?"
                self.add_row(
                    Text("✗", style="bold red"),
                    Text(name, style="red"),
                    Text("broken", style="red"),
                    key=e.key,
                )
            else:
                sc = e.loaded.scenario
                self.add_row(
                    Text("●", style=LEVEL_STYLE.get(sc.difficulty, "")),
                    Text(sc.title),
                    Text(sc.difficulty, style=LEVEL_STYLE.get(sc.difficulty, "")),
                    key=e.key,
                )
        if keep is not None:
            try:
                self.move_cursor(row=self.get_row_index(keep), animate=False)
            except Exception:  # the row is filtered out: stay at the top
                self.move_cursor(row=0, animate=False)

    def select_key(self, key: str) -> bool:
        """Put the cursor on ``key``'s row; False when it is not shown."""
        try:
            self.move_cursor(row=self.get_row_index(key), animate=False)
        except Exception:  # not in the table (filtered out, or not in the library)
            return False
        return True

    @property
    def current_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # an empty or just-cleared table has no cursor row
            return None


def detail_text(entry: Entry | None) -> Text:
    if entry is None:
        return Text("No scenario matches. Clear the search (Ctrl+U) or the filters.", style="dim")
    if entry.loaded is None:
        text = Text("This file does not load\n", style="bold red")
        text.append(f"{entry.path}\n\n", style="dim")
        for p in entry.problems:
            text.append("• ", style="red")
            text.append(f"line {p.line}, col {p.col}: ", style="bold")
            text.append(f"{p.message}\n")
        text.append("\nFix it and restart, or check it with ", style="dim")
        text.append(f"hotseat validate {entry.path}", style="bold")
        return text
    sc = entry.loaded.scenario
    text = Text(f"{sc.title}\n", style="bold")
    text.append(sc.difficulty, style=LEVEL_STYLE.get(sc.difficulty, ""))
    if sc.tags:
        text.append(" · " + ", ".join(sc.tags), style="dim")
    text.append("\n\n")
    text.append("Customer  ", style="bold")
    text.append(
        f"{sc.customer.name}, wants {sc.customer.wants[0].lower()}{sc.customer.wants[1:]}\n"
    )
    patience = sc.customer.patience
    text.append("Patience  ", style="bold")
    text.append(f"{patience} replies\n" if patience else "no limit\n")
    text.append("\n")
    text.append(" ".join(sc.situation.split()))
    text.append("\n\n")
    text.append("From the story  ", style="bold")
    text.append(sc.source, style="italic")
    return text


class ScenarioDetail(VerticalScroll):
    can_focus = False

    def compose(self):
        yield Static(id="detail-text")

    def show(self, entry: Entry | None) -> None:
        self.border_title = Content("Broken file" if entry and entry.broken else "Scenario")
        self.query_one("#detail-text", Static).update(detail_text(entry))
        self.scroll_home(animate=False)
