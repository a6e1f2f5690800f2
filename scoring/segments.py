"""Cutting a reply into the sentences and clauses that evidence can quote.

The learned scorer scores the whole reply, then (when it must say *where*)
each segment on its own; the highest-scoring segment is the evidence. Spans
are offsets into the original reply, trimmed of spaces and edge punctuation.
"""

from __future__ import annotations

import re

#: Sentence ends: . ! ? (with closing quotes), line breaks, semicolons.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=\S)|\n\s*|;\s+")
#: Clause breaks inside a long sentence ("..., but ...", " - ", "...: ...").
_CLAUSE_BREAK = re.compile(
    r",\s+(?=(?:but|so|and|though|although|because|which|however|or)\b)|\s+[—–-]\s+|:\s+",
    re.IGNORECASE,
)
#: A sentence with more words than this is also offered clause by clause.
LONG_SENTENCE_WORDS = 14
_EDGE = " \t\n,;:—–-\"'()"


def _trim(text: str, start: int, end: int, edge: str) -> tuple[int, int]:
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge:
        end -= 1
    return start, end


def cut(
    text: str, start: int, end: int, rx: re.Pattern, edge: str = _EDGE
) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` between matches of ``rx``, trimmed of
    ``edge`` characters, empty ones left out."""
    spans, at = [], start
    for m in rx.finditer(text, start, end):
        spans.append((at, m.start()))
        at = m.end()
    spans.append((at, end))
    return [s for a, b in spans if (s := _trim(text, a, b, edge))[0] < s[1]]


def segments(text: str) -> list[tuple[int, int]]:
    """Sentence spans, plus the clauses of long sentences, in reading order."""
    out: list[tuple[int, int]] = []
    for a, b in cut(text, 0, len(text), SENTENCE_END):
        out.append((a, b))
        if len(text[a:b].split()) > LONG_SENTENCE_WORDS:
            clauses = cut(text, a, b, _CLAUSE_BREAK)
            if len(clauses) > 1:
                out.extend(clauses)
    return out


def sentences(text: str) -> list[str]:
    """The reply's sentences (cut as :func:`segments` cuts them), as text."""
    return [text[a:b] for a, b in cut(text, 0, len(text), SENTENCE_END)]
