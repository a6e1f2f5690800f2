"""The offline rule-based reply scorer.

Usage::

    from scoring.rules import rule_scorer, score_reply

    scorer = rule_scorer()                     # compiles scoring/data/*.yaml once
    result = scorer.score("Sorry, the system won't let me refund that.")
    result.present("policy_hiding")            # True
    result.scores["policy_hiding"].evidence    # spans of the original text
    result.all_tips()                          # coaching tips

How it works: the reply is normalised (lowercase, contractions and chat
spellings expanded, British spellings mapped to American) with an offset map
back to the original text. Each dimension has a small scorer (see
:func:`empathy`, :func:`ownership`, :func:`blame`, :func:`policy_hiding`)
that runs the patterns of its YAML file: *hits* are evidence for the
behaviour, *masks* and *antis* hide look-alike hits ("sorry you feel that
way", "not your fault", "not going to hide behind a policy"), hits preceded by
a negator in their clause are dropped, and hits may require or exclude a
helper pattern in the same sentence (a rule word only counts as policy-hiding
next to a refusal). Blame that merely names a cause is dropped when the
reply owns the fix.

Speed: one zero-width scan of the normalised reply (:class:`Gates`) finds
every gate literal that starts a word, which selects the few rule branches
(about 14 of ~300 on a typical reply) whose regex can match; only those run.
``tests/unit/test_scoring_gates.py`` checks that no skipped branch could have
matched.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from scoring.lexicon import (
    Branch,
    DimensionLexicon,
    Group,
    Lexicons,
    Rule,
    load_lexicons,
    trie_pattern,
)
from scoring.text import Normalized, Normalizer
from scoring.types import DIMENSIONS, Cues, Evidence, ReplyScore, Score

__all__ = ["Hit", "RuleScorer", "rule_scorer", "score_reply"]

#: Weight of a scenario cue match.
CUE_WEIGHT = 0.8
#: Longest reply analysed; longer input is cut (evidence stays exact).
MAX_CHARS = 20_000
_TRIM_LEAD = " \t\n,;:.!?—–-\"'("
_TRIM_TAIL = " \t\n,;:—–-\"'("


@dataclass(slots=True)
class Hit:
    """One pattern match, in normalised and original coordinates."""

    rule_id: str
    kind: str
    weight: float
    nstart: int
    nend: int
    start: int
    end: int
    explain: str = ""
    tip: str | None = None
    tags: frozenset[str] = frozenset()

    def overlaps(self, other: Hit) -> bool:
        return self.nstart < other.nend and other.nstart < self.nend


@dataclass(slots=True)
class Context:
    """Everything a dimension scorer can look at for one reply."""

    doc: Normalized
    customer: str | None
    cues: Cues | None
    results: dict[str, Score] = field(default_factory=dict)
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    #: dimension -> the rule branches that passed the gates (None: not gated)
    gated: dict[str, list[tuple[Rule, Branch]]] | None = None

    def branches(self, dimension: str) -> list[tuple[Rule, Branch]] | None:
        """The rule branches of a dimension that passed the gates."""
        return None if self.gated is None else self.gated[dimension]


DimensionScorer = Callable[[Context], Score]


# ------------------------------------------------------------ matching ---
def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _trimmed(doc: Normalized, start: int, end: int) -> tuple[int, int]:
    text = doc.original
    while start < end and text[start] in _TRIM_LEAD:
        start += 1
    while end > start and text[end - 1] in _TRIM_TAIL:
        end -= 1
    return start, end


def _spans(rule: Rule | Branch, text: str) -> list[tuple[int, int]]:
    """Non-empty matches of a rule. A rule compiled without its leading word
    boundary (for speed) is re-checked here, and a match rejected for starting
    inside a word is retried one character later so no real match is lost."""
    if not rule.boundary:
        return [m.span() for m in rule.regex.finditer(text) if m.end() > m.start()]
    out = []
    pos = -1
    for m in rule.regex.finditer(text):  # the common case: every match starts a word
        s, e = m.span()
        if s and _is_word(text[s - 1]) and _is_word(text[s]):
            pos = s + 1
            break
        if e > s:
            out.append((s, e))
    if pos < 0:
        return out
    search = rule.regex.search
    n = len(text)
    while pos <= n:
        found = search(text, pos)
        if found is None:
            break
        m = found
        s, e = m.span()
        if s and _is_word(text[s - 1]) and _is_word(text[s]):
            pos = s + 1
            continue
        if e > s:
            out.append((s, e))
        pos = e if e > s else s + 1
    return out


def _spans_fast(br: Branch, text: str) -> list[tuple[int, int]]:
    """The same as :func:`_spans`, cheaper for the usual cases: no match at
    all (one search), or matches that all start a word (one pass)."""
    first = br.regex.search(text)
    if first is None:
        return []
    return _spans_from(br, text, first)


def _spans_from(br: Branch, text: str, first: re.Match) -> list[tuple[int, int]]:
    """The spans of :func:`_spans_fast`, given the first match."""
    rx = br.regex
    spans = []
    s, e = first.span()
    for m in (first, *rx.finditer(text, e if e > s else s + 1)):
        s, e = m.span()
        if br.boundary and s and _is_word(text[s - 1]) and _is_word(text[s]):
            return _spans(br, text)  # rare: a match inside a word, retry exactly
        if e > s:
            spans.append((s, e))
    return spans


def _make_hit(doc: Normalized, rule: Rule, ns: int, ne: int) -> Hit | None:
    s, e = doc.to_original(ns, ne) if doc.segments else (ns, ne)
    text = doc.original
    if text[s] in _TRIM_LEAD or text[e - 1] in _TRIM_TAIL:
        s, e = _trimmed(doc, s, e)
        if s >= e:
            return None
    return Hit(rule.id, rule.kind, rule.weight, ns, ne, s, e, rule.explain, rule.tip, rule.tags)


class _GroupCache:
    def __init__(self, doc: Normalized, groups: dict[str, Group]):
        self.doc = doc
        self.groups = groups
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def get(self, name: str) -> list[tuple[int, int]]:
        spans = self.spans.get(name)
        if spans is None:
            g = self.groups[name]
            norm = self.doc.norm
            if g.gate and not any(lit in norm for lit in g.gate):
                spans = []
            else:
                spans = [
                    m.span()
                    for m in g.regex.finditer(norm)
                    if not (g.negatable and self.doc.negated(m.start()))
                ]
            self.spans[name] = spans
        return spans

    def within(self, name: str, pos: int, scope: str) -> bool:
        spans = self.get(name)
        if not spans:
            return False
        if scope == "reply":
            return True
        a, b = self.doc.sentence_span(pos, 1 if scope == "window" else 0)
        return any(s < b and e > a for s, e in spans)


class Gates:
    """Decides, in one pass over a reply, which rule branches can match.

    Every branch has a literal gate (one of its literals must occur in any
    match). All gate literals are compiled into one trie regex; a zero-width
    scan finds the longest literal starting at each position, and each found
    literal maps to the branches gated by it or by one of its prefixes. Only
    those branches (plus the few without a gate) run their regex."""

    def __init__(self, lexicons: Lexicons):
        self.table: list[tuple[Rule, Branch]] = []
        self.ranges: dict[str, tuple[int, int]] = {}
        by_literal: dict[str, set[int]] = {}
        literals: set[str] = set()
        always: set[int] = set()
        for dim, lex in lexicons.dimensions.items():
            lo = len(self.table)
            for rule in lex.rules:
                for br in rule.branches:
                    gid = len(self.table)
                    self.table.append((rule, br))
                    for lits in br.also:
                        literals |= lits
                    if br.gate is None:
                        always.add(gid)
                    else:
                        for lit in br.gate:
                            by_literal.setdefault(lit, set()).add(gid)
            self.ranges[dim] = (lo, len(self.table))
        self.dim_of = [rule.dimension for rule, _br in self.table]
        literals |= set(by_literal)
        self.always = frozenset(always)
        # Literals are bits of an int; a found literal also stands for every
        # literal that is its prefix (the scan reports the longest per position).
        bit = {lit: 1 << i for i, lit in enumerate(sorted(literals))}
        self.index: dict[str, frozenset[int]] = {}
        self.closure: dict[str, int] = {}
        for lit in literals:
            ids: set[int] = set()
            mask = 0
            for k in range(1, len(lit) + 1):
                ids |= by_literal.get(lit[:k], set())
                mask |= bit.get(lit[:k], 0)
            self.index[lit] = frozenset(ids)
            self.closure[lit] = mask
        #: per branch: one mask per further gate (a literal of each must occur)
        self.also: list[tuple[int, ...]] = [
            tuple(sum(bit[lit] for lit in lits) for lits in br.also) for _rule, br in self.table
        ]
        # every gate literal starts a word (see lexicon.gates_for): scan word starts only
        self.scan = re.compile(rf"\b(?=({trie_pattern(literals)}))") if literals else None

    def by_dimension(self, norm: str) -> dict[str, list[tuple[Rule, Branch]]]:
        """The (rule, branch) pairs that can match, per dimension, in rule order."""
        out: dict[str, list[tuple[Rule, Branch]]] = {d: [] for d in self.ranges}
        found = self.scan.findall(norm) if self.scan is not None else ()
        closure, also, index = self.closure, self.also, self.index
        present = 0
        for f in found:
            present |= closure[f]
        table, dim_of = self.table, self.dim_of
        for gid in sorted(self.always.union(*[index[f] for f in found])):
            masks = also[gid]
            for mask in masks:
                if not mask & present:
                    break
            else:
                rule, br = table[gid]
                contains = br.contains
                if contains is not None:
                    for lit in contains:
                        if lit in norm:
                            break
                    else:
                        continue
                out[dim_of[gid]].append((rule, br))
        return out

    def candidates(self, norm: str) -> list[int]:
        """Ids (into :attr:`table`, ascending) of the branches that can match."""
        if self.scan is None:
            return sorted(self.always)
        found = set(self.scan.findall(norm))
        if not found:
            return sorted(self.always)
        closure, also = self.closure, self.also
        present = 0
        for f in found:
            present |= closure[f]
        index = self.index
        out = []
        for gid in sorted(self.always.union(*[index[f] for f in found])):
            for mask in also[gid]:
                if not mask & present:
                    break
            else:
                out.append(gid)
        return out


def match_dimension(
    lex: DimensionLexicon, doc: Normalized, branches: list[tuple[Rule, Branch]] | None = None
) -> tuple[list[Hit], list[Hit]]:
    """Run one dimension's rules: returns (hits, antis), overlapping hits merged.
    ``branches`` are the (rule, branch) pairs that passed the gates (default:
    every branch of the dimension, gated here by substring)."""
    norm = doc.norm
    if branches is None:
        branches = [
            (rule, br)
            for rule in lex.rules
            for br in rule.branches
            if br.gate is None or any(lit in norm for lit in br.gate)
        ]
    blockers: list[Hit] = []
    raw: list[tuple[Rule, int, int]] = []
    groups: _GroupCache | None = None
    for rule, br in branches:
        if rule.on_original:
            orig = doc.original
            for s, e in _spans(br, orig):
                if rule.exclude and orig[s:e].split(None, 1)[0].lower() in rule.exclude:
                    continue
                ns, ne = doc.to_norm(s), doc.to_norm(e)
                if ne > ns:
                    raw.append((rule, ns, ne))
            continue
        first = br.regex.search(norm)
        if first is None:  # most gated branches still find nothing
            continue
        spans = _spans_from(br, norm, first)
        for ns, ne in spans:
            if rule.kind == "hit":
                raw.append((rule, ns, ne))
            else:
                if rule.unless:
                    if groups is None:
                        groups = _GroupCache(doc, lex.groups)
                    if groups.within(rule.unless, ns, rule.unless_scope):
                        continue
                hit = _make_hit(doc, rule, ns, ne)
                if hit is not None:
                    blockers.append(hit)
    if not raw:
        return [], [b for b in blockers if b.kind == "anti"]
    if groups is None:
        groups = _GroupCache(doc, lex.groups)
    # Greedy merge: strongest (then longest) first; a match overlapping one
    # already kept can never win, so its checks are skipped.
    if len(raw) > 1:
        raw.sort(key=lambda r: (-r[0].weight, r[1] - r[2]))
    kept: list[tuple[int, int, Rule]] = []
    for rule, ns, ne in raw:
        if rule.after is None and any(k[0] < ne and ns < k[1] for k in kept):
            continue
        if any(b.nstart < ne and ns < b.nend for b in blockers):
            continue
        if rule.negatable and doc.negated(ns):
            continue
        if rule.not_after is not None and rule.not_after.search(norm, max(0, ns - 30), ns):
            continue
        if rule.clause_has is not None:
            a = doc.sentence_span(ns)[0]
            if rule.clause_has.search(norm, max(a, ns - 90), ns) is None:
                continue
        if rule.after is not None:
            prefix_start = ns - len(doc.clause_prefix(ns, 70))
            found = None
            for found in rule.after.finditer(norm, prefix_start, ns):  # noqa: B007
                break
            if found is None:
                continue
            ns = found.start()
            if any(k[0] < ne and ns < k[1] for k in kept):
                continue
        if rule.requires and not groups.within(rule.requires, ns, rule.scope):
            continue
        if rule.unless and groups.within(rule.unless, ns, rule.unless_scope):
            continue
        kept.append((ns, ne, rule))
    if len(kept) > 1:
        kept.sort(key=lambda k: k[0])
    hits = []
    for ns, ne, rule in kept:
        hit = _make_hit(doc, rule, ns, ne)
        if hit is not None:
            hits.append(hit)
    return hits, [b for b in blockers if b.kind == "anti"]


def _merge(hits: list[Hit]) -> list[Hit]:
    """Keep the strongest of overlapping hits, in text order."""
    if len(hits) < 2:
        return hits
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-h.weight, h.nstart - h.nend)):
        ns, ne = h.nstart, h.nend
        for k in kept:
            if k.nstart < ne and ns < k.nend:
                break
        else:
            kept.append(h)
    kept.sort(key=lambda h: h.nstart)
    return kept


@lru_cache(maxsize=512)
def _compile_cues(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p, re.IGNORECASE))
        except re.error:
            out.append(re.compile(re.escape(p), re.IGNORECASE))
    return tuple(out)


def cue_hits(ctx: Context, dimension: str, lex: DimensionLexicon) -> list[Hit]:
    """Scenario cue matches for a dimension (on the original and normalised text)."""
    if ctx.cues is None:
        return []
    patterns = ctx.cues.for_dimension(dimension)
    if not patterns:
        return []
    doc = ctx.doc
    unless = lex.extra.get("cue_unless")
    groups = _GroupCache(doc, lex.groups) if unless in lex.groups else None
    hits: list[Hit] = []
    for rx in _compile_cues(tuple(patterns)):
        spans = [(doc.to_norm(m.start()), doc.to_norm(m.end())) for m in rx.finditer(doc.original)]
        if not spans:
            spans = [m.span() for m in rx.finditer(doc.norm)]
        for ns, ne in spans:
            if ne <= ns:
                continue
            if groups is not None and unless and groups.within(unless, ns, "sentence"):
                continue
            s, e = _trimmed(doc, *doc.to_original(ns, ne))
            if s < e:
                hits.append(
                    Hit(
                        f"cue:{rx.pattern}",
                        "hit",
                        CUE_WEIGHT,
                        ns,
                        ne,
                        s,
                        e,
                        "matches a cue of this scenario",
                        None,
                    )
                )
    return hits


def customer_echo_hits(ctx: Context, lex: DimensionLexicon) -> list[Hit]:
    """Hits for efforts the customer reported that the reply names back
    (``customer_echo`` in the dimension's YAML; only with a customer message)."""
    rx = lex.extra.get("_echo_rx")
    if rx is None or not ctx.customer:
        return []
    normalize = lex.extra["_normalize"]
    said = {" ".join(m.group().split()) for m in rx.finditer(normalize(ctx.customer).norm)}
    if not said:
        return []
    doc = ctx.doc
    weight = float(lex.extra.get("customer_echo_weight", 0.55))
    hits = []
    for m in rx.finditer(doc.norm):
        if " ".join(m.group().split()) not in said or doc.negated(m.start()):
            continue
        a, b = doc.sentence_span(m.start())
        if doc.norm[a:b].rstrip().endswith("?"):
            continue
        s, e = _trimmed(doc, *doc.to_original(*m.span()))
        if s < e:
            explain = "names back what the customer said it cost them"
            ns, ne = m.span()
            hits.append(Hit("customer_echo", "hit", weight, ns, ne, s, e, explain))
    return hits


# ------------------------------------------------------------- scoring ---
def combine(hits: list[Hit]) -> float:
    """Hits' weights combined as 1 - prod(1 - weight), each clamped to 0..1."""
    miss = 1.0
    for h in hits:
        w = h.weight
        miss *= 1.0 - (0.0 if w < 0.0 else 1.0 if w > 1.0 else w)
    return round(1.0 - miss, 3)


def _quote(doc: Normalized, hit: Hit, limit: int = 80) -> str:
    q = doc.original[hit.start : hit.end]
    q = " ".join(q.split())
    return q if len(q) <= limit else q[: limit - 1].rstrip() + "…"


def _explain(lex: DimensionLexicon, hits: list[Hit], present: bool, doc: Normalized) -> str:
    if not present:
        return lex.absent_explain
    reasons: list[str] = []
    seen: set[str] = set()
    for h in sorted(hits, key=lambda h: -h.weight) if len(hits) > 1 else hits:
        if h.explain in seen:
            continue
        label = h.explain or "matched"
        reasons.append(f"{label}: '{_quote(doc, h, 50)}'")
        if len(reasons) == 2:
            break
        seen.add(label.split(":")[0])
    return "; ".join(reasons) + "."


def _evidence(dimension: str, doc: Normalized, hits: list[Hit]) -> tuple[Evidence, ...]:
    text = doc.original
    if len(hits) > 1:
        hits = sorted(hits, key=lambda h: (h.start, h.end))
    return tuple([Evidence(dimension, h.start, h.end, text[h.start : h.end]) for h in hits])


def _tip_from(lex: DimensionLexicon, doc: Normalized, hits: list[Hit]) -> str:
    for h in sorted(hits, key=lambda h: -h.weight if h.kind == "hit" else h.start):
        if h.tip:
            return " ".join(h.tip.replace("{quote}", _quote(doc, h)).split())
    if hits:
        q = _quote(doc, hits[0])
        return " ".join(f'About "{q}": {lex.default_tip}'.split())
    return " ".join(lex.default_tip.split())


def _positive(dimension: str, lex: DimensionLexicon) -> DimensionScorer:
    """Scorer for a dimension the trainee should show (empathy, ownership)."""

    absent = Score(dimension, 0.0, lex.absent_explain, (), " ".join(lex.default_tip.split()))

    def score(ctx: Context) -> Score:
        branches = ctx.branches(dimension)
        if not branches and ctx.cues is None and not ctx.customer:  # the common case
            ctx.hits[dimension] = []
            return absent
        hits, antis = match_dimension(lex, ctx.doc, branches)
        if ctx.cues is not None:
            hits = _merge(hits + cue_hits(ctx, dimension, lex))
        if ctx.customer and "_echo_rx" in lex.extra:
            echo = [
                h
                for h in customer_echo_hits(ctx, lex)
                if not any(a.nstart < h.nend and h.nstart < a.nend for a in antis)
            ]
            if echo:
                hits = _merge(hits + echo)
        ctx.hits[dimension] = hits
        if not hits and not antis:
            return absent
        value = combine(hits)
        present = value >= 0.5
        if present:
            return Score(
                dimension,
                value,
                _explain(lex, hits, True, ctx.doc),
                _evidence(dimension, ctx.doc, hits),
            )
        explanation = lex.absent_explain
        if antis:
            explanation += f" '{_quote(ctx.doc, antis[0], 50)}' does not count."
        elif hits:
            explanation += f" ('{_quote(ctx.doc, hits[0], 50)}' alone is too weak.)"
        return Score(
            dimension,
            value,
            explanation,
            _evidence(dimension, ctx.doc, antis or hits),
            _tip_from(lex, ctx.doc, antis),
        )

    score.__name__ = dimension
    return score


def _negative(dimension: str, lex: DimensionLexicon, soft_needs_no_ownership: bool = False):
    """Scorer for a dimension the trainee should avoid (blame, policy-hiding)."""

    absent = Score(dimension, 0.0, lex.absent_explain, (), None)

    def score(ctx: Context) -> Score:
        branches = ctx.branches(dimension)
        if not branches and ctx.cues is None:  # nothing can match: the common case
            ctx.hits[dimension] = []
            return absent
        hits, _antis = match_dimension(lex, ctx.doc, branches)
        if ctx.cues is not None:
            hits = _merge(hits + cue_hits(ctx, dimension, lex))
        if not hits:
            ctx.hits[dimension] = hits
            return absent
        note = ""
        if soft_needs_no_ownership and hits:
            owned = ctx.results.get("ownership")
            if owned is not None and owned.present and any("soft" in h.tags for h in hits):
                hits = [h for h in hits if "soft" not in h.tags]
                note = " A cause is named, but the reply owns the fix, so that is not blame."
        ctx.hits[dimension] = hits
        value = combine(hits)
        present = value >= 0.5
        explanation = _explain(lex, hits, present, ctx.doc) + ("" if present else note)
        return Score(
            dimension,
            value,
            explanation,
            _evidence(dimension, ctx.doc, hits),
            _tip_from(lex, ctx.doc, hits) if present else None,
        )

    score.__name__ = dimension
    return score


def empathy(lex: DimensionLexicon) -> DimensionScorer:
    """Acknowledging the customer's feelings or what the problem cost them."""
    return _positive("empathy", lex)


def ownership(lex: DimensionLexicon) -> DimensionScorer:
    """Admitting the mistake, or committing to a concrete next step."""
    return _positive("ownership", lex)


def blame(lex: DimensionLexicon) -> DimensionScorer:
    """Putting the fault on the customer, a co-worker, a department or a supplier.
    Naming a cause ("soft" rules) is not blame when the reply owns the fix."""
    return _negative("blame", lex, soft_needs_no_ownership=True)


def policy_hiding(lex: DimensionLexicon) -> DimensionScorer:
    """Using a rule, the system or lack of authority as the reason not to help."""
    return _negative("policy_hiding", lex)


class RuleScorer:
    """Scores replies with the compiled rules of one lexicon directory."""

    judge = "rules"

    def __init__(self, lexicons: Lexicons):
        self.lexicons = lexicons
        self.normalize = Normalizer(lexicons.replacements)
        self.gates = Gates(lexicons)
        for lex in lexicons.dimensions.values():
            if lex.extra.get("customer_echo"):
                lex.extra["_echo_rx"] = re.compile(str(lex.extra["customer_echo"]))
                lex.extra["_normalize"] = self.normalize
        dims = lexicons.dimensions
        # ownership before blame: blame reads the ownership verdict
        self._pipeline: list[tuple[str, DimensionScorer]] = [
            ("empathy", empathy(dims["empathy"])),
            ("ownership", ownership(dims["ownership"])),
            ("policy_hiding", policy_hiding(dims["policy_hiding"])),
            ("blame", blame(dims["blame"])),
        ]

    def score(
        self, text: str, *, customer: str | None = None, cues: Cues | None = None
    ) -> ReplyScore:
        """Score one reply. ``customer`` is the customer's last message (context
        only); ``cues`` adds scenario-specific evidence."""
        return self.analyse(text, customer=customer, cues=cues)[0]

    def analyse(
        self, text: str, *, customer: str | None = None, cues: Cues | None = None
    ) -> tuple[ReplyScore, dict[str, list[Hit]]]:
        """The verdict and, per dimension, the rule hits behind it (with rule ids)."""
        text = text if isinstance(text, str) else str(text or "")
        doc = self.normalize(text[:MAX_CHARS])
        if len(text) > MAX_CHARS:  # keep evidence offsets valid for the full text
            doc.original = text
        ctx = Context(doc, customer, cues, gated=self.gates.by_dimension(doc.norm))
        for name, scorer in self._pipeline:
            ctx.results[name] = scorer(ctx)
        verdict = ReplyScore({d: ctx.results[d] for d in DIMENSIONS}, judge=self.judge)
        return verdict, ctx.hits

    __call__ = score

    def fires(self, rule_id: str, text: str) -> bool:
        """Whether one rule, on its own, fires on ``text`` (with its conditions:
        negation, requires, unless). A mask or anti "fires" when it matches.
        The rule files' ``examples`` are checked with this."""
        for lex in self.lexicons.dimensions.values():
            for rule in lex.rules:
                if rule.id == rule_id:
                    break
            else:
                continue
            doc = self.normalize(text)
            solo = [(rule, br) for br in rule.branches]
            hits, antis = match_dimension(lex, doc, solo)
            if rule.kind == "hit":
                return any(h.rule_id == rule_id for h in hits)
            if rule.kind == "anti":
                return any(a.rule_id == rule_id for a in antis)
            target = doc.original if rule.on_original else doc.norm
            return any(_spans(br, target) for br in rule.branches)
        raise KeyError(rule_id)

    def score_many(self, texts, *, cues: Cues | None = None) -> list[ReplyScore]:
        return [self.score(t, cues=cues) for t in texts]


_BUILD_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def _build(lexicon_dir: str | None) -> RuleScorer:
    return RuleScorer(load_lexicons(lexicon_dir))


def _cached(lexicon_dir: str | None) -> RuleScorer:
    # The TUI warms the scorer in a worker while the player browses; a round
    # started meanwhile waits for that build instead of compiling a second copy.
    with _BUILD_LOCK:
        return _build(lexicon_dir)


def rule_scorer(lexicon_dir: str | Path | None = None) -> RuleScorer:
    """Build (or reuse) a rule scorer for a lexicon directory
    (default: ``scoring/data``). Compiling happens once per directory."""
    return _cached(str(lexicon_dir) if lexicon_dir else None)


def score_reply(text: str, customer: str | None = None, cues: Cues | None = None) -> ReplyScore:
    """Score one reply with the default rule scorer."""
    return rule_scorer().score(text, customer=customer, cues=cues)
