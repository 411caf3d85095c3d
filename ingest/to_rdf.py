"""Parsed document → triples with provenance, in the report's own named graph.

Every node that states something carries ``prov:wasDerivedFrom`` a
``hmic:SourcePassage`` with the 1-based ``hmic:lineStart``/``hmic:lineEnd`` of
the file as given (and ``hmic:page`` for text read from a PDF).

Personal data: a "Developing practice" contact keeps its role and unit; the
name and telephone number enter the graph only with ``personal_data=True``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from . import mint
from .classify import classification_triples, classify
from .model import Assessment, ParsedReport, Section, Span
from .parse.statistics import statistics_triples
from .source import ReportSource

HMIC = Namespace("https://w3id.org/hmickg/def#")

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class ReportGraph:
    """The triples of one report and the named graph they belong in."""

    slug: str
    graph: URIRef
    report: URIRef
    triples: tuple[Triple, ...]


def report_slug(parsed: ParsedReport) -> str:
    """``leicestershire-2008-07-major-crime``: force, date, topic. Stable across re-ingest."""
    meta = parsed.meta
    when = meta.issued or str(meta.year)
    if meta.title:
        topic = meta.title.split(":", 1)[-1]
        for name in (meta.force.name, *_force_names(meta.force.slug)):
            topic = topic.replace(name, " ")
    else:
        # No title (the 2007 template): the top-level frameworks, in reading order.
        tops: list[str] = []
        for a in sorted((*parsed.assessments, *parsed.overviews), key=lambda x: x.span.start):
            top = a.heading.split(" – ")[0].split(" - ")[0].strip()
            if top not in tops:
                tops.append(top)
        topic = " ".join(tops)
    return mint.slug(f"{meta.force.slug} {when} {topic}")


def _force_names(force_slug: str) -> tuple[str, ...]:
    from .forces import force_index

    for f in force_index().forces:
        if f.slug == force_slug:
            return tuple(sorted(f.names, key=len, reverse=True))
    return ()


def to_graph(
    parsed: ParsedReport, source: ReportSource | None = None, *, personal_data: bool = False
) -> ReportGraph:
    slug = report_slug(parsed)
    triples = tuple(_triples(parsed, slug, source, personal_data))
    return ReportGraph(
        slug=slug, graph=mint.report_graph(slug), report=mint.report(slug), triples=triples
    )


def _lit(value: str | int) -> Literal:
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    return Literal(value)


def _triples(
    parsed: ParsedReport, slug: str, source: ReportSource | None, personal_data: bool
) -> Iterator[Triple]:
    report = mint.report(slug)
    passages: set[Span] = set()

    def derived(node: URIRef, span: Span) -> Iterator[Triple]:
        passages.add(span)
        yield node, PROV.wasDerivedFrom, mint.passage(slug, span.start, span.end)

    meta = parsed.meta
    force = mint.force(meta.force.slug)
    yield report, RDF.type, HMIC.InspectionReport
    label = f"HMIC inspection of {meta.force.name}, {meta.issued or meta.year}"
    yield report, RDFS.label, _lit(meta.title or label)
    if meta.title:
        yield report, DCTERMS.title, _lit(meta.title)
    if meta.issued:
        yield report, DCTERMS.issued, Literal(meta.issued, datatype=XSD.gYearMonth)
    if meta.period:
        yield report, HMIC.assessmentPeriod, _lit(meta.period)
    yield report, HMIC.year, Literal(str(meta.year), datatype=XSD.gYear)
    yield report, HMIC.inspectedForce, force
    yield report, HMIC.mentions, force
    yield report, HMIC.sourceFile, _lit(os.path.basename(parsed.source_name))
    yield report, HMIC.sha256, _lit(parsed.sha256)
    yield report, HMIC.lineCount, _lit(parsed.line_count)
    yield from derived(report, Span(1, parsed.line_count))
    yield force, RDF.type, HMIC.PoliceForce
    yield from derived(force, meta.force.span)

    seq = 0
    section_no = 0

    def section_triples(a: Assessment, s: Section, owner: URIRef | None) -> Iterator[Triple]:
        nonlocal seq, section_no
        section_no += 1
        node = mint.in_report(slug, "section", section_no)
        yield node, RDF.type, HMIC.ReportSection
        yield node, HMIC.heading, _lit(s.heading)
        if s.summary:
            yield node, HMIC.summary, _lit(s.summary)
        yield node, HMIC.sequence, _lit(section_no)
        yield node, HMIC.framework, URIRef(a.framework)
        yield node, DCTERMS.isPartOf, report
        yield (
            node,
            RDFS.label,
            _lit(f"{a.heading} / {s.heading}" if s.heading != a.heading else a.heading),
        )
        yield from derived(node, s.span)
        if owner is not None:
            yield owner, HMIC.hasSection, node
        for f in s.findings:
            seq += 1
            fnode = mint.in_report(slug, "finding", f"{seq:04d}")
            yield fnode, RDF.type, HMIC[f.kind.value]
            yield fnode, RDF.type, HMIC.Finding
            yield fnode, HMIC.text, _lit(f.text)
            yield fnode, HMIC.sequence, _lit(seq)
            yield fnode, HMIC.section, node
            if f.number is not None:
                yield fnode, HMIC.number, _lit(f.number)
            if owner is not None:
                yield owner, HMIC.finding, fnode
            yield from derived(fnode, f.span)
            decision = classify(f.text, kind=f.kind.value, framework=a.framework)
            yield from classification_triples(
                fnode, decision, passage=mint.passage(slug, f.span.start, f.span.end)
            )

    for a in sorted((*parsed.assessments, *parsed.overviews), key=lambda x: x.span.start):
        owner: URIRef | None = None
        if a.graded:
            owner = mint.in_report(slug, "assessment", mint.last_segment(a.framework))
            yield report, HMIC.hasAssessment, owner
            yield owner, RDF.type, HMIC.Assessment
            yield owner, HMIC.framework, URIRef(a.framework)
            yield owner, HMIC.heading, _lit(a.heading)
            yield owner, RDFS.label, _lit(f"{a.heading}: {a.grade_wording or ''}".rstrip(": ."))
            yield owner, DCTERMS.isPartOf, report
            yield from derived(owner, a.heading_span)
            if a.grade:
                yield owner, HMIC.grade, URIRef(a.grade)
                if a.grade_span:
                    yield from derived(owner, a.grade_span)
            if a.distribution:
                dist = mint.in_report(
                    slug, "assessment", mint.last_segment(a.framework), "national"
                )
                yield owner, HMIC.nationalDistribution, dist
                yield dist, RDF.type, HMIC.GradeDistribution
                yield from derived(dist, a.distribution.span)
                for gc in a.distribution.counts:
                    cnode = URIRef(f"{dist}/{mint.last_segment(gc.grade)}")
                    yield dist, HMIC.gradeCount, cnode
                    yield cnode, RDF.type, HMIC.GradeCount
                    yield cnode, HMIC.grade, URIRef(gc.grade)
                    yield cnode, HMIC["count"], _lit(gc.count)
        for s in a.sections:
            yield from section_triples(a, s, owner)

    for n, gp in enumerate(parsed.good_practice, start=1):
        node = mint.in_report(slug, "practice", n)
        yield report, HMIC.hasGoodPractice, node
        yield node, RDF.type, HMIC.GoodPractice
        yield node, DCTERMS.title, _lit(gp.title)
        yield node, RDFS.label, _lit(gp.title)
        if gp.framework:
            yield node, HMIC.framework, URIRef(gp.framework)
        for prop, value in (
            (HMIC.problem, gp.problem),
            (HMIC.solution, gp.solution),
            (HMIC.outcome, gp.outcome),
        ):
            if value:
                yield node, prop, _lit(value)
        whole = "\n\n".join(x for x in (gp.problem, gp.solution, gp.outcome) if x)
        if whole:
            yield node, HMIC.text, _lit(whole)
        yield from derived(node, gp.span)
        for m, contact in enumerate(gp.contacts, start=1):
            cnode = URIRef(f"{node}/contact/{m}")
            yield node, HMIC.contact, cnode
            yield cnode, RDF.type, HMIC.ContactPoint
            if contact.role:
                yield cnode, HMIC.role, _lit(contact.role)
            if contact.unit:
                yield cnode, HMIC.contactUnit, _lit(contact.unit)
            if personal_data:
                if contact.name:
                    yield cnode, HMIC.contactName, _lit(contact.name)
                if contact.telephone:
                    yield cnode, HMIC.telephone, _lit(contact.telephone)

    if parsed.glossary:
        glossary = mint.in_report(slug, "glossary")
        yield report, HMIC.glossary, glossary
        yield glossary, RDF.type, HMIC.Glossary
        yield glossary, RDF.type, SKOS.ConceptScheme
        yield glossary, RDFS.label, _lit(f"Glossary of {meta.title or label}")
        for entry in parsed.glossary:
            node = mint.in_report(slug, "glossary", mint.slug(entry.acronym))
            yield node, RDF.type, HMIC.GlossaryEntry
            yield node, RDF.type, SKOS.Concept
            yield node, SKOS.inScheme, glossary
            yield node, SKOS.notation, _lit(entry.acronym)
            yield node, SKOS.altLabel, _lit(entry.acronym)
            yield node, SKOS.prefLabel, _lit(entry.expansion)
            yield from derived(node, entry.span)

    for n, gs in enumerate(parsed.grade_statements, start=1):
        node = mint.in_report(slug, "grade-statement", n)
        yield report, HMIC.statesGrade, node
        yield node, RDF.type, HMIC.GradeStatement
        yield node, HMIC.inspectedForce, force
        yield node, HMIC.framework, URIRef(gs.framework)
        yield node, HMIC.grade, URIRef(gs.grade)
        yield node, HMIC.text, _lit(gs.wording)
        if gs.when:
            kind = XSD.gYearMonth if len(gs.when) == 7 else XSD.gYear
            yield node, DCTERMS.date, Literal(gs.when, datatype=kind)
        if gs.direction:
            yield node, HMIC.gradeDirection, _lit(gs.direction)
        yield from derived(node, gs.span)

    for n, prog in enumerate(parsed.programmes, start=1):
        yield from _programme_triples(parsed, prog, n, slug, report, force, derived)

    if parsed.entities is not None:
        yield from _entity_triples(parsed, slug, report, derived)

    yield from statistics_triples(parsed, slug, report, derived)  # statistics tables

    for span in sorted(passages):
        node = mint.passage(slug, span.start, span.end)
        yield node, RDF.type, HMIC.SourcePassage
        yield node, HMIC.lineStart, _lit(span.start)
        yield node, HMIC.lineEnd, _lit(span.end)
        yield node, DCTERMS.source, report
        name = os.path.basename(parsed.source_name)
        yield node, RDFS.label, _lit(f"{name} lines {span.start}-{span.end}")
        if source is not None and source.pages is not None:
            yield node, HMIC.page, _lit(source.page_of(span.start) or 1)


ORG = Namespace("http://www.w3.org/ns/org#")
PSA = "https://w3id.org/hmickg/def/psa/"
_EXTRA_TYPES = {
    "PoliceForce": (ORG.FormalOrganization, ORG.Organization),
    "Unit": (ORG.OrganizationalUnit, ORG.Organization),
    "PartnerAgency": (ORG.Organization,),
    "Partnership": (ORG.Organization,),
}
_LINK_PREDICATES = {
    "involves": HMIC.involves,
    "targets": HMIC.targets,
    "unitOf": ORG.unitOf,
    "inRegion": HMIC.inRegion,
    "mostSimilarForce": HMIC.mostSimilarForce,
    "party": HMIC.party,
    "usesSystem": HMIC.usesSystem,
    "linksSystem": HMIC.linksSystem,
}


def _entity_triples(
    parsed: ParsedReport, slug: str, report: URIRef, derived: Any
) -> Iterator[Triple]:
    """The things a report names, each with a passage per mention, and every link
    as an ``rdf:Statement`` that carries the passage it was read from."""
    ex = parsed.entities
    for e in ex.entities:
        node = URIRef(mint.ID + e.key)
        yield node, RDF.type, HMIC[e.cls]
        for extra in _EXTRA_TYPES.get(e.cls, ()):
            yield node, RDF.type, extra
        yield node, RDFS.label, _lit(e.label)
        for alt in e.alt:
            yield node, SKOS.altLabel, _lit(alt)
        yield report, HMIC.mentions, node
        for span in e.spans:
            yield from derived(node, span)
        for name, value in e.facts:
            if name == "year":
                yield node, HMIC.year, Literal(str(value), datatype=XSD.gYear)
            elif name == "about":
                yield node, DCTERMS.description, _lit(value)
            elif name == "protectiveServiceArea":
                yield node, HMIC.protectiveServiceArea, URIRef(PSA + value)
            elif name == "valueRecovered":
                yield node, HMIC.valueRecovered, Literal(value, datatype=XSD.decimal)
            else:  # arrests, convictions, charged
                yield node, HMIC[name], _lit(int(value))
    for n, link in enumerate(ex.links, start=1):
        s, p, o = URIRef(mint.ID + link.s), _LINK_PREDICATES[link.p], URIRef(mint.ID + link.o)
        yield s, p, o
        stmt = mint.in_report(slug, "link", n)
        yield stmt, RDF.type, RDF.Statement
        yield stmt, RDF.subject, s
        yield stmt, RDF.predicate, p
        yield stmt, RDF.object, o
        yield from derived(stmt, link.span)


@cache
def _programme_rules() -> Any:
    """Programme items are protective-service gaps by definition: their short labels
    ("Domestic abuse") choose an area on weaker evidence than a finding does."""
    from dataclasses import replace

    from .classify import default_rules

    return replace(default_rules(), area_min_score=1.0)


def _programme_agreement(parsed: ParsedReport, name: str) -> URIRef | None:
    key = name.casefold()
    if parsed.entities is None:
        return None
    for e in parsed.entities.entities:
        if e.cls == "CollaborationAgreement" and key in {n.casefold() for n in (e.label, *e.alt)}:
            return URIRef(mint.ID + e.key)
    return None


def _programme_triples(
    parsed: ParsedReport, prog: Any, n: int, slug: str, report: URIRef, force: URIRef, derived: Any
) -> Iterator[Triple]:
    """A regional work programme's items: the gaps it says more than one force shares."""
    agreement = _programme_agreement(parsed, prog.name) or URIRef(
        f"{mint.ID}agreement/{mint.slug(prog.name)}"
    )
    yield agreement, RDF.type, HMIC.CollaborationAgreement
    yield agreement, RDFS.label, _lit(prog.name)
    yield report, HMIC.mentions, agreement
    yield from derived(agreement, prog.span)
    for m, item in enumerate(prog.items, start=1):
        node = mint.in_report(slug, "programme", n, "item", m)
        yield agreement, HMIC.programmeItem, node
        yield node, RDF.type, HMIC.WorkProgrammeItem
        yield node, RDFS.label, _lit(item.label)
        yield node, HMIC.text, _lit(item.label)
        yield node, HMIC.sequence, _lit(m)
        if item.lead:
            yield node, HMIC.leadForce, force
            if prog.lead_statement_span is not None:
                yield from derived(node, prog.lead_statement_span)
        yield from derived(node, item.span)
        # what the item is about: the same explainable rules as findings
        decision = classify(
            item.label, kind="AreaForImprovement", framework=None, rules=_programme_rules()
        )
        yield from classification_triples(
            node, decision, passage=mint.passage(slug, item.span.start, item.span.end)
        )
