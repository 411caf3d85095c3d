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
from functools import cache, lru_cache
from typing import Any

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.term import Node

from ontology.keys import name_key_triples

from . import mint
from .classify import classification_triples, classify
from .model import Assessment, ParsedReport, Section, Span
from .parse.statistics import statistics_triples
from .source import ReportSource

HMIC = Namespace("https://w3id.org/hmickg/def#")
# rdflib builds a new URIRef on every attribute access: this module reads each term once
_HMIC, _RDF, _RDFS, _XSD, _DCTERMS, _PROV, _SKOS = map(
    mint.Terms, (HMIC, RDF, RDFS, XSD, DCTERMS, PROV, SKOS)
)

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
    triples += tuple(name_key_triples(triples))  # look-up keys of the names (ontology.keys)
    return ReportGraph(
        slug=slug, graph=mint.report_graph(slug), report=mint.report(slug), triples=triples
    )


@lru_cache(maxsize=4096, typed=True)
def _lit(value: str | int) -> Literal:
    """A plain or an xsd:integer literal; made once for the many that repeat (numbers,
    labels): rdflib's constructor is slow."""
    if isinstance(value, int):
        return Literal(value, datatype=_XSD.integer)
    return Literal(value)


def _triples(
    parsed: ParsedReport, slug: str, source: ReportSource | None, personal_data: bool
) -> Iterator[Triple]:
    report = mint.report(slug)
    passages: set[Span] = set()

    def derived(node: URIRef, span: Span) -> Iterator[Triple]:
        passages.add(span)
        yield node, _PROV.wasDerivedFrom, mint.passage(slug, span.start, span.end)

    meta = parsed.meta
    force = mint.force(meta.force.slug)
    yield report, _RDF.type, _HMIC.InspectionReport
    label = f"HMIC inspection of {meta.force.name}, {meta.issued or meta.year}"
    yield report, _RDFS.label, _lit(meta.title or label)
    if meta.title:
        yield report, _DCTERMS.title, _lit(meta.title)
    if meta.issued:
        yield report, _DCTERMS.issued, Literal(meta.issued, datatype=_XSD.gYearMonth)
    if meta.period:
        yield report, _HMIC.assessmentPeriod, _lit(meta.period)
    yield report, _HMIC.year, Literal(str(meta.year), datatype=_XSD.gYear)
    yield report, _HMIC.inspectedForce, force
    yield report, _HMIC.mentions, force
    yield report, _HMIC.sourceFile, _lit(os.path.basename(parsed.source_name))
    yield report, _HMIC.sha256, _lit(parsed.sha256)
    yield report, _HMIC.lineCount, _lit(parsed.line_count)
    yield from derived(report, Span(1, parsed.line_count))
    yield force, _RDF.type, _HMIC.PoliceForce
    yield from derived(force, meta.force.span)

    seq = 0
    section_no = 0

    def section_triples(a: Assessment, s: Section, owner: URIRef | None) -> Iterator[Triple]:
        nonlocal seq, section_no
        section_no += 1
        node = mint.in_report(slug, "section", section_no)
        yield node, _RDF.type, _HMIC.ReportSection
        yield node, _HMIC.heading, _lit(s.heading)
        if s.summary:
            yield node, _HMIC.summary, _lit(s.summary)
        yield node, _HMIC.sequence, _lit(section_no)
        yield node, _HMIC.framework, URIRef(a.framework)
        yield node, _DCTERMS.isPartOf, report
        yield (
            node,
            _RDFS.label,
            _lit(f"{a.heading} / {s.heading}" if s.heading != a.heading else a.heading),
        )
        yield from derived(node, s.span)
        if owner is not None:
            yield owner, _HMIC.hasSection, node
        for f in s.findings:
            seq += 1
            fnode = mint.in_report(slug, "finding", f"{seq:04d}")
            yield fnode, _RDF.type, _HMIC[f.kind.value]
            yield fnode, _RDF.type, _HMIC.Finding
            yield fnode, _HMIC.text, _lit(f.text)
            yield fnode, _HMIC.sequence, _lit(seq)
            yield fnode, _HMIC.section, node
            if f.number is not None:
                yield fnode, _HMIC.number, _lit(f.number)
            if owner is not None:
                yield owner, _HMIC.finding, fnode
            yield from derived(fnode, f.span)
            decision = classify(f.text, kind=f.kind.value, framework=a.framework)
            yield from classification_triples(
                fnode, decision, passage=mint.passage(slug, f.span.start, f.span.end)
            )

    for a in sorted((*parsed.assessments, *parsed.overviews), key=lambda x: x.span.start):
        owner: URIRef | None = None
        if a.graded:
            owner = mint.in_report(slug, "assessment", mint.last_segment(a.framework))
            yield report, _HMIC.hasAssessment, owner
            yield owner, _RDF.type, _HMIC.Assessment
            yield owner, _HMIC.framework, URIRef(a.framework)
            yield owner, _HMIC.heading, _lit(a.heading)
            yield owner, _RDFS.label, _lit(f"{a.heading}: {a.grade_wording or ''}".rstrip(": ."))
            yield owner, _DCTERMS.isPartOf, report
            yield from derived(owner, a.heading_span)
            if a.grade:
                yield owner, _HMIC.grade, URIRef(a.grade)
                if a.grade_span:
                    yield from derived(owner, a.grade_span)
            if a.distribution:
                dist = mint.in_report(
                    slug, "assessment", mint.last_segment(a.framework), "national"
                )
                yield owner, _HMIC.nationalDistribution, dist
                yield dist, _RDF.type, _HMIC.GradeDistribution
                yield from derived(dist, a.distribution.span)
                for gc in a.distribution.counts:
                    cnode = URIRef(f"{dist}/{mint.last_segment(gc.grade)}")
                    yield dist, _HMIC.gradeCount, cnode
                    yield cnode, _RDF.type, _HMIC.GradeCount
                    yield cnode, _HMIC.grade, URIRef(gc.grade)
                    yield cnode, _HMIC["count"], _lit(gc.count)
        for s in a.sections:
            yield from section_triples(a, s, owner)

    for n, gp in enumerate(parsed.good_practice, start=1):
        node = mint.in_report(slug, "practice", n)
        yield report, _HMIC.hasGoodPractice, node
        yield node, _RDF.type, _HMIC.GoodPractice
        yield node, _DCTERMS.title, _lit(gp.title)
        yield node, _RDFS.label, _lit(gp.title)
        if gp.framework:
            yield node, _HMIC.framework, URIRef(gp.framework)
        for prop, value in (
            (_HMIC.problem, gp.problem),
            (_HMIC.solution, gp.solution),
            (_HMIC.outcome, gp.outcome),
        ):
            if value:
                yield node, prop, _lit(value)
        whole = "\n\n".join(x for x in (gp.problem, gp.solution, gp.outcome) if x)
        if whole:
            yield node, _HMIC.text, _lit(whole)
        yield from derived(node, gp.span)
        for m, contact in enumerate(gp.contacts, start=1):
            cnode = URIRef(f"{node}/contact/{m}")
            yield node, _HMIC.contact, cnode
            yield cnode, _RDF.type, _HMIC.ContactPoint
            if contact.role:
                yield cnode, _HMIC.role, _lit(contact.role)
            if contact.unit:
                yield cnode, _HMIC.contactUnit, _lit(contact.unit)
            if personal_data:
                if contact.name:
                    yield cnode, _HMIC.contactName, _lit(contact.name)
                if contact.telephone:
                    yield cnode, _HMIC.telephone, _lit(contact.telephone)

    if parsed.glossary:
        glossary = mint.in_report(slug, "glossary")
        yield report, _HMIC.glossary, glossary
        yield glossary, _RDF.type, _HMIC.Glossary
        yield glossary, _RDF.type, _SKOS.ConceptScheme
        yield glossary, _RDFS.label, _lit(f"Glossary of {meta.title or label}")
        for entry in parsed.glossary:
            node = mint.in_report(slug, "glossary", mint.slug(entry.acronym))
            yield node, _RDF.type, _HMIC.GlossaryEntry
            yield node, _RDF.type, _SKOS.Concept
            yield node, _SKOS.inScheme, glossary
            yield node, _SKOS.notation, _lit(entry.acronym)
            yield node, _SKOS.altLabel, _lit(entry.acronym)
            yield node, _SKOS.prefLabel, _lit(entry.expansion)
            yield from derived(node, entry.span)

    for n, gs in enumerate(parsed.grade_statements, start=1):
        node = mint.in_report(slug, "grade-statement", n)
        yield report, _HMIC.statesGrade, node
        yield node, _RDF.type, _HMIC.GradeStatement
        yield node, _HMIC.inspectedForce, force
        yield node, _HMIC.framework, URIRef(gs.framework)
        yield node, _HMIC.grade, URIRef(gs.grade)
        yield node, _HMIC.text, _lit(gs.wording)
        if gs.when:
            kind = _XSD.gYearMonth if len(gs.when) == 7 else _XSD.gYear
            yield node, _DCTERMS.date, Literal(gs.when, datatype=kind)
        if gs.direction:
            yield node, _HMIC.gradeDirection, _lit(gs.direction)
        yield from derived(node, gs.span)

    for n, prog in enumerate(parsed.programmes, start=1):
        yield from _programme_triples(parsed, prog, n, slug, report, force, derived)

    if parsed.entities is not None:
        yield from _entity_triples(parsed, slug, report, derived)

    yield from statistics_triples(parsed, slug, report, derived)  # statistics tables

    for span in sorted(passages):
        node = mint.passage(slug, span.start, span.end)
        yield node, _RDF.type, _HMIC.SourcePassage
        yield node, _HMIC.lineStart, _lit(span.start)
        yield node, _HMIC.lineEnd, _lit(span.end)
        yield node, _DCTERMS.source, report
        name = os.path.basename(parsed.source_name)
        yield node, _RDFS.label, _lit(f"{name} lines {span.start}-{span.end}")
        if source is not None and source.pages is not None:
            yield node, _HMIC.page, _lit(source.page_of(span.start) or 1)


