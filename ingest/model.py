"""The parsed document: what a report says, before it becomes triples.

Frozen dataclasses, free of RDF. Every item carries a :class:`Span` of 1-based
line numbers in the file as given, so each fact can be traced back to the
lines it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """Lines ``start``..``end`` (1-based, inclusive) of the report file."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 1 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}-{self.end}")

    def union(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


class FindingKind(str, Enum):
    """The kind of a finding, named after the ontology class it becomes."""

    STRENGTH = "Strength"
    WORK_IN_PROGRESS = "WorkInProgress"
    AREA_FOR_IMPROVEMENT = "AreaForImprovement"
    RECOMMENDATION = "Recommendation"


@dataclass(frozen=True)
class Line:
    """One physical line of the report with its 1-based number."""

    number: int
    text: str


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    text: str
    span: Span
    number: int | None = None  # "RECOMMENDATION 2" -> 2


@dataclass(frozen=True)
class Section:
    """A block of findings: the heading it stands under and its summary line."""

    heading: str
    span: Span
    summary: str | None = None
    summary_span: Span | None = None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class GradeCount:
    grade: str  # concept IRI
    count: int


@dataclass(frozen=True)
class Distribution:
    counts: tuple[GradeCount, ...]
    span: Span


@dataclass(frozen=True)
class Assessment:
    """The part of a report about one framework (graded or an overview)."""

    framework: str  # concept IRI
    heading: str
    span: Span
    heading_span: Span
    grade: str | None = None  # concept IRI
    grade_span: Span | None = None
    grade_wording: str | None = None
    distribution: Distribution | None = None
    sections: tuple[Section, ...] = ()

    @property
    def graded(self) -> bool:
        return self.grade is not None


@dataclass(frozen=True)
class Contact:
    role: str | None
    unit: str | None
    name: str | None
    telephone: str | None


@dataclass(frozen=True)
class GoodPractice:
    """A "Developing practice" example."""

    framework: str | None  # concept IRI
    area_wording: str
    title: str
    problem: str
    solution: str
    outcome: str
    contacts: tuple[Contact, ...]
    span: Span


@dataclass(frozen=True)
class GlossaryEntry:
    acronym: str
    expansion: str
    span: Span


@dataclass(frozen=True)
class ForceRef:
    slug: str  # data.police.uk id, e.g. "leicestershire"
    name: str
    span: Span


@dataclass(frozen=True)
class ReportMeta:
    force: ForceRef
    title: str | None
    title_span: Span | None
    issued: str | None  # "2008-07"
    issued_span: Span | None
    period: str | None  # "April 2006 to July 2007"
    period_span: Span | None
    year: int

    @property
    def has_title(self) -> bool:
        return self.title is not None


@dataclass(frozen=True)
class ParsedReport:
    source_name: str
    sha256: str
    line_count: int
    meta: ReportMeta
    assessments: tuple[Assessment, ...]
    overviews: tuple[Assessment, ...]  # framework sections with findings but no judgement
    good_practice: tuple[GoodPractice, ...]
    glossary: tuple[GlossaryEntry, ...]
    warnings: tuple[str, ...] = field(default=())
    entities: Any = None  # parse.entities.Extraction: the things the report names, and their links

    def all_sections(self) -> tuple[Section, ...]:
        return tuple(s for a in (*self.assessments, *self.overviews) for s in a.sections)

    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.all_sections() for f in s.findings)
