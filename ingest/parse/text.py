"""The running text of a report as paragraphs and sentences, each with its lines.

Entity extraction reads sentences, not lines: a name or a phrase such as
"involving all East Midlands forces" may be cut by a hard line break. Every
sentence keeps a map from character offsets back to the report's lines, so a
mention found at offset 120 can name the line it stands on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Line, Span
from ..rules import TemplateRules
from .layout import ends_sentence, join_line, split_bullet, starts_lower

# A sentence ends at . ! ? (optionally closed by a quote or bracket) before a
# space and a capital, digit, bullet or quote; "e.g.", "i.e.", "St." and "No." do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[’'\")\]]?\s+(?=[A-Z0-9‘'\"(•£])")
_NO_BREAK_BEFORE = re.compile(r"\b(?:e\.g|i\.e|ie|eg|St|No|Dr|Mr|Mrs|Ms|vs|etc|approx)\.$", re.I)


@dataclass(frozen=True)
class Sentence:
    text: str
    span: Span
    offsets: tuple[int, ...]  # start offset of each contributing line in ``text``
    numbers: tuple[int, ...]  # the line number of each of those lines
    paragraph: int = 0  # the paragraph it stands in (sentences of one paragraph share it)

    def line_at(self, offset: int) -> int:
        i = bisect_right(self.offsets, offset) - 1
        return self.numbers[max(i, 0)]

    def span_of(self, start: int, end: int) -> Span:
        return Span(self.line_at(start), self.line_at(max(start, end - 1)))


def paragraphs(
    lines: Sequence[Line], rules: TemplateRules, skip: frozenset[int]
) -> list[list[Line]]:
    """Runs of non-blank lines; a bullet starts a new paragraph. A paragraph cut by a
    page break (its last line ends no sentence, the next text is no bullet) carries on."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.number in skip:
            continue
        if not line.text.strip():
            if current:
                out.append(current)
            current = []
            continue
        bullet, rest = split_bullet(line.text, rules)
        if bullet is not None and current:
            out.append(current)
            current = []
        elif not current and out and bullet is None and _continues(out[-1], rest):
            current = out.pop()
        current.append(line)
    if current:
        out.append(current)
    return out


def _continues(previous: Sequence[Line], text: str) -> bool:
    last = previous[-1].text.strip()
    return (
        bool(last)
        and not ends_sentence(last)
        and (len(previous) > 1 or len(last) > 60)
        and (
            starts_lower(text)
            or text.startswith("(")
            or last.endswith((" and", " the", " of", ","))
        )
    )


def sentences_of(paragraph: Sequence[Line], rules: TemplateRules) -> list[Sentence]:
    """Split one paragraph into sentences, keeping line numbers."""
    text = ""
    offsets: list[int] = []
    numbers: list[int] = []
    for line in paragraph:
        part = line.text
        if not text:
            _, part = split_bullet(part, rules)
        joined = join_line(text, part)
        # where this line's text begins in the joined text
        start = len(text) + (
            1 if text and len(joined) > len(text) and joined[len(text)] == " " else 0
        )
        offsets.append(min(start, len(joined)))
        numbers.append(line.number)
        text = joined
    out: list[Sentence] = []
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        if _NO_BREAK_BEFORE.search(text[begin : m.start()]):
            continue
        out.append(_make(text, begin, m.start(), offsets, numbers))
        begin = m.end()
    if begin < len(text):
        out.append(_make(text, begin, len(text), offsets, numbers))
    return [s for s in out if s.text]


def _make(text: str, start: int, end: int, offsets: list[int], numbers: list[int]) -> Sentence:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    start += lead
    first = bisect_right(offsets, start) - 1
    last = bisect_right(offsets, max(start, start + len(piece) - 1)) - 1
    first = max(first, 0)
    return Sentence(
        text=piece,
        span=Span(numbers[first], numbers[max(last, first)]),
        offsets=tuple(max(o - start, 0) for o in offsets[first : last + 1]) or (0,),
        numbers=tuple(numbers[first : last + 1]) or (numbers[first],),
    )


def report_sentences(
    lines: Sequence[Line], rules: TemplateRules, skip: frozenset[int], *, stop: int | None = None
) -> list[Sentence]:
    """All sentences of the report up to line index ``stop`` (e.g. the glossary)."""
    body = lines if stop is None else lines[:stop]
    return [
        replace(s, paragraph=n)
        for n, p in enumerate(paragraphs(body, rules, skip))
        for s in sentences_of(p, rules)
    ]