ORG = Namespace("http://www.w3.org/ns/org#")
_ORG = mint.Terms(ORG)
PSA = "https://w3id.org/hmickg/def/psa/"
_EXTRA_TYPES = {
    "PoliceForce": (_ORG.FormalOrganization, _ORG.Organization),
    "Unit": (_ORG.OrganizationalUnit, _ORG.Organization),
    "PartnerAgency": (_ORG.Organization,),
    "Partnership": (_ORG.Organization,),
}
_LINK_PREDICATES = {
    "involves": _HMIC.involves,
    "targets": _HMIC.targets,
    "unitOf": _ORG.unitOf,
    "inRegion": _HMIC.inRegion,
    "mostSimilarForce": _HMIC.mostSimilarForce,
    "party": _HMIC.party,
    "usesSystem": _HMIC.usesSystem,
    "linksSystem": _HMIC.linksSystem,
}


def _entity_triples(
    parsed: ParsedReport, slug: str, report: URIRef, derived: Any
) -> Iterator[Triple]:
    """The things a report names, each with a passage per mention, and every link
    as an ``rdf:Statement`` that carries the passage it was read from."""
    ex = parsed.entities
    for e in ex.entities:
        node = URIRef(mint.ID + e.key)
        yield node, _RDF.type, _HMIC[e.cls]
        for extra in _EXTRA_TYPES.get(e.cls, ()):
            yield node, _RDF.type, extra
        yield node, _RDFS.label, _lit(e.label)
        for alt in e.alt:
            yield node, _SKOS.altLabel, _lit(alt)
        yield report, _HMIC.mentions, node
        for span in e.spans:
            yield from derived(node, span)
        for name, value in e.facts:
            if name == "year":
                yield node, _HMIC.year, Literal(str(value), datatype=_XSD.gYear)
            elif name == "about":
                yield node, _DCTERMS.description, _lit(value)
            elif name == "protectiveServiceArea":
                yield node, _HMIC.protectiveServiceArea, URIRef(PSA + value)
            elif name == "valueRecovered":
                yield node, _HMIC.valueRecovered, Literal(value, datatype=_XSD.decimal)
            else:  # arrests, convictions, charged
                yield node, _HMIC[name], _lit(int(value))
    for n, link in enumerate(ex.links, start=1):
        s, p, o = URIRef(mint.ID + link.s), _LINK_PREDICATES[link.p], URIRef(mint.ID + link.o)
        yield s, p, o
        stmt = mint.in_report(slug, "link", n)
        yield stmt, _RDF.type, _RDF.Statement
        yield stmt, _RDF.subject, s
        yield stmt, _RDF.predicate, p
        yield stmt, _RDF.object, o
        yield from derived(stmt, link.span)


@cache
def _programme_rules() -> Any:
    """Programme items are protective-service gaps by definition: their short labels
    ("Domestic abuse") choose an area on weaker evidence than a finding does."""
    from dataclasses import replace

    from .classify import default_rules

    rules = default_rules()
    programme = replace(rules, area_min_score=1.0)
    # the term indexes depend on the terms alone: shared, not built again (15 ms each time)
    programme.__dict__.update(_theme_index=rules._theme_index, _area_index=rules._area_index)
    return programme


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
    yield agreement, _RDF.type, _HMIC.CollaborationAgreement
    yield agreement, _RDFS.label, _lit(prog.name)
    yield report, _HMIC.mentions, agreement
    yield from derived(agreement, prog.span)
    for m, item in enumerate(prog.items, start=1):
        node = mint.in_report(slug, "programme", n, "item", m)
        yield agreement, _HMIC.programmeItem, node
        yield node, _RDF.type, _HMIC.WorkProgrammeItem
        yield node, _RDFS.label, _lit(item.label)
        yield node, _HMIC.text, _lit(item.label)
        yield node, _HMIC.sequence, _lit(m)
        if item.lead:
            yield node, _HMIC.leadForce, force
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
