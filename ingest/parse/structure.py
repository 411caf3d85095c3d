"""The whole report: where assessments, examples and the glossary start and end,
and what stands under each heading."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import (
    Assessment,
    Distribution,
    Finding,
    FindingKind,
    Line,
    Section,
    Span,
)
from ..rules import TemplateRules, norm
from ..vocab import Vocabulary
from . import grades
from .findings import Block, bullet_spacing, findings_of
from .layout import join_lines


@dataclass(frozen=True)
class Heading:
    index: int  # position in the line list
    line: Line
    framework: str


@dataclass(frozen=True)
class Regions:
    """Where the parts of a report stand, as indexes into the line list."""

    assessments: tuple[tuple[Heading, int], ...]  # heading, end index (exclusive)
    practice_starts: tuple[int, ...]
    practice_ends: tuple[int, ...]
    glossary_start: int | None
    national_summary: tuple[int, int] | None
    force_summary: tuple[int, int] | None


def _next_nonblank(lines: Sequence[Line], start: int, count: int) -> list[Line]:
    out: list[Line] = []
    for line in lines[start:]:
        if line.text.strip():
            out.append(line)
            if len(out) == count:
                break
    return out


def find_regions(lines: Sequence[Line], rules: TemplateRules, vocab: Vocabulary) -> Regions:
    n = len(lines)
    glossary_start = None
    for i in range(n - 1, -1, -1):
        if rules.glossary_heading.match(lines[i].text.strip()):
            glossary_start = i
            break
    body_end = glossary_start if glossary_start is not None else n

    headings: list[Heading] = []
    practice_starts: list[int] = []
    practice_headings: set[int] = set()
    national = force = None
    for i in range(body_end):
        text = lines[i].text.strip()
        if not text:
            continue
        key = norm(text)
        if rules.good_practice_start.match(text):
            practice_starts.append(i)
            continue
        if key in rules.good_practice_headings:
            nxt = _next_nonblank(lines, i + 1, 1)
            if nxt and rules.good_practice_start.match(nxt[0].text.strip()):
                practice_headings.add(i)
            continue
        if key in rules.national_summary_heading:
            national = i
            continue
        if key in rules.force_summary_heading:
            force = i
            continue
        framework = vocab.framework(text)
        if framework is None:
            continue
        ahead = _next_nonblank(lines, i + 1, rules.assessment_lookahead)
        if any(_is_assessment_marker(a.text, rules) for a in ahead):
            headings.append(Heading(i, lines[i], framework))

    stops = sorted(
        {h.index for h in headings} | practice_headings | set(practice_starts) | {body_end}
    )

    def stop_after(i: int) -> int:
        return next(s for s in stops if s > i)

    assessments = tuple((h, stop_after(h.index)) for h in headings)
    practice_ends = tuple(stop_after(i) for i in practice_starts)
    first_heading = headings[0].index if headings else body_end
    return Regions(
        assessments=assessments,
        practice_starts=tuple(practice_starts),
        practice_ends=practice_ends,
        glossary_start=glossary_start,
        national_summary=(
            national,
            force if force is not None and force > national else first_heading,
        )
        if national is not None
        else None,
        force_summary=(force, first_heading) if force is not None else None,
    )


def _is_assessment_marker(text: str, rules: TemplateRules) -> bool:
    s = text.strip()
    return norm(s) in rules.assessment_markers or bool(rules.grade_line.match(s))


@dataclass
class _PartBuilder:
    """One summary-delimited part of an assessment: its heading, summary and blocks."""

    heading: str
    start: Line
    summary: str | None = None
    summary_lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    last: Line | None = None


@dataclass
class AssessmentDraft:
    heading: Heading
    end_line: Line
    grade: str | None = None
    grade_wording: str | None = None
    grade_span: Span | None = None
    distribution: Distribution | None = None
    parts: list[_PartBuilder] = field(default_factory=list)


def read_assessment(
    lines: Sequence[Line],
    heading: Heading,
    end: int,
    skip: frozenset[int],
    rules: TemplateRules,
    vocab: Vocabulary,
    warnings: list[str],
    source_name: str,
) -> AssessmentDraft:
    """Walk the lines of one assessment, sorting them into parts and blocks."""
    body = [ln for ln in lines[heading.index + 1 : end] if ln.number not in skip]
    draft = AssessmentDraft(heading=heading, end_line=lines[end - 1])
    section_heading = heading.line.text.strip()
    part = _PartBuilder(heading=section_heading, start=heading.line)
    draft.parts.append(part)
    block: Block | None = None
    resume: FindingKind | None = None  # list kind to carry on after a recommendation
    i = 0
    while i < len(body):
        line = body[i]
        text = line.text.strip()
        i += 1
        if not text:
            if block is not None:
                if block.recommendation is not None and any(x is not None for x in block.lines):
                    assert resume is not None
                    block = Block(kind=resume, explicit=True)
                    part.blocks.append(block)
                    resume = None
                else:
                    block.lines.append(None)
            continue
        part.last = line
        m = rules.grade_line.match(text)
        if m:
            grade = vocab.grade(m.group("grade"))
            if grade is None:
                warnings.append(
                    f"{source_name}:{line.number}: grade line names no known grade: {text!r}"
                )
            elif draft.grade is None:
                draft.grade = grade
                draft.grade_wording = m.group("grade").strip()
                draft.grade_span = Span(line.number, line.number)
            elif draft.grade != grade:
                warnings.append(
                    f"{source_name}:{line.number}: second grade {text!r} disagrees with the first"
                )
            continue
        key = norm(text)
        if key in rules.national_distribution_heading:
            i, dist = _read_distribution(body, i, vocab)
            if dist is not None:
                draft.distribution = dist
            block = None
            continue
        if key in rules.context_headings:
            block = None
            continue
        sec = rules.section_heading(text)
        if sec is not None:
            section_heading = sec
            part = _PartBuilder(heading=sec, start=line)
            draft.parts.append(part)
            block = None
            continue
        m = rules.summary_line.match(text)
        if m:
            summary_lines = [line]
            while i < len(body) and body[i].text.strip():
                summary_lines.append(body[i])
                i += 1
            part = _PartBuilder(
                heading=section_heading,
                start=line,
                summary=join_lines([m.group("text"), *(x.text for x in summary_lines[1:])]),
                summary_lines=summary_lines,
            )
            part.last = summary_lines[-1]
            draft.parts.append(part)
            block = None
            continue
        kind = rules.finding_kind(text)
        if kind is not None:
            block = Block(kind=kind, explicit=True)
            part.blocks.append(block)
            continue
        m = rules.recommendation.match(text)
        if m:
            resume = block.kind if block is not None else FindingKind.AREA_FOR_IMPROVEMENT
            block = Block(
                kind=FindingKind.RECOMMENDATION,
                explicit=True,
                recommendation=int(m.group("number")),
            )
            part.blocks.append(block)
            continue
        if block is not None:
            block.lines.append(line)
    return draft


def _read_distribution(
    body: Sequence[Line], i: int, vocab: Vocabulary
) -> tuple[int, Distribution | None]:
    """After "National grade distribution": a header of grades, then a row of counts."""
    columns: list[str] = []
    seen = 0
    while i < len(body) and seen < 4:
        text = body[i].text.strip()
        i += 1
        if not text:
            continue
        seen += 1
        if not columns:
            columns = grades.grade_columns(text, vocab)
            continue
        row = grades.count_row(text)
        if row is not None and not row[0]:
            return i, grades.distribution(
                columns, row[1], Span(body[i - 1].number, body[i - 1].number)
            )
        break
    return i, None


def finish_assessment(
    draft: AssessmentDraft, rules: TemplateRules, *, tight_lists: bool
) -> Assessment:
    sections: list[Section] = []
    for part in draft.parts:
        found: list[Finding] = findings_of(part.blocks, rules, tight_lists=tight_lists)
        if not found and part.summary is None:
            continue
        first = part.summary_lines[0] if part.summary_lines else part.start
        last_number = max(
            [part.last.number if part.last else first.number, *(f.span.end for f in found)]
        )
        sections.append(
            Section(
                heading=part.heading,
                span=Span(first.number, last_number),
                summary=part.summary,
                summary_span=Span(part.summary_lines[0].number, part.summary_lines[-1].number)
                if part.summary_lines
                else None,
                findings=tuple(found),
            )
        )
    h = draft.heading
    return Assessment(
        framework=h.framework,
        heading=" ".join(h.line.text.split()),
        span=Span(h.line.number, max(h.line.number, draft.end_line.number)),
        heading_span=Span(h.line.number, h.line.number),
        grade=draft.grade,
        grade_span=draft.grade_span,
        grade_wording=draft.grade_wording,
        distribution=draft.distribution,
        sections=tuple(sections),
    )


def all_blocks(drafts: Sequence[AssessmentDraft]) -> list[Block]:
    return [b for d in drafts for p in d.parts for b in p.blocks]


def lists_are_tight(drafts: Sequence[AssessmentDraft], rules: TemplateRules) -> bool:
    tight, loose = bullet_spacing(all_blocks(drafts), rules)
    return tight > loose


def boilerplate_lines(
    lines: Sequence[Line], rules: TemplateRules, vocab: Vocabulary, *, stop: int | None
) -> frozenset[int]:
    """Lines of HMIC's standard text: the introduction before the force overview, and
    each "National contextual factors" section up to the next heading."""
    end = len(lines) if stop is None else stop
    out: set[int] = set()
    intro_end = next(
        (i for i in range(end) if norm(lines[i].text) in rules.boilerplate_before), None
    )
    if intro_end is not None:
        out.update(ln.number for ln in lines[:intro_end])
    inside = False
    for line in lines[:end]:
        key = norm(line.text)
        if key in rules.boilerplate_sections:
            inside = True
            continue
        if (
            inside
            and key
            and (
                key in rules.context_headings
                or rules.finding_kind(line.text) is not None
                or vocab.framework(line.text) is not None
                or rules.grade_line.match(line.text.strip())
            )
        ):
            inside = False
        if inside:
            out.add(line.number)
    return frozenset(out)
