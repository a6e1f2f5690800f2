"""The scenario format: what a trainer writes in one YAML file.

Every field has a docstring; they become the descriptions in the JSON Schema
(``scenarios/scenario.schema.json``) that editors use to complete and check
keys. Defaults are chosen so that the simple case stays short.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from scoring.types import DIMENSIONS, Cues

Difficulty = Literal["easy", "medium", "hard"]
Ending = Literal["resolved", "walked_out", "escalated"]
Outcome = Literal["resolved", "walked_out", "escalated", "out_of_turns", "unfinished"]
Mood = Annotated[int, Field(ge=0, le=100)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]

#: How similar a clause must be to a delight's example (cues default to less,
#: see ``simulator.cue_match``): a delight pays a bonus, so it must be plain.
DELIGHT_THRESHOLD = 0.6
#: Signals every scenario can use in a rule's ``when``, besides its own cues.
BUILTIN_SIGNALS: tuple[str, ...] = (*DIMENSIONS, "question", "any")


def _as_list(value):
    """Let a trainer write one item where a list is expected."""
    return [value] if isinstance(value, str) else value


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, use_attribute_docstrings=True, populate_by_name=True
    )


class Fact(_Model):
    """Something the customer knows and says only when the trainee asks."""

    about: Annotated[list[Line], Field(min_length=1)]
    """Words that, in a trainee's question, ask for this fact (e.g. ``[receipt, paid]``);
    an item ending in ``?`` is an example question, matched by meaning like an
    example cue (``"What did they cost you?"``)."""

    say: Line
    """What the customer says when asked."""

    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] | None
    ) = None
    """A short name for the fact in the debrief and ``play --json`` (default: the first ``about`` word)."""

    on_screen: bool = False
    """The agent's screen already shows it: asking for it at all is making the customer repeat themselves."""

    repeat: Line | None = None
    """What the customer says, irritated, when asked again (default: "I told you already: " + ``say``)."""

    _normalise_about = field_validator("about", mode="before")(_as_list)

    @property
    def label(self) -> str:
        return self.name or self.about[0]

    @property
    def words(self) -> list[str]:
        """The ``about`` items matched as words."""
        return [a for a in self.about if not a.endswith("?")]

    @property
    def questions(self) -> list[str]:
        """The ``about`` items matched by meaning (example questions)."""
        return [a for a in self.about if a.endswith("?")]

    @property
    def irritated(self) -> str:
        return self.repeat or f"I told you already: {self.say}"


class Customer(_Model):
    """Who is on the other side of the counter."""

    name: Line
    """The customer's name, as the trainee sees it."""

    persona: Line = "An ordinary customer with a real problem."
    """Who they are and how they talk; the LLM customer plays this."""

    wants: Line
    """What they came for, in one sentence (e.g. "a refund for two tires")."""

    facts: list[Fact] = []
    """Facts they know and reveal only when the trainee asks."""

    mood: Mood = 30
    """Starting mood: 0 is furious, 100 is delighted."""

    patience: Annotated[int, Field(ge=1, le=50)] | None = 8
    """How many replies they give the trainee before the round ends out of
    turns; ``null`` for no limit (then a state or the mood must end it)."""


class Cue(_Model):
    """A named signal for rules: what the trainee's reply does, written as
    examples (matched by meaning), as patterns (exact words), or both.

    A plain list is read as patterns, so ``refund: ['\\$?180']`` still works."""

    examples: list[Line] = []
    """Ways a reply does it, one act per example (``"I'll give you a call"``,
    ``"can I phone you?"``). Each sentence and clause of a reply is compared
    with them by meaning; write at least three, in different words."""

    not_: list[Line] = Field(default=[], alias="not")
    """Near misses that share words but do not do it (``"I can't call you"``);
    a clause closer to one of these than to every example does not match."""

    patterns: list[str] = []
    """Case-insensitive regular expressions, for exact tokens that matter:
    amounts, order numbers, clock times (``'\\$?180'``)."""

    threshold: Annotated[float, Field(ge=0.3, le=0.95)] | None = None
    """How similar a clause must be to an example to match (cosine, 0.3-0.95);
    leave it out for the tuned default (see docs/authoring.md)."""

    _normalise_examples = field_validator("examples", "not_", "patterns", mode="before")(_as_list)

    @model_validator(mode="after")
    def _something_to_match(self) -> Cue:
        if not self.examples and not self.patterns:
            raise ValueError("a cue needs examples or patterns (or both)")
        return self


def _cue_form(value):
    """A list (or one string) is the pattern form of a cue."""
    if isinstance(value, str | list):
        return {"patterns": _as_list(value)}
    return value


