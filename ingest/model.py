"""The parsed document: what a report says, before it becomes triples.

Frozen dataclasses, free of RDF. Every item carries a :class:`Span` of 1-based
line numbers in the file as given, so each fact can be traced back to the
lines it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
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
class GradeStatement:
    """A grade the report states in prose for another inspection of the force
    ("In February 2008 HMIC re-inspected … regraded the force as Fair in Public Protection")."""

    framework: str  # concept IRI
    grade: str  # concept IRI
    wording: str
    kind: str  # regraded, received, graded, now
    when: str | None  # "2008-02" or "2007"
    direction: str | None  # Improved, Declined, Stable
    span: Span


# --- statistics tables (ingest/parse/statistics.py) -------------------------------


@dataclass(frozen=True)
class StatCell:
    """One printed value of a row, for one period."""

    period: str  # "2007"
    value: Decimal | None  # 116.67 for "116.67%"; None for "Not applicable"
    printed: str  # as printed, footnote markers dropped


@dataclass(frozen=True)
class StatRow:
    """One indicator of a statistics table."""

    indicator: str  # the row label, "Number of murders per 10,000 population"
    unit: str | None  # "percent", "rate per 10,000 population"
    values: tuple[StatCell, ...]  # one per period column
    change: str | None  # as printed, "+9.57%", "-62.12pp"
    mean: Decimal | None  # the comparison (MSF group) mean, for the latest period
    span: Span


@dataclass(frozen=True)
class StatNote:
    """A footnote of a table ("*'pp' is percentage points.")."""

    marker: str  # "*", "**"
    text: str
    span: Span


@dataclass(frozen=True)
class StatTable:
    """A statistics table (the SPI table of a report)."""

    periods: tuple[str, ...]  # year columns, in printed order
    columns: tuple[str, ...]  # header cells as printed (markers dropped)
    mean_heading: str | None  # "MSF group mean"
    msf: bool  # the mean column is a most-similar-force group mean
    rows: tuple[StatRow, ...]
    notes: tuple[StatNote, ...]
    span: Span  # header row to last row
    header_span: Span

    @property
    def latest(self) -> str:
        return max(self.periods)


# --- end statistics tables ---------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeItem:
    label: str
    lead: bool  # marked as led by the inspected force
    span: Span


@dataclass(frozen=True)
class WorkProgramme:
    """A regional programme listing protective-service gaps shared by several forces."""

    name: str
    items: tuple[ProgrammeItem, ...]
    span: Span
    lead_statement_span: Span | None = None


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
    grade_statements: tuple[GradeStatement, ...] = ()
    programmes: tuple[WorkProgramme, ...] = ()
    statistics: tuple[StatTable, ...] = ()  # statistics tables (SPI)

    def all_sections(self) -> tuple[Section, ...]:
        return tuple(s for a in (*self.assessments, *self.overviews) for s in a.sections)

    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for s in self.all_sections() for f in s.findings)
