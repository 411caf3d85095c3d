"""Grades stated in prose for other inspections of the force: how grades changed.

"During the Phase1 inspections … the force received a Poor grade for Public
Protection. In February 2008 HMIC re-inspected this area … the HMI regraded the
force as Fair in Public Protection" gives two statements: Poor (2007), Fair (2008-02).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import GradeStatement
from ..rules import TemplateRules
from ..vocab import Vocabulary
from .text import Sentence

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_YEAR = re.compile(rf"\b(?P<month>{'|'.join(_MONTHS)})\s+(?P<year>(?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")


def _when(text: str) -> str | None:
    m = _MONTH_YEAR.search(text)
    if m:
        return f"{m.group('year')}-{_MONTHS.index(m.group('month')) + 1:02d}"
    years = _YEAR.findall(text)
    return years[0] if years else None


def grade_statements(
    sentences: Sequence[Sentence], rules: TemplateRules, vocab: Vocabulary
) -> list[GradeStatement]:
    out: list[GradeStatement] = []
    for i, s in enumerate(sentences):
        for kind, pattern in rules.grade_statements:
            for m in pattern.finditer(s.text):
                grade = vocab.grade(m.group("grade"))
                framework = vocab.framework(m.group("framework").strip())
                if grade is None or framework is None:
                    continue
                # the date: this sentence, else the nearest before it in the same paragraph
                when = _when(s.text)
                j = i - 1
                while when is None and j >= 0 and sentences[j].paragraph == s.paragraph:
                    when = _when(sentences[j].text)
                    j -= 1
                direction = m.groupdict().get("direction")
                out.append(
                    GradeStatement(
                        framework=framework,
                        grade=grade,
                        wording=m.group(0),
                        kind=kind,
                        when=when,
                        direction=direction,
                        span=s.span_of(m.start(), m.end()),
                    )
                )
    return out
