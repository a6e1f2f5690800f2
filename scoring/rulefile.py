"""The rule files' format: pydantic models, loaded with FILE:LINE:COL errors.

Each ``scoring/data/<dimension>.yaml`` is one :class:`DimensionFile`. Unknown
keys are refused (with a did-you-mean), patterns are YAML lists (one phrase
family per item, joined as alternatives), and every rule carries
``examples: {match: [...], no_match: [...]}`` that the tests run, so a rule's
reach is written next to it. The compiled form is built by
:func:`scoring.lexicon.load_lexicons`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

#: A rule file larger than this is refused unread.
MAX_RULE_FILE_BYTES = 2 * 1024 * 1024


class RuleFileError(ValueError):
    """A rule file that does not load: ``FILE:LINE:COL: message``."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Examples(_Strict):
    """Short replies that show the rule's reach; the tests run every one."""

    match: list[str] = Field(min_length=1)
    """Replies the rule must fire on (scored alone)."""
    no_match: list[str] = Field(default_factory=list)
    """Near misses the rule must not fire on."""


class GroupSpec(_Strict):
    pattern: str | list[str]
    """A helper regex (or a list of alternatives) that rules name in requires/unless."""
    negatable: bool = False
    """Drop a group match that a negator in its clause turns around."""


class RuleSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """Short name, quoted in evidence as the rule that fired."""
    pattern: list[str] = Field(min_length=1)
    """One phrase family per item, over the normalised reply; may use {MACROS}."""
    kind: Literal["hit", "mask", "anti"] = "hit"
    """hit: evidence for the behaviour; mask: a neutral phrase that hides
    overlapping hits; anti: an offending look-alike, quoted in the tip."""
    weight: float | None = Field(default=None, ge=0, le=1)
    """A hit's strength, 0..1; hits combine as 1 - prod(1 - weight)."""
    negatable: bool | None = None
    """Drop the hit when a negator occurs in the last words of its clause."""
    requires: str | None = None
    """Keep the hit only if this group matches within ``scope``."""
    scope: Literal["sentence", "window", "reply"] = "sentence"
    """Where ``requires`` looks: this sentence, this and the next, the reply."""
    unless: str | list[str] | None = None
    """Drop the hit if this group (or any of these) matches within ``unless_scope``."""
    unless_scope: Literal["sentence", "window", "reply"] = "sentence"
    """Where ``unless`` looks."""
    on_original: bool = False
    """Match the original text, case-sensitively (e.g. names)."""
    not_after: str | None = None
    """Drop the hit when this regex ends just before it."""
    after: str | None = None
    """Keep the hit only after this regex in the same clause (and quote from it)."""
    clause_has: str | None = None
    """The clause before the hit must contain this regex."""
    exclude: list[str] = Field(default_factory=list)
    """First words that disqualify a match (``on_original`` rules)."""
    tags: list[str] = Field(default_factory=list)
    """Labels the scorer reads (blame: ``soft`` = cancelled when the fix is owned)."""
    explain: str = ""
    """Why this counts, shown in the score's explanation."""
    tip: str | None = None
    """Coaching tip; {quote} is replaced by the matched phrase."""
    examples: Examples
    """What the rule fires on and what it must leave alone."""

    @field_validator("pattern")
    @classmethod
    def _no_empty_items(cls, items: list[str]) -> list[str]:
        for item in items:
            if not str(item).strip():
                raise ValueError("a pattern item is empty; remove it")
        return items


class DimensionFile(_Strict):
    dimension: Literal["empathy", "ownership", "blame", "policy_hiding"]
    """Which of the four dimensions these rules score."""
    present_explain: str
    """Explanation when the behaviour is found."""
    absent_explain: str
    """Explanation when it is not."""
    default_tip: str
    """Coaching tip when there is no specific phrase to quote; never names a story's objects."""
    groups: dict[str, str | list[str] | GroupSpec] = Field(default_factory=dict)
    """Named helper regexes used by ``requires`` and ``unless``."""
    rules: list[RuleSpec]
    """Tried in order; every match is one piece of evidence."""
    customer_echo: str | None = None
    """(empathy) efforts the customer reported that the reply may name back."""
    customer_echo_weight: float | None = Field(default=None, ge=0, le=1)
    """Weight of such an echo."""
    cue_unless: str | None = None
    """A group that cancels a scenario cue in the same sentence."""


def _marks(node: yaml.Node, path: tuple, out: dict, keys: dict) -> None:
    out[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            keys[(*path, k.value)] = (k.start_mark.line + 1, k.start_mark.column + 1)
            _marks(v, (*path, k.value), out, keys)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _marks(v, (*path, i), out, keys)


def _position(path: tuple, marks: dict, keys: dict, key: bool = False) -> tuple[int, int]:
    while True:
        if key and path in keys:
            return keys[path]
        if path in marks:
            return marks[path]
        if not path:
            return (1, 1)
        path = path[:-1]


def _model_fields_at(loc: tuple) -> list[str]:
    """The keys allowed where ``loc`` points (for did-you-mean)."""
    model: Any = DimensionFile
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(model, "model_fields", {}).get(str(part))
        if field is None:
            return []
        ann = field.annotation
        inner = getattr(ann, "__args__", None)
        candidates = [ann, *(inner or ())]
        nxt = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
        if nxt is None:
            for c in candidates:
                for arg in getattr(c, "__args__", ()) or ():
                    if isinstance(arg, type) and issubclass(arg, BaseModel):
                        nxt = arg
        if nxt is None:
            return []
        model = nxt
    return list(getattr(model, "model_fields", {}))


def load_rule_file(path: str | Path) -> DimensionFile:
    """Read and validate one rule file, or raise :class:`RuleFileError`
    with every problem as ``FILE:LINE:COL: message``."""
    path = Path(path)
    raw = path.read_bytes()
    if len(raw) > MAX_RULE_FILE_BYTES:
        raise RuleFileError(f"{path}:1:1: file is over 2 MiB; split the rules up")
    text = raw.decode("utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RuleFileError(f"{path}:{line}:{col}: invalid YAML: {exc.problem}") from None
    marks: dict = {}
    keys: dict = {}
    if node is not None:
        _marks(node, (), marks, keys)
    try:
        return DimensionFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(
                p
                for p in err["loc"]
                if not (isinstance(p, str) and ("[" in p or p in ("str", "list[str]", "GroupSpec")))
            )
            if err["type"] == "extra_forbid" or err["type"] == "extra_forbidden":
                key = str(loc[-1])
                options = _model_fields_at(loc[:-1])
                match = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
                hint = (
                    f"; did you mean '{match[0]}'?"
                    if match
                    else (f"; allowed keys: {', '.join(options)}" if options else "")
                )
                line, col = _position(loc, marks, keys, key=True)
                problems.append(f"{path}:{line}:{col}: unknown key '{key}'{hint}")
            elif err["type"] == "missing":
                line, col = _position(loc[:-1], marks, keys)
                where = ".".join(map(str, loc[:-1])) or "the top level"
                problems.append(f"{path}:{line}:{col}: missing required key '{loc[-1]}' in {where}")
            else:
                line, col = _position(loc, marks, keys)
                where = ".".join(map(str, loc))
                problems.append(f"{path}:{line}:{col}: {where}: {err['msg']}")
        raise RuleFileError("\n".join(dict.fromkeys(problems))) from None
