"""Loading and compiling the YAML lexicons in ``scoring/data``.

Everything is compiled once, when a scorer is built: macros are expanded,
regexes compiled, and each rule is split into *branches* (its top-level
alternatives) with cheap *gates*: sets of literal strings, derived from the
regex itself, one of each of which must start a word of the normalised reply
before the branch's regex is even tried (see :func:`gates_for`). Word lists
are compiled as tries (:func:`trie_pattern`): the same matches as the plain
alternation, but the regex engine tries a few letters per step instead of
every word in turn. Gates are taken from the plain form, regexes from the trie
form.
"""

from __future__ import annotations

import re
import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import yaml

from scoring.rulefile import load_rule_file

DATA_DIR = Path(__file__).with_name("data")
_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_VOWELS = set("aeiou")


class LexiconError(ValueError):
    """A lexicon file is malformed (bad regex, unknown macro, bad field)."""


# ---------------------------------------------------------------- verbs --
def inflect(base: str, irregular: list[str] | None = None) -> dict[str, set[str]]:
    """Forms of a (possibly multi-word) verb: base, -s, past/participle, -ing.

    Only the first word is inflected ("zero out" -> "zeroed out"). Irregular
    past forms can be given explicitly and replace the regular -ed form.
    """
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e") and not head.endswith("ee"):
        ing, ed = head[:-1] + "ing", head + "d"
    elif head.endswith("y") and len(head) > 1 and head[-2] not in _VOWELS:
        ing, ed = head + "ing", head[:-1] + "ied"
    elif (
        len(head) <= 4
        and len(head) >= 3
        and head[-1] not in _VOWELS | {"w", "x", "y"}
        and head[-2] in _VOWELS
        and head[-3] not in _VOWELS
    ):
        ing, ed = head + head[-1] + "ing", head + head[-1] + "ed"
    else:
        ing, ed = head + "ing", head + "ed"
    if head.endswith(("s", "x", "z", "ch", "sh")):
        third = head + "es"
    elif head.endswith("y") and len(head) > 1 and head[-2] not in _VOWELS:
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    past = {p for p in irregular} if irregular else {ed}
    if head.endswith("l") and not irregular:  # cancel -> cancelled / canceled
        past |= {head + "led", head + "ed"}
        ing_forms = {head + "ling", head + "ing"}
    else:
        ing_forms = {ing}
    return {
        "base": {base, third + tail},
        "past": {p if " " in p else p + tail for p in past},
        "ing": {i + tail for i in ing_forms},
    }


# -------------------------------------------------------------- gating ---
def _required_literals(seq) -> set[str] | None:
    """A set of literal strings, at least one of which any match contains."""
    cands = _literal_candidates(seq)
    if not cands:
        return None
    best = min(cands, key=_selectivity)
    return best if len(best) <= 40 else None


def _selectivity(c: AbstractSet[str]) -> tuple:
    # prefer few alternatives (cheap to check), then long ones (rare in text)
    return (len(c) > 12, -min(len(s.strip()) for s in c), len(c))


