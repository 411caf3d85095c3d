"""Compose the feature parsers into one :class:`ParsedReport`."""

from __future__ import annotations

from ..errors import ReportError
from ..forces import ForceIndex, force_index
from ..model import Assessment, ParsedReport
from ..rules import TemplateRules, template_rules
from ..source import ReportSource
from ..vocab import Vocabulary, vocabulary
from . import grades
from .entities import extract
from .glossary import read_glossary
from .grade_statements import grade_statements
from .layout import numbered, page_header_lines
from .meta import read_meta, years_in
from .practice import read_practice
from .programmes import read_programmes
from .statistics import read_statistics
from .structure import (
    boilerplate_lines,
    find_regions,
    finish_assessment,
    lists_are_tight,
    read_assessment,
)
from .text import report_sentences


def parse_report(
    source: ReportSource,
    *,
    rules: TemplateRules | None = None,
    vocab: Vocabulary | None = None,
    forces: ForceIndex | None = None,
) -> ParsedReport:
    """Recover the structure of one HMIC inspection report. Pure: no I/O."""
    rules = rules or template_rules()
    vocab = vocab or vocabulary()
    forces = forces or force_index()
    lines = numbered(source.lines)
    skip = page_header_lines(lines, rules)
    regions = find_regions(lines, rules, vocab)
    if not regions.assessments:
        raise ReportError(
            source.name,
            "no inspected framework found (no heading such as 'Major Crime' followed by a grade "
            "or 'Contextual factors'): not an HMIC inspection report of a known template",
        )
    warnings: list[str] = []
    drafts = [
        read_assessment(lines, h, end, skip, rules, vocab, warnings, source.name)
        for h, end in regions.assessments
    ]
    tight = lists_are_tight(drafts, rules)
    built = [finish_assessment(d, rules, tight_lists=tight) for d in drafts]

    national = (
        grades.national_summary(lines[slice(*regions.national_summary)], vocab)
        if regions.national_summary
        else {}
    )
    force_grades = (
        grades.force_summary(lines[slice(*regions.force_summary)], vocab)
        if regions.force_summary
        else {}
    )
    assessments: list[Assessment] = []
    overviews: list[Assessment] = []
    for a in built:
        grade, wording, span = a.grade, a.grade_wording, a.grade_span
        table = force_grades.get(a.framework)
        if table is not None:
            if grade is None:
                grade, wording, span = table
            elif grade != table[0]:
                warnings.append(
                    f"{source.name}:{a.heading_span.start}: grade line and force summary disagree "
                    f"for {a.heading!r}"
                )
        dist = a.distribution or national.get(a.framework)
        a = Assessment(
            framework=a.framework,
            heading=a.heading,
            span=a.span,
            heading_span=a.heading_span,
            grade=grade,
            grade_span=span,
            grade_wording=wording,
            distribution=dist,
            sections=a.sections,
        )
        (assessments if a.graded else overviews).append(a)
    if not assessments:
        raise ReportError(
            source.name, "no graded assessment found", line=built[0].heading_span.start
        )

    practice = [
        gp
        for start, end in zip(regions.practice_starts, regions.practice_ends, strict=True)
        if (gp := read_practice(lines[start:end], rules, vocab)) is not None
    ]
    glossary = (
        read_glossary(lines[regions.glossary_start + 1 :])
        if regions.glossary_start is not None
        else []
    )
    meta = read_meta(lines, rules, forces, source_name=source.name, years_hint=years_in(lines))
    boilerplate = boilerplate_lines(lines, rules, vocab, stop=regions.glossary_start)
    sentences = report_sentences(lines, rules, skip | boilerplate, stop=regions.glossary_start)
    statements = grade_statements(sentences, rules, vocab)
    programmes = read_programmes(lines, rules, skip)
    extraction = extract(
        sentences,
        glossary,
        inspected=meta.force.slug,
        forces=forces,
        inspected_span=meta.force.span,
    )
    return ParsedReport(
        source_name=source.name,
        sha256=source.sha256,
        line_count=len(source.lines),
        meta=meta,
        assessments=tuple(assessments),
        overviews=tuple(overviews),
        good_practice=tuple(practice),
        glossary=tuple(glossary),
        warnings=tuple(warnings),
        entities=extraction,
        statistics=tuple(read_statistics(lines, skip)),
        grade_statements=tuple(statements),
        programmes=tuple(programmes),
    )
