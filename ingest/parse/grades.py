"""Grades: the summary tables of judgements and the per-framework grade lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Distribution, GradeCount, Line, Span
from ..vocab import Vocabulary

_INTS = re.compile(r"^(?P<label>.*?)\s*(?P<nums>\d+(?:\s+\d+)+)\s*$")


def grade_columns(text: str, vocab: Vocabulary) -> list[str]:
    """The grades named, in order, by a table's header line ("Excellent Good Fair Poor")."""
    return [
        grade
        for m in vocab.grade_pattern.finditer(text)
        if (grade := vocab.grade(m.group(0))) is not None
    ]


def count_row(text: str) -> tuple[str, list[int]] | None:
    """``"Child abuse 3 17 21 2"`` → ``("Child abuse", [3, 17, 21, 2])``."""
    m = _INTS.match(text.strip())
    if not m:
        return None
    return m.group("label").strip(), [int(n) for n in m.group("nums").split()]


def distribution(columns: Sequence[str], counts: Sequence[int], span: Span) -> Distribution | None:
    if len(columns) != len(counts) or not columns:
        return None
    return Distribution(
        counts=tuple(GradeCount(g, c) for g, c in zip(columns, counts, strict=True)), span=span
    )


def national_summary(lines: Sequence[Line], vocab: Vocabulary) -> dict[str, Distribution]:
    """Rows of the "National summary of judgements" table, by framework IRI."""
    columns: list[str] = []
    out: dict[str, Distribution] = {}
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if not columns:
            found = grade_columns(text, vocab)
            if len(found) >= 2 and count_row(text) is None:
                columns = found
            continue
        row = count_row(text)
        if row is None:
            continue
        framework = vocab.framework(row[0])
        dist = distribution(columns, row[1], Span(line.number, line.number))
        if framework and dist:
            out.setdefault(framework, dist)
    return out


def force_summary(lines: Sequence[Line], vocab: Vocabulary) -> dict[str, tuple[str, str, Span]]:
    """Rows of the "Force summary of judgements" table: framework → (grade, wording, span)."""
    out: dict[str, tuple[str, str, Span]] = {}
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        for m in vocab.grade_pattern.finditer(text):
            if m.end() != len(text.rstrip(". ")) and m.end() != len(text):
                continue
            label = text[: m.start()].strip()
            framework = vocab.framework(label) if label else None
            grade = vocab.grade(m.group(0))
            if framework and grade:
                out.setdefault(framework, (grade, m.group(0), Span(line.number, line.number)))
            break
    return out
