"""The report template rules (``gazetteer/template.yaml``), loaded and compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .model import FindingKind
from .yamlfiles import gazetteer_file


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Key used to compare headings: collapsed white space, casefolded, no final . or :.

    Kept per text: the scanners of a report (regions, assessments, programmes, boilerplate,
    finding kinds) each ask it of the same lines, 3,000 times a report."""
    key = " ".join(text.split()).casefold()
    return key.rstrip(".:;").rstrip()


@dataclass(frozen=True)
class ImplicitKind:
    after: FindingKind
    becomes: FindingKind
    when_lists_are: str


@dataclass(frozen=True)
class TemplateRules:
    finding_kinds: dict[str, FindingKind]
    recommendation: re.Pattern[str]
    none_identified: frozenset[str]
    implicit_kinds: tuple[ImplicitKind, ...]
    section_headings: dict[str, str]
    summary_line: re.Pattern[str]
    context_headings: frozenset[str]
    assessment_markers: frozenset[str]
    assessment_lookahead: int
    grade_line: re.Pattern[str]
    national_distribution_heading: frozenset[str]
    national_summary_heading: frozenset[str]
    force_summary_heading: frozenset[str]
    good_practice_headings: frozenset[str]
    good_practice_start: re.Pattern[str]
    good_practice_fields: dict[str, re.Pattern[str]]
    ranks: tuple[str, ...]
    role_words: tuple[str, ...]
    glossary_heading: re.Pattern[str]
    page_headers: tuple[re.Pattern[str], ...]
    page_header_followers: tuple[re.Pattern[str], ...]
    bullets: tuple[str, ...]
    weak_bullets: frozenset[str]
    report_heading: re.Pattern[str]
    month_year: re.Pattern[str]
    assessment_period: re.Pattern[str]
    boilerplate_before: frozenset[str]
    boilerplate_sections: frozenset[str]
    grade_statements: tuple[tuple[str, re.Pattern[str]], ...]
    programme_headings: frozenset[str]
    programme_lead_marker: str
    programme_lead_statement: re.Pattern[str]

    def finding_kind(self, line: str) -> FindingKind | None:
        return self.finding_kinds.get(norm(line))

    def is_none_identified(self, text: str) -> bool:
        return norm(text) in self.none_identified

    def section_heading(self, line: str) -> str | None:
        return self.section_headings.get(norm(line))

    def is_page_header(self, line: str) -> bool:
        s = line.strip()
        return any(p.match(s) for p in self.page_headers)

    def is_page_header_follower(self, line: str) -> bool:
        s = line.strip()
        return any(p.match(s) for p in self.page_header_followers)


def _keys(values: list[str]) -> frozenset[str]:
    return frozenset(norm(v) for v in values)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def rules_from_mapping(data: dict[str, Any]) -> TemplateRules:
    kinds = {
        norm(heading): FindingKind(kind)
        for kind, headings in data["finding_kinds"].items()
        for heading in headings
    }
    gp = data["good_practice"]
    return TemplateRules(
        finding_kinds=kinds,
        recommendation=_compile(data["recommendation"]),
        none_identified=_keys(data["none_identified"]),
        implicit_kinds=tuple(
            ImplicitKind(FindingKind(r["after"]), FindingKind(r["becomes"]), r["when_lists_are"])
            for r in data.get("implicit_kinds", [])
        ),
        section_headings={norm(h): h for h in data["section_headings"]},
        summary_line=_compile(data["summary_line"]),
        context_headings=_keys(data["context_headings"]),
        assessment_markers=_keys(data["assessment_markers"]),
        assessment_lookahead=int(data["assessment_lookahead"]),
        grade_line=re.compile(
            data["grade_line"]
        ),  # case-sensitive: "GRADE" is a sidebar in capitals
        national_distribution_heading=_keys(data["national_distribution_heading"]),
        national_summary_heading=_keys(data["national_summary_heading"]),
        force_summary_heading=_keys(data["force_summary_heading"]),
        good_practice_headings=_keys(gp["headings"]),
        good_practice_start=re.compile(gp["start"]),
        good_practice_fields={k: re.compile(v) for k, v in gp["fields"].items()},
        ranks=tuple(sorted(data["ranks"], key=len, reverse=True)),
        role_words=tuple(data["role_words"]),
        glossary_heading=_compile(data["glossary_heading"]),
        page_headers=tuple(re.compile(p) for p in data["page_headers"]),
        page_header_followers=tuple(re.compile(p) for p in data["page_header_followers"]),
        bullets=tuple(data["bullets"]),
        weak_bullets=frozenset(data.get("weak_bullets", [])),
        report_heading=_compile(data["report_heading"]),
        month_year=re.compile(data["month_year"]),
        assessment_period=re.compile(data["assessment_period"]),
        boilerplate_before=_keys(data.get("boilerplate", {}).get("before_heading", [])),
        boilerplate_sections=_keys(data.get("boilerplate", {}).get("sections", [])),
        programme_headings=_keys(data.get("work_programmes", {}).get("headings", [])),
        programme_lead_marker=data.get("work_programmes", {}).get("lead_marker", "*"),
        programme_lead_statement=re.compile(
            data.get("work_programmes", {}).get("lead_statement", r"(?!)")
        ),
        grade_statements=tuple(
            (g["kind"], re.compile(g["regex"])) for g in data.get("grade_statements", [])
        ),
    )


@cache
def template_rules() -> TemplateRules:
    """The rules shipped in ``ingest/gazetteer/template.yaml``."""
    return rules_from_mapping(gazetteer_file("template.yaml"))
