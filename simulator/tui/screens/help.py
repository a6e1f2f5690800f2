"""Help: the keys, and how a reply is scored."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Keys

- **Everywhere**: **F1** or **?** this help · **Ctrl+P** command palette ·
  **Ctrl+L** light/dark theme · **Ctrl+Q** quit
- **Home**: type to search · **↑ ↓** pick a scenario · **Enter** play ·
  **Ctrl+N** the next scenario on your track · **Ctrl+O** your progress ·
  **Ctrl+B** tournaments. A round left unfinished (a closed terminal) is
  offered on your next visit: resume it with its replies replayed, or abandon it.
- **Tournament**: pick one, type your name (team, and join code if it is
  invite-only), **Enter** to join · **Enter** on a scenario to play it ·
  **Ctrl+B** the live leaderboard · **Esc** back. A tournament round is
  played once, with no rewinding.
- **Round**: **Enter** send your reply · **Ctrl+T** a coaching tip (again for
  the next) · **Ctrl+R** rewind: take back your last reply · **Esc** stop the
  customer mid-sentence · **Ctrl+G** end the round now · **F2** try the reply
  you are typing (how the game would take it, without sending it) · **Ctrl+Y**
  after a watched scenario file was saved: replay your replies on the new
  version · **Enter** when the round is over: your debrief
- **Debrief**: **R** play again · **S** save the transcript (JSON and Markdown) ·
  **U** back into the round · **P** progress · **B** the leaderboard (tournament
  rounds) · **N** practise the scenario it suggests · **F** the follow-up round
  ("two days later", where the story has one) · **H** or **Esc** home

# How to play

A customer is upset. Type what you would say and press **Enter**. Every reply
is scored; the customer calms down or gets angrier; the round ends when they
are satisfied, walk out, ask for a manager, or run out of patience.

## Scoring

Each reply is scored 0 to 1 on four dimensions:

- **Empathy**: you name what the customer went through.
- **Ownership**: you commit to a concrete next step yourself.
- **Blame**: you put the fault on the customer (costs points).
- **Policy-hiding**: you hide behind a rule instead of helping (costs points).

A reply's points are `100 × (½ empathy + ½ ownership − 0.4 blame − 0.4 policy)`,
kept between 0 and 100. The round's score weighs what you did for the
customer first: the things they needed done (the refund given, the engineer
booked) and how early, then whether they left satisfied; kind words alone
earn at most a fifth of it. Saying the same thing again earns less each time,
and the customer notices. Grades: A 85, B 70, C 55, D 40.

In your replies, green marks what earned points and red what cost them.

Press **Esc** to close.
"""


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(HELP, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss()
