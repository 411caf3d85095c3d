"""Report metadata: the inspected force, the title, the date and the assessment period."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from ..dates import year_month
from ..errors import ReportError
from ..forces import ForceIndex
from ..model import ForceRef, Line, ReportMeta, Span
from ..rules import TemplateRules

_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")


def read_meta(
    lines: Sequence[Line],
    rules: TemplateRules,
    forces: ForceIndex,
    *,
    source_name: str,
    years_hint: Sequence[int] = (),
) -> ReportMeta:
    title = title_span = issued = issued_span = None
    head = [ln for ln in lines[:60] if ln.text.strip()]
    for i, line in enumerate(head):
        if rules.report_heading.match(line.text.strip()):
            rest = head[i + 1 : i + 4]
            for cand in rest:
                text = " ".join(cand.text.split())
                m = rules.month_year.match(text)
                if m:
                    issued = year_month(m.group("month"), m.group("year"))
                    issued_span = Span(cand.number, cand.number)
                    break
                if title is None:
                    title = f"{' '.join(line.text.split())}: {text}"
                    title_span = Span(line.number, cand.number)
            break

    period = period_span = None
    period_end = None
    for a, b in zip(lines, [*lines[1:], None], strict=True):
        joined = a.text if b is None else f"{a.text} {b.text}"
        m = rules.assessment_period.search(" ".join(joined.split()))
        if m:
            period = m.group("period")
            in_first = rules.assessment_period.search(" ".join(a.text.split()))
            period_span = Span(a.number, a.number if in_first or b is None else b.number)
            period_end = int(m.group("end"))
            break

    force = _inspected_force(lines, forces, title, title_span, source_name)
    if issued:
        year = int(issued[:4])
    elif period_end:
        year = period_end
    elif years_hint:
        year = max(years_hint)
    else:
        raise ReportError(
            source_name, "cannot tell the report's year: no date, no assessment period"
        )
    return ReportMeta(
        force=force,
        title=title,
        title_span=title_span,
        issued=issued,
        issued_span=issued_span,
        period=period,
        period_span=period_span,
        year=year,
    )


def _inspected_force(
    lines: Sequence[Line],
    forces: ForceIndex,
    title: str | None,
    title_span: Span | None,
    source_name: str,
) -> ForceRef:
    if title and title_span:
        hits = forces.find_full_names(title)
        if hits:
            force = hits[0][0]
            return ForceRef(force.slug, force.name, title_span)
    # Otherwise the force the report names most: full names weigh three times a short name.
    score: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    text = "\n".join(ln.text for ln in lines)
    for force, start, _ in forces.find_full_names(text):
        score[force.slug] += 3
        first_seen.setdefault(force.slug, text.count("\n", 0, start) + 1)
    by_slug = {f.slug: f for f in forces.forces}
    by_short = {f.short_name: f for f in forces.forces if len(f.short_name) >= 4}
    for m in _short_names(tuple(sorted(by_short))).finditer(text):
        force = by_short[m.group(0)]
        score[force.slug] += 1
        first_seen.setdefault(force.slug, text.count("\n", 0, m.start()) + 1)
    if not score:
        raise ReportError(
            source_name,
            "names no police force of England and Wales: cannot tell which force it inspects",
        )
    slug, _ = score.most_common(1)[0]
    line = first_seen[slug]
    return ForceRef(slug, by_slug[slug].name, Span(line, line))


@cache
def _short_names(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    )


def years_in(lines: Sequence[Line]) -> list[int]:
    return [int(y) for ln in lines[:400] for y in _YEAR.findall(ln.text)]