class Rule(_Model):
    """When the trainee's reply shows something, the customer reacts."""

    when: Annotated[list[str], Field(min_length=1)]
    """Signals that must all be in the reply: ``empathy``, ``ownership``,
    ``blame``, ``policy_hiding``, ``question``, one of the scenario's ``cues``,
    or ``any``. Prefix with ``not`` for absence (``not blame``)."""

    goto: str | None = None
    """The state to move to; omit to stay in the current state."""

    mood: Annotated[int, Field(ge=-100, le=100)] = 0
    """How much the customer's mood changes (negative for worse)."""

    _normalise_when = field_validator("when", mode="before")(_as_list)

    @field_validator("when")
    @classmethod
    def _tidy(cls, when: list[str]) -> list[str]:
        return [" ".join(w.split()) for w in when]


class State(_Model):
    """A beat of the conversation: what the customer says while in it, and
    how they react to the next reply."""

    lines: Annotated[list[Line], Field(min_length=1)]
    """What the customer says on entering this state; one is picked at random
    (fixed by the seed), so write a few to keep replays fresh."""

    rules: list[Rule] = []
    """Rules tried in order on the trainee's next reply; the first that
    matches moves the customer. None matching: mood changes by ``idle_mood``."""

    end: Ending | None = None
    """Entering this state ends the round with this outcome."""

    _normalise_lines = field_validator("lines", mode="before")(_as_list)


class EndingLines(_Model):
    """What the customer says when the round ends by mood or turns rather
    than by an ending state. Defaults are generic; override to stay in voice."""

    resolved: list[Line] = ["Okay. Thank you, that's what I needed."]
    """The customer's last line when resolved by mood."""

    walked_out: list[Line] = ["Forget it. I'm taking my business elsewhere."]
    """The customer's last line when they walk out."""

    escalated: list[Line] = ["I want to speak to your manager. Now."]
    """The customer's last line when they escalate."""

    out_of_turns: list[Line] = ["I don't have time for this. I'll call back later."]
    """The customer's last line when patience runs out."""


class EndingRules(_Model):
    """How a round ends when no ending state is reached."""

    resolve_at: Mood = 75
    """The round is resolved once the mood reaches this and every need is met."""

    needs: list[str] = []
    """Signals that must each have shown in some reply before the round can
    resolve by mood (e.g. ``[ownership]`` or a cue like ``offers_refund``)."""

    give_up_at: Mood = 0
    """At or below this mood the customer gives up."""

    on_give_up: Literal["walked_out", "escalated"] = "walked_out"
    """Whether giving up means walking out or asking for a manager."""

    idle_mood: Annotated[int, Field(ge=-100, le=100)] = -5
    """Mood change when no rule of the current state matches the reply."""

    lines: EndingLines = EndingLines()
    """Closing lines for endings by mood or turns."""

    _normalise_needs = field_validator("needs", mode="before")(_as_list)


class Delight(_Model):
    """Going beyond what the customer asked for (the stories' "startle them")."""

    examples: list[Line] = []
    """Ways a reply does it, matched by meaning like an example cue
    (``"Dessert is on us tonight"``); write at least three."""

    not_: list[Line] = Field(default=[], alias="not")
    """Near misses that share its words but do not do it (``"Would you like the dessert menu?"``)."""

    cues: list[str] = []
    """Case-insensitive regular expressions, for exact tokens that show the
    trainee did it (``'\\$\\s?50 voucher'``)."""

    threshold: Annotated[float, Field(ge=0.3, le=0.95)] | None = None
    """How similar a clause must be to an example (default 0.60: a delight
    pays a bonus, so it needs a closer match than a cue)."""

    say: Line = "Oh! I didn't expect that. Thank you."
    """The customer's pleased surprise, said before their next line."""

    allowed: bool = True
    """False when the agent's screen says they cannot offer it: then it counts
    as a promise they cannot keep, not as a delight."""

    _normalise_cues = field_validator("cues", "examples", "not_", mode="before")(_as_list)

    @model_validator(mode="after")
    def _something_to_match(self) -> Delight:
        if not self.examples and not self.cues:
            raise ValueError("a delight needs examples or cues (patterns), or both")
        return self

    def as_cue(self) -> Cue:
        """The delight as a cue: matched like any other."""
        threshold = self.threshold if self.threshold is not None else DELIGHT_THRESHOLD
        return Cue.model_validate(
            {
                "examples": self.examples,
                "not": self.not_,
                "patterns": self.cues,
                "threshold": threshold,
            }
        )


class FollowUp(_Model):
    """A later round in which the customer comes back to what was promised."""

    scenario: Slug
    """The follow-up scenario's id: its customer returns "two days later"."""

    checks: Annotated[
        list[Literal["call", "email", "refund", "visit", "delivery", "any"]], Field(min_length=1)
    ] = ["any"]
    """The kinds of promise the follow-up holds the trainee to."""

    _normalise_checks = field_validator("checks", mode="before")(_as_list)