def _literal_candidates(seq) -> list[set[str]]:
    """Every set of literal strings of which any match must contain one."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush():
        if run:
            candidates.append({"".join(run)})
            run.clear()

    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is C.SUBPATTERN:
            sub = _required_literals(av[-1])
            if sub:
                candidates.append(sub)
        elif op is C.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                sub = _required_literals(branch)
                if not sub:
                    union = set()
                    break
                union |= sub
            if union:
                candidates.append(union)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                r = _required_literals(sub)
                if r:
                    candidates.append(r)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            r = _required_literals(av)
            if r:
                candidates.append(r)
    flush()
    return [c for c in candidates if c and min(len(s.strip()) for s in c) >= 2]


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_NONWORD_CATEGORIES = {C.CATEGORY_SPACE, C.CATEGORY_NOT_WORD}
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None))


def _nonword_set(items) -> bool:
    for op, av in items:
        if op is C.LITERAL and not _is_word(chr(av)):
            continue
        if op is C.CATEGORY and av in _NONWORD_CATEGORIES:
            continue
        return False
    return True


def _ends_nonword(seq) -> bool | None:
    """Whether every way through ``seq`` ends on a non-word character
    (None: it can match the empty string, so what came before decides)."""
    for op, av in reversed(list(seq)):
        if op is C.AT:
            if av in (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING):
                return True  # a word character after it starts a word
            continue
        if op is C.LITERAL:
            return not _is_word(chr(av))
        if op is C.IN:
            return _nonword_set(av)
        if op is C.SUBPATTERN:
            r = _ends_nonword(av[-1])
            if r is None:
                continue
            return r
        if op is C.BRANCH:
            ends = [_ends_nonword(b) for b in av[1]]
            if any(e is False for e in ends):
                return False
            if any(e is None for e in ends):
                return None
            return True
        if op in _REPEATS:
            r = _ends_nonword(av[2])
            if r is False:
                return False
            if av[0] == 0 or r is None:
                continue  # may be skipped: what comes before decides
            return True
        return False
    return None


def _anchored_candidates(seq, anchored: bool) -> tuple[list[set[str]], bool]:
    """Like :func:`_literal_candidates`, but only literals that start a word
    in any matching text (leading spaces and punctuation stripped), so that a
    scan at word starts finds them. Returns (candidates, whether the end of
    ``seq`` is followed by a word start)."""
    cands: list[set[str]] = []
    run: list[str] = []
    run_anchor = False
    anchor = anchored

    def flush():
        if run:
            lit = "".join(run)
            i = 0
            while i < len(lit) and not _is_word(lit[i]):
                i += 1
            if lit[i:] and (run_anchor or i > 0):
                cands.append({lit[i:]})
            run.clear()

    for op, av in seq:
        if op is C.LITERAL:
            if not run:
                run_anchor = anchor
            run.append(chr(av))
            anchor = not _is_word(chr(av))
            continue
        flush()
        if op is C.AT:
            anchor = av in (C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING) or (
                anchor and av is not C.AT_NON_BOUNDARY
            )
        elif op is C.IN:
            anchor = _nonword_set(av)
        elif op is C.SUBPATTERN:
            sub, _ = _anchored_candidates(av[-1], anchor)
            cands.extend(sub)
            end = _ends_nonword(av[-1])
            anchor = anchor if end is None else end
        elif op is C.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                sub, _ = _anchored_candidates(branch, anchor)
                sub = [c for c in sub if c and min(len(x) for x in c) >= 2]
                if not sub:
                    union = set()
                    break
                union |= min(sub, key=_selectivity)
            if union:
                cands.append(union)
            end = _ends_nonword([(op, av)])
            anchor = anchor if end is None else end
        elif op in (C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: whether a word starts here is unchanged
        elif op in _REPEATS:
            lo, _hi, sub_seq = av
            if lo >= 1:
                sub, _ = _anchored_candidates(sub_seq, anchor)
                cands.extend(sub)
            end = _ends_nonword(sub_seq)
            anchor = (anchor or lo >= 1) if end else (anchor if end is None else False)
            if end and lo == 0:
                anchor = anchor  # skipped: as before; taken: ends on a non-word char
        else:
            anchor = False
    flush()
    return [c for c in cands if c and min(len(x) for x in c) >= 2], anchor


def _minimal(lits) -> tuple[str, ...]:
    # a shorter literal that starts another makes that one redundant (gates
    # are checked at word starts, so only a prefix implies the longer one)
    out: list[str] = []
    for s in sorted(lits, key=len):
        if not any(s.startswith(o) for o in out):
            out.append(s)
    return tuple(out)


@lru_cache(maxsize=4096)
def gates_for(pattern: str) -> tuple[tuple[str, ...], ...]:
    """All literal gates of a pattern, most selective first: every match
    contains one literal of each gate."""
    try:
        parsed = sre_parse.parse(pattern, 0)
    except Exception:  # pragma: no cover - compile() will report it
        return ()
    found, _ = _anchored_candidates(parsed, False)
    cands = [_minimal(c) for c in found]
    cands.sort(key=_gate_cost)
    return tuple(cands)


#: words in almost every reply: a gate made of them filters nothing
_COMMON = frozenset(
    [
        "i",
        "we",
        "you",
        "it",
        "is",
        "are",
        "am",
        "was",
        "were",
        "be",
        "the",
        "a",
        "an",
        "to",
        "and",
        "not",
        "will",
        "can",
        "have",
        "has",
        "that",
        "this",
        "your",
        "my",
        "our",
        "for",
        "on",
        "in",
        "of",
        "at",
        "with",
        "do",
        "so",
        "me",
        "us",
    ]
)


def _gate_cost(c: tuple[str, ...]) -> tuple:
    common = sum(1 for s in c if s.strip() in _COMMON or len(s.strip()) <= 2)
    return (common, len(c) > 60, -min(len(s.strip()) for s in c), len(c))


#: letters by frequency in English text: tried first, they fail fewer times
_FREQ_RANK = {ch: i for i, ch in enumerate(" etaoinshrdlcumwfgypbvkjxqz'-.,0123456789")}


def trie_pattern(words) -> str:
    """A regex matching any of ``words``, as a trie (one pass, longest first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [
            re.escape(ch) + build(child)
            for ch, child in sorted(node.items(), key=lambda kv: _FREQ_RANK.get(kv[0], 99))
            if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?" if len(alts) == 1 else body + "?"
        return body

    return build(trie)


def gate_for(pattern: str) -> tuple[str, ...] | None:
    try:
        parsed = sre_parse.parse(pattern, 0)
    except Exception:  # pragma: no cover - compile() will report it
        return None
    lits = _required_literals(parsed)
    if not lits:
        return None
    # a shorter literal that is a substring of another makes that one redundant
    keep = sorted(lits, key=len)
    out: list[str] = []
    for s in keep:
        if not any(o in s for o in out):
            out.append(s)
    return tuple(out)


def split_top_level(pattern: str) -> list[str]:
    """Split a regex on its top-level ``|`` (outside groups and classes)."""
    parts, depth, in_class, i, start = [], 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def strip_leading_boundary(pattern: str) -> tuple[str, bool]:
    r"""Drop a leading ``\b`` from every top-level alternative.

    Python's regex engine can only skip ahead quickly when a pattern starts
    with a literal or a character set; a leading ``\b`` makes it try every
    position (5-10x slower). The scorer checks the word boundary itself
    instead. Returns (pattern, whether the boundary must be checked)."""
    parts = split_top_level(pattern)
    if all(p.startswith(r"\b") for p in parts):
        return "|".join(p[2:] for p in parts), True
    return pattern, False


_SAMPLE = (
    "hi there, i am so sorry about the blender, that sounds really frustrating. "
    "you should have read the manual, and our policy is 30 days. the courier lost it, "
    "so i will send a replacement router by 3pm tomorrow morning and you will get "
    "your money back. what is the order number on your receipt? have a great day."
)


def _fastest_variant(pattern: str, where: str) -> tuple[str, bool]:
    """Pick, by timing on a sample, between a pattern and its variant without a
    leading word boundary (both find the same matches)."""
    fast, boundary = strip_leading_boundary(pattern)
    if not boundary:
        return pattern, False
    a, b = _compile(pattern, where), _compile(fast, where)
    best = []
    for rx in (a, b):
        t = time.perf_counter()
        for _ in range(20):
            for _m in rx.finditer(_SAMPLE):
                pass
        best.append(time.perf_counter() - t)
    return (fast, True) if best[1] < 0.8 * best[0] else (pattern, False)


# --------------------------------------------------------------- rules ---
@dataclass(slots=True)
class Group:
    name: str
    regex: re.Pattern
    gate: tuple[str, ...] | None
    negatable: bool = False


@dataclass(slots=True)
class Branch:
    """One top-level alternative of a rule, with its own literal gates, so
    that only the alternatives whose words occur in a reply are run."""

    regex: re.Pattern
    #: the match must start at a word boundary (checked in Python)
    boundary: bool
    #: one of these literals must occur (None: always run)
    gate: tuple[str, ...] | None
    #: further literal sets of which one literal each must occur too
    also: tuple[frozenset[str], ...] = ()
    #: for a weakly gated branch: one of these must occur anywhere (a plain
    #: substring test, for literals that need not start a word, like "'s")
    contains: tuple[str, ...] | None = None


@dataclass(slots=True)
class Rule:
    id: str
    dimension: str
    regex: re.Pattern
    gate: tuple[str, ...] | None
    kind: str = "hit"  # hit | mask | anti
    weight: float = 0.8
    negatable: bool = True
    requires: str | None = None
    scope: str = "sentence"
    unless: str | None = None
    unless_scope: str = "sentence"
    on_original: bool = False
    #: the match must start at a word boundary (checked in Python, see
    #: strip_leading_boundary)
    boundary: bool = False
    not_after: re.Pattern | None = None
    after: re.Pattern | None = None
    #: the clause before the match must contain this (e.g. a subject that is
    #: the customer's situation, not the traffic or a third party)
    clause_has: re.Pattern | None = None
    branches: list[Branch] = field(default_factory=list)
    exclude: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    explain: str = ""
    tip: str | None = None


@dataclass(slots=True)
class DimensionLexicon:
    dimension: str
    rules: list[Rule]
    groups: dict[str, Group]
    default_tip: str = ""
    present_explain: str = ""
    absent_explain: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Lexicons:
    replacements: dict[str, str]
    dimensions: dict[str, DimensionLexicon]


_PLAIN = re.compile(r"^ ?[a-z]+(?: [a-z]+)* ?$")
_WRAPPED = re.compile(r"^(\\b)?\(\?:(.*)\)(\\b)?$", re.DOTALL)


def _distribute(part: str) -> list[str]:
    r"""``\b(?:A|B)\b`` -> ``\bA\b``, ``\bB\b``: each alternative gets its own gate."""
    m = _WRAPPED.match(part)
    if not m:
        return [part]
    inner = m.group(2)
    try:  # the parentheses must enclose the whole inner text
        re.compile(inner)
    except re.error:
        return [part]
    alts = split_top_level(inner)
    if len(alts) < 2 or "".join(f"({a})" for a in alts).count("(") > 400:
        return [part]
    pre, post = m.group(1) or "", m.group(3) or ""
    return [f"{pre}(?:{a}){post}" for a in alts]


def make_branches(
    pattern: str, where: str, gated: bool = True, fast: str | None = None
) -> list[Branch]:
    """Split a rule on its top-level ``|`` into separately gated branches.
    ``fast`` is the same pattern with trie-folded word lists: gates come from
    ``pattern``, the compiled regexes from ``fast``."""
    parts, fast_parts = [], []
    fast_split = split_top_level(fast) if fast else None
    plain_split = split_top_level(pattern)
    if fast_split is None or len(fast_split) != len(plain_split):
        fast_split = plain_split
    for part, fpart in zip(plain_split, fast_split, strict=True):
        gates = gates_for(part)
        weak = not gates or _gate_cost(gates[0])[0] > 0
        if gated and weak:
            dp, df = _distribute(part), _distribute(fpart)
            if len(dp) == len(df):
                parts.extend(dp)
                fast_parts.extend(df)
                continue
        parts.append(part)
        fast_parts.append(fpart)
    out = []
    for part, fpart in zip(parts, fast_parts, strict=True):
        regex_src, boundary = _fastest_variant(fpart, where)
        kept = list(gates_for(part))
        if not gated:
            # a rule on the original text: gate only on plain lowercase words,
            # which read the same in the normalised text
            kept = [g for g in kept if all(_PLAIN.match(lit) for lit in g)]
        gates = tuple(kept)
        contains = None
        if gated and (not gates or _gate_cost(gates[0])[0] > 0):
            sub = _required_literals(sre_parse.parse(part, 0))
            if sub and min(len(x.strip()) for x in sub) >= 2 and len(sub) <= 6:
                contains = _minimal_substrings(sub)
        out.append(
            Branch(
                _compile(regex_src, where),
                boundary,
                gates[0] if gates else None,
                tuple(frozenset(g) for g in gates[1:4]),
                contains,
            )
        )
    return out


def _minimal_substrings(lits) -> tuple[str, ...]:
    out: list[str] = []
    for s in sorted(lits, key=len):
        if not any(o in s for o in out):
            out.append(s)
    return tuple(out)


def _load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_PLAIN_ENTRY = re.compile(r"^[a-z0-9 '&$%-]+$")


def _alternation(words, trie: bool) -> str:
    """``(?:w1|w2|...)`` longest first, or (``trie``) the plain words folded
    into a trie: the same matches, but the regex engine tries a handful of
    letters at each step instead of every word in turn."""
    words = sorted(set(words), key=len, reverse=True)
    if not trie:
        return "(?:" + "|".join(words) + ")"
    plain = [w for w in words if _PLAIN_ENTRY.match(w)]
    other = [w for w in words if not _PLAIN_ENTRY.match(w)]
    alts = ([trie_pattern(plain)] if plain else []) + other
    return "(?:" + "|".join(alts) + ")"


def _build_macros(lex: dict, trie: bool = False) -> dict[str, str]:
    macros: dict[str, str] = {}
    for name, words in (lex.get("words") or {}).items():
        macros[name] = _alternation((str(w).strip() for w in words), trie)
    irregular = {}
    for name, verbs in (lex.get("verbs") or {}).items():
        forms: dict[str, set[str]] = {"base": set(), "past": set(), "ing": set()}
        for entry in verbs:
            if isinstance(entry, dict):
                ((base, irr),) = entry.items()
                irr = [irr] if isinstance(irr, str) else list(irr)
            else:
                base, irr = str(entry), None
            irregular[base] = irr
            for k, v in inflect(base, irr).items():
                forms[k] |= v

        def alt(ws):
            return _alternation(ws, trie)

        macros[name] = alt(forms["base"] | forms["past"] | forms["ing"])
        macros[name + "_PAST"] = alt(forms["past"])
        macros[name + "_ING"] = alt(forms["ing"])
        macros[name + "_BASE"] = alt(forms["base"])
    # macros may refer to macros defined earlier
    for name in list(macros):
        macros[name] = expand(macros[name], macros, f"macro {name}")
    return macros


def expand(pattern: str, macros: dict[str, str], where: str = "") -> str:
    def sub(m):
        try:
            return macros[m.group(1)]
        except KeyError:
            raise LexiconError(f"unknown macro {{{m.group(1)}}} in {where}") from None

    for _ in range(4):
        new = _MACRO.sub(sub, pattern)
        if new == pattern:
            break
        pattern = new
    return pattern


def _compile(pattern: str, where: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise LexiconError(f"bad regex in {where}: {exc}") from exc


def _joined(pattern: str | list[str]) -> str:
    """A pattern list (one phrase family per item) as one alternation."""
    return pattern if isinstance(pattern, str) else "|".join(pattern)


def _rule_file_data(path: Path) -> dict[str, Any]:
    """A validated rule file (see :mod:`scoring.rulefile`) as the plain data
    the compiler reads, pattern lists joined into alternations."""
    spec = load_rule_file(path)
    data = spec.model_dump(exclude_none=True, exclude={"rules": {"__all__": {"examples"}}})
    for rule in data["rules"]:
        rule["pattern"] = _joined(rule["pattern"])
    groups: dict[str, Any] = {}
    for name, group in data.get("groups", {}).items():
        if isinstance(group, dict):
            groups[name] = {**group, "pattern": _joined(group["pattern"])}
        else:
            groups[name] = _joined(group)
    data["groups"] = groups
    return data


NORMALISE_SECTIONS = ("contractions", "chat", "british", "typos")


def load_replacements(
    lexicon_dir: str | Path | None = None, sections: tuple[str, ...] = NORMALISE_SECTIONS
) -> dict[str, str]:
    """The normalisation table (``normalise.yaml``): word -> replacement, from these sections."""
    d = Path(lexicon_dir) if lexicon_dir else DATA_DIR
    norm = _load_yaml(d / "normalise.yaml") or {}
    replacements: dict[str, str] = {}
    for section in sections:
        for k, v in (norm.get(section) or {}).items():
            replacements[str(k)] = str(v)
    return replacements


def load_lexicons(lexicon_dir: str | Path | None = None) -> Lexicons:
    """Load and compile every YAML file of a lexicon directory."""
    d = Path(lexicon_dir) if lexicon_dir else DATA_DIR
    replacements = load_replacements(d)
    lex_data = _load_yaml(d / "lexicon.yaml") or {}
    # gates are derived from the plain word lists, regexes compiled from tries
    macros = _build_macros(lex_data)
    fast_macros = _build_macros(lex_data, trie=True)
    dims: dict[str, DimensionLexicon] = {}
    for dim in ("empathy", "ownership", "blame", "policy_hiding"):
        data = _rule_file_data(d / f"{dim}.yaml")
        groups: dict[str, Group] = {}
        for gname, spec in (data.get("groups") or {}).items():
            if isinstance(spec, dict):
                pat, neg = spec["pattern"], bool(spec.get("negatable", False))
            else:
                pat, neg = spec, False
            pat = expand(str(pat), fast_macros, f"{dim}.groups.{gname}")
            groups[gname] = Group(gname, _compile(pat, f"{dim}.groups.{gname}"), gate_for(pat), neg)
        rules: list[Rule] = []
        for i, spec in enumerate(data.get("rules") or []):
            rid = spec.get("id") or f"{dim}_{i}"
            where = f"{dim}.yaml rule {rid}"
            kind = spec.get("kind", "hit")
            if kind not in ("hit", "mask", "anti"):
                raise LexiconError(f"{where}: kind must be hit, mask or anti")
            on_original = bool(spec.get("on_original", False))
            pat = expand(str(spec["pattern"]), macros, where)
            fast_pat = expand(str(spec["pattern"]), fast_macros, where)
            if isinstance(spec.get("unless"), list):  # any of several groups
                names = [str(n) for n in spec["unless"]]
                for n in names:
                    if n not in groups:
                        raise LexiconError(f"{where}: unknown group {n!r}")
                name = "|".join(names)
                if name not in groups:
                    either = "|".join(f"(?:{groups[n].regex.pattern})" for n in names)
                    groups[name] = Group(name, _compile(either, where), None)
                spec = {**spec, "unless": name}
            for ref in ("requires", "unless"):
                if spec.get(ref) and spec[ref] not in groups:
                    raise LexiconError(f"{where}: unknown group {spec[ref]!r}")
            gate = None  # gates live on the branches now
            fast, boundary = strip_leading_boundary(fast_pat)
            rules.append(
                Rule(
                    id=rid,
                    dimension=dim,
                    regex=_compile(fast, where),
                    gate=gate,
                    boundary=boundary,
                    kind=kind,
                    weight=float(spec.get("weight", 0.8 if kind == "hit" else 0.0)),
                    negatable=bool(spec.get("negatable", kind == "hit")),
                    requires=spec.get("requires"),
                    scope=spec.get("scope", "sentence"),
                    unless=spec.get("unless"),
                    unless_scope=spec.get("unless_scope", "sentence"),
                    on_original=on_original,
                    not_after=_compile(
                        r"\b(?:"
                        + expand(str(spec["not_after"]), fast_macros, where)
                        + r")[ \t,]*$",
                        where + " not_after",
                    )
                    if spec.get("not_after")
                    else None,
                    after=_compile(
                        r"\b(?:" + expand(str(spec["after"]), fast_macros, where) + r")\b",
                        where + " after",
                    )
                    if spec.get("after")
                    else None,
                    clause_has=_compile(expand(str(spec["clause_has"]), fast_macros, where), where)
                    if spec.get("clause_has")
                    else None,
                    exclude=frozenset(str(w).lower() for w in spec.get("exclude") or ()),
                    tags=frozenset(spec.get("tags") or ()),
                    branches=make_branches(pat, where, gated=not on_original, fast=fast_pat),
                    explain=spec.get("explain", ""),
                    tip=spec.get("tip"),
                )
            )
        dims[dim] = DimensionLexicon(
            dimension=dim,
            rules=rules,
            groups=groups,
            default_tip=data.get("default_tip", ""),
            present_explain=data.get("present_explain", ""),
            absent_explain=data.get("absent_explain", ""),
            extra={k: v for k, v in data.items() if k not in ("rules", "groups")},
        )
    return Lexicons(replacements=replacements, dimensions=dims)
