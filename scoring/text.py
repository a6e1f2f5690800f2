"""Text normalisation with an offset map back to the original reply.

The rule scorer matches its patterns against a *normalised* copy of the reply:
lowercase, curly quotes straightened, contractions expanded ("can't" ->
"can not", "I'll" -> "i will"), chat spellings expanded ("ur" -> "your",
"sry" -> "sorry") and British spellings mapped to American ("apologise" ->
"apologize"). Every span found in the normalised text can be mapped back to
an exact span of the original text with :meth:`Normalized.to_original`, so
evidence always satisfies ``text[start:end] == evidence.text``.

Only replaced tokens change length; everything else is a 1:1 copy, so the map
is a short list of replaced segments and a lookup is a bisect.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping

# One-to-one character substitutions (they keep offsets unchanged).
_ONE_TO_ONE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)

#: Contraction endings expanded on any word ("shouldn't" -> "should not").
_SUFFIXES = {
    "n't": " not",
    "'ll": " will",
    "'ve": " have",
    "'re": " are",
    "'m": " am",
    "'d": " would",
}

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)|\n\s*|(?<=;)\s+")
#: Where a clause ends, looking backwards from a match (for negation scope).
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?()\u2014\u2013]|\s-\s|\b(?:but|however|although|though|so|and|because)\b"
)
#: Everything up to and including the last clause break of a chunk.
_UP_TO_LAST_BREAK = re.compile(
    r"(?s:.*)(?:[,;:.!?()\u2014\u2013]|\s-\s|\b(?:but|however|although|though|so|and|because)\b)"
)
_NEGATORS = frozenset(
    {"not", "never", "no", "nobody", "none", "nothing", "neither", "nor", "without", "hardly"}
)


class Normalizer:
    """Compiled normaliser. ``replacements`` maps a lowercase token to its
    normalised form; the token must be a whole word (letters, digits and
    apostrophes)."""

    def __init__(self, replacements: Mapping[str, str]):
        self.replacements = {k.lower().replace("\u2019", "'"): v for k, v in replacements.items()}
        # the keys folded into a trie: a few letters tried per position
        # instead of every key in turn (same matches as a plain alternation)
        from scoring.lexicon import trie_pattern  # here: scoring.lexicon imports this module

        alternation = trie_pattern(self.replacements)
        # the lookahead rejects words without an apostrophe in one linear pass
        generic = r"(?=[a-z]*+')[a-z]+(?:n't|'ll|'ve|'re|'m|'d)"
        self._regex = re.compile(rf"(?<![\w'])(?:{alternation}|{generic})(?![\w'])")

    def _replace(self, token: str) -> str | None:
        rep = self.replacements.get(token)
        if rep is not None:
            return rep
        for suffix, expansion in _SUFFIXES.items():
            if token.endswith(suffix):
                return token[: -len(suffix)] + expansion
        return None

    def __call__(self, text: str) -> Normalized:
        base = text.translate(_ONE_TO_ONE)
        low = base.lower()
        if len(low) != len(base):  # rare: a character that lowercases to two
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in base)
        pieces: list[str] = []
        segs: list[tuple[int, int, int, int]] = []  # (norm_start, norm_end, orig_start, orig_end)
        pos = 0
        npos = 0
        for m in self._regex.finditer(low):
            rep = self._replace(m.group())
            if rep is None or rep == m.group():
                continue
            s, e = m.span()
            pieces.append(low[pos:s])
            npos += s - pos
            pieces.append(rep)
            segs.append((npos, npos + len(rep), s, e))
            npos += len(rep)
            pos = e
        if not segs:
            return Normalized(text, low, ())
        pieces.append(low[pos:])
        return Normalized(text, "".join(pieces), tuple(segs))


class Normalized:
    """A normalised reply plus the map back to the original text."""

    __slots__ = ("_clauses", "_negated", "_nstarts", "_sentences", "norm", "original", "segments")

    def __init__(self, original: str, norm: str, segments: tuple[tuple[int, int, int, int], ...]):
        self.original = original
        self.norm = norm
        self.segments = segments
        self._nstarts = [s[0] for s in segments]
        self._sentences: list[tuple[int, int]] | None = None
        self._negated: dict[int, bool] = {}

    # -- offsets ---------------------------------------------------------
    def _orig_start(self, n: int) -> int:
        i = bisect_right(self._nstarts, n) - 1
        if i < 0:
            return n
        _ns, ne, os_, oe = self.segments[i]
        if n < ne:
            return os_
        return n - ne + oe

    def _orig_end(self, n: int) -> int:
        i = bisect_right(self._nstarts, n - 1) - 1
        if i < 0:
            return n
        _ns, ne, _os, oe = self.segments[i]
        if n <= ne:
            return oe
        return n - ne + oe

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`norm` to a span of :attr:`original`."""
        if not self.segments:
            return start, end
        s, e = self._orig_start(start), self._orig_end(end)
        return s, max(s, e)

    def to_norm(self, pos: int) -> int:
        """Map an offset of :attr:`original` to :attr:`norm`."""
        delta = 0
        for ns, ne, os_, oe in self.segments:
            if pos < os_:
                break
            if pos < oe:
                return ns
            delta = ne - oe
        return pos + delta

    # -- structure -------------------------------------------------------
    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans in the normalised text."""
        if self._sentences is None:
            spans = []
            pos = 0
            norm = self.norm
            for m in _SENT_SPLIT.finditer(norm):
                if m.start() > pos:
                    spans.append((pos, m.start()))
                pos = m.end()
            if pos < len(norm):
                spans.append((pos, len(norm)))
            self._sentences = spans or [(0, len(norm))]
        return self._sentences

    def sentence_index(self, pos: int) -> int:
        sents = self.sentences
        lo, hi = 0, len(sents) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if sents[mid][0] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def sentence_span(self, pos: int, extra: int = 0) -> tuple[int, int]:
        """The span of the sentence holding ``pos`` (plus ``extra`` following ones)."""
        sents = self.sentences
        i = self.sentence_index(pos)
        j = min(len(sents) - 1, i + extra)
        return sents[i][0], sents[j][1]

    def clause_prefix(self, pos: int, limit: int = 60) -> str:
        """Text of the current clause before ``pos`` (at most ``limit`` chars)."""
        chunk = self.norm[max(0, pos - limit) : pos]
        m = _UP_TO_LAST_BREAK.match(chunk)
        return chunk[m.end() :] if m else chunk

    def negated(self, pos: int, window: int = 4) -> bool:
        """Whether a negator occurs in the last ``window`` words of the clause
        before ``pos`` ("this is *not* your fault", "I *never* said")."""
        key = pos * 8 + window
        hit = self._negated.get(key)
        if hit is None:
            words = self.clause_prefix(pos).split()[-window:]
            hit = self._negated[key] = not _NEGATORS.isdisjoint(words)
        return hit
