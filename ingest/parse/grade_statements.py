"""Grades stated in prose for other inspections of the force: how grades changed.

"During the Phase1 inspections … the force received a Poor grade for Public
Protection. In February 2008 HMIC re-inspected this area … the HMI regraded the
force as Fair in Public Protection" gives two statements: Poor (2007), Fair (2008-02).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..dates import MONTH_YEAR, YEAR, year_month
from ..model import GradeStatement
from ..regexes import required_text
from ..rules import TemplateRules
from ..vocab import Vocabulary
from .text import Sentence


def _when(text: str) -> str | None:
    m = MONTH_YEAR.search(text)
    if m:
        return year_month(m.group("month"), m.group("year"))
    years = YEAR.findall(text)
    return years[0] if years else None


def grade_statements(
    sentences: Sequence[Sentence], rules: TemplateRules, vocab: Vocabulary
) -> list[GradeStatement]:
    out: list[GradeStatement] = []
    # each pattern with the words every match contains: most sentences lack them
    patterns = [(k, p, required_text(p.pattern)) for k, p in rules.grade_statements]
    for i, s in enumerate(sentences):
        for kind, pattern, needs in patterns:
            if not all(x in s.text for x in needs):
                continue
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