class ScoringCues(_Model):
    """Scenario-specific phrases that count for a scoring dimension, as
    case-insensitive regular expressions."""

    empathy: list[str] = []
    """Phrases that show empathy in this story."""

    ownership: list[str] = []
    """Phrases that show ownership in this story."""

    blame: list[str] = []
    """Phrases that blame someone in this story."""

    policy_hiding: list[str] = []
    """Phrases that hide behind a rule in this story (e.g. "we don't sell tires")."""

    def to_cues(self, *, walls: bool = True) -> Cues:
        """The phrases as the scorer takes them; ``walls=False`` leaves out
        the policy-hiding ones (see :func:`simulator.engine.story_cues`)."""
        return Cues(
            **{
                d: tuple(getattr(self, d)) if walls or d != "policy_hiding" else ()
                for d in DIMENSIONS
            }
        )


class Examples(_Model):
    """Sample replies for this scenario, written by the trainer."""

    good: list[Line] = []
    """What a great agent might say, in order. ``hotseat playtest`` plays them
    as the model trainee (it must resolve the round), and the debrief offers
    them as better phrasings."""

    poor: list[Line] = []
    """Replies that hide behind policy, blame or commit to nothing, in order.
    ``hotseat playtest`` checks that they neither resolve the round nor
    outscore the good ones."""


class Scenario(_Model):
    """One difficult customer, one story, one round."""

    id: Slug
    """Unique id, lowercase with dashes (``tires-never-sold``)."""

    title: Line
    """The title shown in the scenario library."""

    difficulty: Difficulty = "medium"
    """``easy``, ``medium`` or ``hard``."""

    tags: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]] = []
    """Free tags for search and filter (``refund``, ``returns``, ``phone``)."""

    source: Line
    """Which story this scenario comes from."""

    customer: Customer
    """The customer."""

    situation: Line
    """The situation as the trainee sees it before the customer speaks."""

    screen: dict[str, str | int | float] = {}
    """What the agent's screen shows: order number, dates, amounts."""

    opening: Line
    """The customer's first line."""

    start: str | None = None
    """The state the customer starts in; defaults to the first in ``states``."""

    states: Annotated[dict[str, State], Field(min_length=1)]
    """The customer's states (beats), by name."""

    cues: dict[str, Cue] = {}
    """Named scenario-specific signals for rules: each written as examples
    (``offers_call: {examples: ["I'll give you a call"], not: ["I can't call you"]}``),
    as a list of case-insensitive regular expressions for exact tokens
    (``mentions_price: ['\\$?180']``), or both."""

    scoring: ScoringCues = ScoringCues()
    """Phrases that count for a scoring dimension in this story."""

    ending: EndingRules = EndingRules()
    """How the round ends when no ending state is reached."""

    tips: list[Line] = []
    """Coaching tips drawn from the source story, shown on hint and in the debrief."""

    examples: Examples = Examples()
    """Sample good and poor replies for play-testing and the debrief."""

    sla_seconds: Annotated[int, Field(ge=5, le=86400)] | None = None
    """Answer within this many seconds of the customer's line, or their mood
    drains (2 points per 10 seconds late, at most 20 a reply) and they ask once
    whether you are still there. Headless, a script line ``[+45s] ...`` gives
    the seconds taken."""

    sla_nudge: Line = "Hello? Are you still there?"
    """What the customer says, once a round, the first time a reply is late."""

    delights: dict[str, Delight] = {}
    """Ways to go beyond what was asked, by name; each earns a bonus to mood and score."""

    follow_up: FollowUp | None = None
    """A follow-up round that holds the trainee to the promises made in this one."""

    returns_kept: Line | None = None
    """Set in a follow-up scenario: its opening when the earlier promise was
    concrete (who, what, by when), so it was kept; ``{promise}`` as above.
    Default: ``returns_after``."""

    returns_after: Line | None = None
    """Set in a follow-up scenario: its opening when the earlier round promised
    something, with ``{promise}`` for the promise (e.g. "Two days ago you said:
    '{promise}'. Nothing happened.")."""

    @field_validator("cues", mode="before")
    @classmethod
    def _cue_lists(cls, cues):
        if isinstance(cues, dict):
            return {k: _cue_form(v) for k, v in cues.items()}
        return cues

    @property
    def start_state(self) -> str:
        return self.start or next(iter(self.states))

    @property
    def signals(self) -> tuple[str, ...]:
        """Every signal a rule of this scenario may name."""
        return (*BUILTIN_SIGNALS, *self.cues)

    @property
    def has_examples(self) -> bool:
        """Whether matching this scenario needs the sentence encoder."""
        return (
            any(c.examples for c in self.cues.values())
            or any(d.examples for d in self.delights.values())
            or any(f.questions for f in self.customer.facts)
        )
