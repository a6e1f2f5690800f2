"""The command palette's Hotseat commands (Ctrl+P): play any scenario by
name, and the main actions of the screen the palette was opened on."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from simulator.tui.game import game


class HotseatCommands(Provider):
    def commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app, screen = game(self), self.screen
        from simulator.tui.screens.debrief import DebriefScreen
        from simulator.tui.screens.round import RoundScreen

        found: list[tuple[str, Callable[[], object], str]] = []
        if isinstance(screen, RoundScreen):
            found.append(
                ("Tip: a coaching tip", screen.action_tip, "Show a coaching tip for this moment")
            )
            if screen.seat is None:  # a tournament round is played once, as it goes
                found.append(
                    ("Rewind the last reply", screen.action_rewind, "Take it back and try again")
                )
            found.append(
                ("End the round", screen.action_end_round, "Stop here and see the debrief")
            )
        if isinstance(screen, DebriefScreen):
            found += [
                ("Play again", screen.action_again, "The same scenario, a new round"),
                ("Save the transcript", screen.action_save, "As JSON and Markdown"),
            ]
            if screen.seat is None:
                found.append(
                    ("Back into the round", screen.action_back, "Rewind the last reply and go on")
                )
        found += [
            ("Home: scenario library", app.action_library, "Pick another scenario"),
            ("Tournament: join and play", app.action_tournament, "Same customers for everyone"),
            ("Progress", app.action_progress, "Your past rounds and trends"),
            ("Toggle light / dark theme", app.action_toggle_theme, "Switch the colours"),
            ("Help", app.action_help, "Keys and how scoring works"),
        ]
        for followed in app.tracks.tracks:
            t = followed.track
            if app.track is None or t.id != app.track.track.id:
                found.append(
                    (
                        f"Track: follow {t.title}",
                        partial(app.follow_track, t.id),
                        f"{len(t.stages)} stages · {t.id}",
                    )
                )
        for name in app.tournament_names:
            found.append(
                (
                    f"Leaderboard: {name}",
                    partial(app.action_leaderboard, name),
                    "Live standings of this tournament",
                )
            )
        for loaded in app.library.scenarios:
            sc = loaded.scenario
            found.append(
                (f"Play: {sc.title}", partial(app.play, sc.id), f"{sc.difficulty} · {sc.id}")
            )
        return found

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
