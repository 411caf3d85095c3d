"""The native SHACL engine (ontology.shacl) against pySHACL, the reference.

Both engines must agree on ``conforms`` and on every violation (focus node,
path, source shape, severity, value and message) for the real reports, for
deliberately broken variants of them (one mutation per constraint kind the
shapes use), for random mutations (hypothesis), and for shapes using the
other SHACL Core features the compiler implements. What the compiler does not
implement must raise when the shapes are compiled.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, SH, XSD, BNode, Dataset, Graph, Literal, Namespace, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SKOS

import ingest
from ontology import FRAMEWORK, GRADE, HMIC_NS, HMICSH, ID_NS, PSA, _ontology, shapes_graph
from ontology.shacl import Background, ShapeCompileError, compile_shapes
from ontology.validate import (
    TELEPHONE_SHAPE,
    ValidationReport,
    _compiled,
    _shapes_for_pyshacl,
    validate,
)

H = HMIC_NS
QB = Namespace("http://purl.org/linked-data/cube#")
EX = Namespace("http://example.org/")
REPORTS = Path(__file__).resolve().parents[2] / "hmickg" / "sample_reports"
REPORT_FILES = {"2008": "000_7d85d815ae289cfe.txt", "2007": "003_ed86710350572cae.txt"}


@functools.cache
def _real(key: str) -> Graph:
    """A real report graph as the pipeline makes it (build a copy before changing it)."""
    graph = Graph()
    for triple in ingest.ingest_file(REPORTS / REPORT_FILES[key]).graph.triples:
        graph.add(triple)
    return graph


def _copy(key: str) -> Graph:
    graph = Graph()
    graph += _real(key)
    return graph


def _path_key(graph: Graph, path: Node | None) -> str | None:
    """A path as comparable text (blank-node paths are compared by structure)."""
    if path is None or isinstance(path, URIRef):
        return None if path is None else str(path)
    if (path, RDF.first, None) in graph:
        return "(" + " / ".join(str(_path_key(graph, p)) for p in Collection(graph, path)) + ")"
    [(kind, inner)] = list(graph.predicate_objects(path))
    if kind == SH.alternativePath:
        return "(" + " | ".join(str(_path_key(graph, p)) for p in Collection(graph, inner)) + ")"
    return f"{kind.split('#')[-1]}({_path_key(graph, inner)})"


def _keys(report: ValidationReport) -> set[tuple]:
    """Every violation as (focus, path, shape, severity, value, message)."""
    return {
        (v.focus, _path_key(report.results, v.path), v.shape, v.severity, v.value, v.message)
        for v in report.violations()
    }


def _assert_agree(graph: Graph, *, personal_data: bool = False) -> ValidationReport:
    native = validate(graph, personal_data=personal_data)
    reference = validate(graph, personal_data=personal_data, engine="pyshacl")
    assert native.conforms == reference.conforms, (native.messages(), reference.messages())
    only_native, only_reference = _keys(native) - _keys(reference), _keys(reference) - _keys(native)
    assert not only_native and not only_reference, (only_native, only_reference)
    assert len(native.violations()) == len(reference.violations())
    return native


# --- the real reports ------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(REPORT_FILES))
@pytest.mark.parametrize("personal_data", [False, True])
def test_real_reports_agree_and_conform(key: str, personal_data: bool) -> None:
    report = _assert_agree(_real(key), personal_data=personal_data)
    assert report.conforms, report.messages()[:5]


def test_the_triples_validate_like_the_graph() -> None:
    """ingest_one passes the bare triples: the verdict is the same as for the graph."""
    triples = ingest.ingest_file(REPORTS / REPORT_FILES["2007"]).graph.triples
    from_triples = validate(triples)
    assert from_triples.conforms
    broken = [t for t in triples if t[1] != H.text] + [triples[0]]  # a duplicate, too
    graph = Graph()
    for triple in broken:
        graph.add(triple)
    assert not validate(graph).conforms
    assert _keys(validate(broken)) == _keys(validate(graph))


def test_a_graph_sharing_its_store_sees_only_its_own_triples() -> None:
    """The native engine reads a Memory store's indexes only when they hold just this graph."""
    dataset = Dataset()
    report = dataset.graph(URIRef("urn:graph:report"))
    report += _real("2008")
    other = dataset.graph(URIRef("urn:graph:other"))
    other.add((EX.finding, RDF.type, H.Strength))  # no text, no passage: not valid
    assert validate(report).conforms
    assert _keys(validate(other)) == _keys(validate(list(other)))
    assert not validate(other).conforms


# --- broken variants: one mutation per constraint kind -----------------------------------
# Each mutation breaks one node of a real report graph. To keep pySHACL's share
# of the run time down, mutations on different nodes are applied together
# ("batches", one pySHACL run each); each mutation alone must give violations
# that the batch also has (so no mutation masks another) and that are not empty.


def _first(g: Graph, cls: URIRef, *having: URIRef) -> URIRef:
    """The first (by IRI) instance of ``cls`` that has every predicate in ``having``."""
    return _candidates_of(g, cls, having)[0]


def _candidates_of(g: Graph, cls: URIRef, having: tuple[URIRef, ...]) -> list[URIRef]:
    found = [n for n in sorted(g.subjects(RDF.type, cls)) if all((n, p, None) in g for p in having)]
    if not found:
        raise LookupError(f"no {cls} with {having}")
    return found


def _replace(g: Graph, s: Node, p: URIRef, *values: Node) -> None:
    g.remove((s, p, None))
    for value in values:
        g.add((s, p, value))


def _other(g: Graph, cls: URIRef, node: Node) -> URIRef:
    """The last instance of ``cls`` that is not ``node``."""
    return [n for n in sorted(g.subjects(RDF.type, cls)) if n != node][-1]


@dataclass(frozen=True)
class Mutation:
    report: str
    cls: URIRef
    having: tuple[URIRef, ...]
    apply: Callable[[Graph, URIRef], None]
    conforms: bool = False  # the variant is still valid
    alone: bool = False  # changes the whole graph: not batched with others


FINDING = (H.text, H.section, H.protectiveServiceArea, DCTERMS.subject, H.sequence)
M = Mutation
MUTATIONS: dict[str, Mutation] = {
    # hmicsh:FindingShape (sh:targetClass hmic:Finding reaches hmic:Strength by subClassOf)
    "finding-without-text": M(
        "2008", H.Strength, FINDING, lambda g, n: g.remove((n, H.text, None))
    ),
    "finding-two-texts": M(
        "2008", H.Strength, FINDING, lambda g, n: g.add((n, H.text, Literal("More.")))
    ),
    "finding-empty-text": M(
        "2008", H.Strength, FINDING, lambda g, n: _replace(g, n, H.text, Literal(""))
    ),
    "finding-text-with-language": M(
        "2008", H.Strength, FINDING, lambda g, n: _replace(g, n, H.text, Literal("A.", lang="en"))
    ),
    "finding-text-typed-string": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, H.text, Literal("A.", datatype=XSD.string)),
        conforms=True,
    ),
    "finding-text-is-an-iri": M(
        "2008", H.Strength, FINDING, lambda g, n: _replace(g, n, H.text, EX.text)
    ),
    "finding-sequence-as-string": M(
        "2008", H.Strength, FINDING, lambda g, n: _replace(g, n, H.sequence, Literal("3"))
    ),
    "finding-sequence-ill-typed": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, H.sequence, Literal("three", datatype=XSD.integer)),
    ),
    "finding-sequence-as-decimal": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, H.sequence, Literal("2.5", datatype=XSD.decimal)),
    ),
    "finding-sequence-negative": M(
        "2008", H.Strength, FINDING, lambda g, n: _replace(g, n, H.sequence, Literal(-1))
    ),
    "finding-section-is-a-passage": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, H.section, _first(g, H.SourcePassage)),
    ),
    "finding-two-sections": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: g.add((n, H.section, _other(g, H.ReportSection, g.value(n, H.section)))),
    ),
    "finding-unknown-protective-service-area": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, H.protectiveServiceArea, PSA["no-such-area"]),
    ),
    "finding-protective-service-area-literal": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, H.protectiveServiceArea, Literal("major crime")),
    ),
    "finding-protective-service-area-framework": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, H.protectiveServiceArea, FRAMEWORK["major-crime"]),
    ),
    "finding-subject-blank-node": M(
        "2008", H.Strength, FINDING, lambda g, n: g.add((n, DCTERMS.subject, BNode()))
    ),
    "finding-two-passages": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: g.add((n, PROV.wasDerivedFrom, _other(g, H.SourcePassage, None))),
    ),
    # hmicsh:StatementProvenanceShape
    "finding-derived-from-report": M(
        "2008",
        H.Strength,
        FINDING,
        lambda g, n: _replace(g, n, PROV.wasDerivedFrom, _first(g, H.InspectionReport)),
    ),
    "finding-without-passage": M(
        "2008", H.Strength, FINDING, lambda g, n: g.remove((n, PROV.wasDerivedFrom, None))
    ),
    "finding-loses-its-type": M(  # no longer targeted, and hmic:finding's sh:class fails
        "2007", H.Strength, FINDING, lambda g, n: g.remove((n, RDF.type, None))
    ),
    "recommendation-number-zero": M(
        "2007", H.Recommendation, (H.number,), lambda g, n: _replace(g, n, H.number, Literal(0))
    ),
    "recommendation-two-numbers": M(
        "2007", H.Recommendation, (H.number,), lambda g, n: g.add((n, H.number, Literal(7)))
    ),
    # hmicsh:SourcePassageShape
    "passage-line-zero": M(
        "2008", H.SourcePassage, (), lambda g, n: _replace(g, n, H.lineStart, Literal(0))
    ),
    "passage-lines-reversed": M(  # sh:lessThanOrEquals
        "2008",
        H.SourcePassage,
        (),
        lambda g, n: (
            _replace(g, n, H.lineStart, Literal(50)),
            _replace(g, n, H.lineEnd, Literal(40)),
        ),
    ),
    "passage-line-end-as-string": M(  # datatype, and lessThanOrEquals of int and string
        "2008", H.SourcePassage, (), lambda g, n: _replace(g, n, H.lineEnd, Literal("9999"))
    ),
    "passage-two-line-ends": M(
        "2008",
        H.SourcePassage,
        (),
        lambda g, n: (g.add((n, H.lineEnd, Literal(1))), g.add((n, H.lineStart, Literal(2)))),
    ),
    "passage-without-line-end": M(
        "2008", H.SourcePassage, (), lambda g, n: g.remove((n, H.lineEnd, None))
    ),
    "passage-without-source": M(
        "2008", H.SourcePassage, (), lambda g, n: g.remove((n, DCTERMS.source, None))
    ),
    "passage-source-literal": M(
        "2008",
        H.SourcePassage,
        (),
        lambda g, n: _replace(g, n, DCTERMS.source, Literal("report.txt")),
    ),
    "passage-two-pages": M(
        "2008",
        H.SourcePassage,
        (),
        lambda g, n: (g.add((n, H.page, Literal(1))), g.add((n, H.page, Literal(2)))),
    ),
    "passage-page-zero": M(
        "2008", H.SourcePassage, (), lambda g, n: g.add((n, H.page, Literal(0)))
    ),
    # hmicsh:InspectionReportShape (one report per graph: these are never batched together)
    "report-two-forces": M(
        "2008",
        H.InspectionReport,
        (),
        lambda g, n: g.add((n, H.inspectedForce, ID_NS["force/nottinghamshire"])),
    ),
    "report-force-not-a-force-iri": M(  # sh:pattern on an IRI
        "2007",
        H.InspectionReport,
        (),
        lambda g, n: _replace(g, n, H.inspectedForce, ID_NS["agency/soca"]),
    ),
    "report-force-literal": M(
        "2008",
        H.InspectionReport,
        (),
        lambda g, n: _replace(g, n, H.inspectedForce, Literal("Leicestershire")),
    ),
    "report-without-force": M(
        "2007", H.InspectionReport, (), lambda g, n: g.remove((n, H.inspectedForce, None))
    ),
    "report-without-assessment": M(
        "2008", H.InspectionReport, (), lambda g, n: g.remove((n, H.hasAssessment, None))
    ),
    "report-assessment-is-a-literal": M(  # sh:class on a literal
        "2007",
        H.InspectionReport,
        (),
        lambda g, n: g.add((n, H.hasAssessment, Literal("Major crime"))),
    ),
    "report-two-source-files": M(
        "2008", H.InspectionReport, (), lambda g, n: g.add((n, H.sourceFile, Literal("x.txt")))
    ),
    "report-source-file-empty": M(
        "2007", H.InspectionReport, (), lambda g, n: _replace(g, n, H.sourceFile, Literal(""))
    ),
    "report-derived-from-blank-node": M(
        "2008",
        H.InspectionReport,
        (),
        lambda g, n: _replace(g, n, PROV.wasDerivedFrom, BNode()),
    ),
    "report-issued-as-string": M(  # sh:or of node shapes with sh:datatype
        "2008",
        H.InspectionReport,
        (DCTERMS.issued,),
        lambda g, n: _replace(g, n, DCTERMS.issued, Literal("July 2008")),
    ),
    "report-issued-as-date": M(  # the second member of the sh:or
        "2008",
        H.InspectionReport,
        (DCTERMS.issued,),
        lambda g, n: _replace(g, n, DCTERMS.issued, Literal("2008-07-01", datatype=XSD.date)),
        conforms=True,
    ),
    "report-issued-twice": M(
        "2007",
        H.InspectionReport,
        (),
        lambda g, n: (
            g.add((n, DCTERMS.issued, Literal("2007", datatype=XSD.gYear))),
            g.add((n, DCTERMS.issued, Literal("2007-08", datatype=XSD.gYearMonth))),
        ),
    ),
    # hmicsh:AssessmentShape
    "assessment-without-framework": M(
        "2007", H.Assessment, (H.grade,), lambda g, n: g.remove((n, H.framework, None))
    ),
    "assessment-framework-is-a-grade": M(  # pattern fails, sh:class holds
        "2007", H.Assessment, (H.grade,), lambda g, n: _replace(g, n, H.framework, GRADE["good"])
    ),
    "assessment-two-grades": M(
        "2007", H.Assessment, (H.grade,), lambda g, n: g.add((n, H.grade, EX.secondGrade))
    ),
    "assessment-finding-not-a-finding": M(  # sh:class hmic:Finding
        "2007",
        H.Assessment,
        (H.grade,),
        lambda g, n: g.add((n, H.finding, _first(g, H.GlossaryEntry))),
    ),
    "assessment-two-distributions": M(
        "2007",
        H.Assessment,
        (H.nationalDistribution,),
        lambda g, n: g.add((n, H.nationalDistribution, EX.other)),
    ),
    "assessment-distribution-untyped": M(  # sh:targetObjectsOf reaches an untyped node
        "2008", H.Assessment, (), lambda g, n: g.add((n, H.nationalDistribution, EX.untyped))
    ),
    # grade distributions
    "distribution-without-counts": M(
        "2007", H.GradeDistribution, (), lambda g, n: g.remove((n, H.gradeCount, None))
    ),
    "grade-count-as-string": M(
        "2007", H.GradeCount, (), lambda g, n: _replace(g, n, H["count"], Literal("3"))
    ),
    "grade-count-negative": M(
        "2007", H.GradeCount, (), lambda g, n: _replace(g, n, H["count"], Literal(-3))
    ),
    "grade-count-without-grade": M(
        "2007", H.GradeCount, (), lambda g, n: g.remove((n, H.grade, None))
    ),
    "grade-count-unknown-grade": M(
        "2007", H.GradeCount, (), lambda g, n: _replace(g, n, H.grade, GRADE["superb"])
    ),
    # hmicsh:GoodPracticeShape
    "good-practice-without-title": M(
        "2007", H.GoodPractice, (), lambda g, n: g.remove((n, DCTERMS.title, None))
    ),
    "good-practice-two-problems": M(
        "2007", H.GoodPractice, (H.problem,), lambda g, n: g.add((n, H.problem, Literal("More.")))
    ),
    "good-practice-contact-as-text": M(  # sh:class hmic:ContactPoint
        "2007", H.GoodPractice, (), lambda g, n: g.add((n, H.contact, Literal("Superintendent")))
    ),
    # hmicsh:ReportSectionShape
    "section-without-heading-or-summary": M(  # sh:or of property shapes on the node
        "2008",
        H.ReportSection,
        (H.heading,),
        lambda g, n: (g.remove((n, H.heading, None)), g.remove((n, H.summary, None))),
    ),
    "section-two-headings": M(
        "2008", H.ReportSection, (H.heading,), lambda g, n: g.add((n, H.heading, Literal("More")))
    ),
    "section-without-passage": M(
        "2007", H.ReportSection, (), lambda g, n: g.remove((n, PROV.wasDerivedFrom, None))
    ),
    # hmicsh:GlossaryEntryShape
    "glossary-entry-without-term": M(
        "2008", H.GlossaryEntry, (), lambda g, n: g.remove((n, SKOS.prefLabel, None))
    ),
    "glossary-entry-in-a-concept-scheme": M(  # sh:class hmic:Glossary
        "2008",
        H.GlossaryEntry,
        (),
        lambda g, n: _replace(
            g, n, SKOS.inScheme, URIRef("https://w3id.org/hmickg/def/scheme/grades")
        ),
    ),
    # hmicsh:ObservationShape
    "observation-without-data-set": M(
        "2008", QB.Observation, (), lambda g, n: g.remove((n, QB.dataSet, None))
    ),
    "observation-value-as-string": M(  # sh:datatype xsd:decimal
        "2008", QB.Observation, (), lambda g, n: _replace(g, n, H.value, Literal("0.432"))
    ),
    "observation-value-as-integer": M(
        "2008", QB.Observation, (), lambda g, n: _replace(g, n, H.value, Literal(4))
    ),
    "observation-year-as-integer": M(  # sh:datatype xsd:gYear
        "2008", QB.Observation, (), lambda g, n: _replace(g, n, H.refPeriod, Literal(2007))
    ),
    "observation-indicator-unknown": M(
        "2008", QB.Observation, (), lambda g, n: _replace(g, n, H.indicator, EX.indicator)
    ),
    "observation-without-passage": M(
        "2008", QB.Observation, (), lambda g, n: g.remove((n, PROV.wasDerivedFrom, None))
    ),
    # hmicsh:NoPersonalDataShape (sh:targetSubjectsOf, sh:maxCount 0)
    "contact-name": M(
        "2007", H.ContactPoint, (), lambda g, n: g.add((n, H.contactName, Literal("Jane Doe")))
    ),
    "contact-telephone": M(
        "2007", H.ContactPoint, (), lambda g, n: g.add((n, H.telephone, Literal("on request")))
    ),
    # rdfs:subClassOf in the data graph changes what sh:class and sh:targetClass see
    "data-declares-a-subclass": M(
        "2008",
        H.InspectionReport,
        (),
        lambda g, n: g.add((H.Strength, RDFS.subClassOf, H.GlossaryEntry)),
        alone=True,
    ),
}


def _batches() -> dict[str, list[tuple[str, URIRef]]]:
    """Mutations grouped so that no two in a group touch the same node."""
    batches: dict[str, list[tuple[str, URIRef]]] = {}
    for key in sorted(REPORT_FILES):
        graph = _real(key)
        groups: list[list[tuple[str, URIRef]]] = []
        for name, m in MUTATIONS.items():
            if m.report != key:
                continue
            candidates = _candidates_of(graph, m.cls, m.having)
            for group in groups:
                used = {node for _, node in group}
                free = [n for n in candidates if n not in used]
                if free and not m.alone and not any(MUTATIONS[g].alone for g, _ in group):
                    group.append((name, free[0]))
                    break
            else:
                groups.append([(name, candidates[0])])
        for i, group in enumerate(groups, 1):
            batches[f"{key}-{i}"] = group
    return batches


BATCHES = _batches()


def _mutated(key: str, group: list[tuple[str, URIRef]]) -> Graph:
    graph = _copy(key)
    for name, node in group:
        MUTATIONS[name].apply(graph, node)
    return graph


class _Undoable(Graph):
    """A graph whose changes can be undone: one scratch copy per report instead of one per
    mutation (copying 11,000 triples into an rdflib graph takes ~0.1 s)."""

    log: list[tuple[bool, tuple]] | None = None

    def add(self, triple):  # type: ignore[no-untyped-def, override]
        if self.log is not None and triple not in self:
            self.log.append((True, triple))
        return super().add(triple)

    def remove(self, pattern):  # type: ignore[no-untyped-def, override]
        if self.log is not None:
            self.log.extend((False, t) for t in list(self.triples(pattern)))
        return super().remove(pattern)

    def undo(self) -> None:
        for added, triple in reversed(self.log or []):
            if added:
                Graph.remove(self, triple)
            else:
                Graph.add(self, triple)
        self.log = None


@functools.cache
def _scratch(key: str) -> _Undoable:
    graph = _Undoable()
    graph += _real(key)
    return graph


@functools.cache
def _alone(name: str, node: URIRef) -> ValidationReport:
    """The native verdict on a report with this one mutation."""
    graph = _scratch(MUTATIONS[name].report)
    size = len(graph)
    graph.log = []
    try:
        MUTATIONS[name].apply(graph, node)
        return validate(graph)
    finally:
        graph.undo()
        assert len(graph) == size


def _stable(keys: set[tuple]) -> set[tuple]:
    """Keys with blank nodes (made afresh by each mutation) replaced by one placeholder."""
    return {tuple("_:b" if isinstance(x, BNode) else x for x in k) for k in keys}


@pytest.mark.parametrize("batch", sorted(BATCHES))
def test_broken_variants_agree(batch: str) -> None:
    key, group = batch.split("-")[0], BATCHES[batch]
    together = _assert_agree(_mutated(key, group))
    assert together.conforms == all(MUTATIONS[name].conforms for name, _ in group)
    seen = _stable(_keys(together))
    for name, node in group:
        alone = _alone(name, node)
        assert alone.conforms == MUTATIONS[name].conforms, (name, alone.messages())
        assert _stable(_keys(alone)) <= seen, (name, _stable(_keys(alone)) - seen)


def test_batches_are_few_and_hold_every_mutation() -> None:
    assert sorted(name for group in BATCHES.values() for name, _ in group) == sorted(MUTATIONS)
    assert len(BATCHES) <= 14


@pytest.mark.parametrize("name", ["contact-name", "contact-telephone", "finding-two-texts"])
def test_broken_variant_agrees_with_personal_data(name: str) -> None:
    m = MUTATIONS[name]
    graph = _mutated(m.report, [(name, _first(_real(m.report), m.cls, *m.having))])
    _assert_agree(graph, personal_data=True)


def test_every_constraint_kind_of_the_shapes_is_broken_by_some_mutation() -> None:
    """The mutations above make each constraint component of the shapes report at least once."""
    shapes = shapes_graph()
    ignored = {SH.path, SH.name, SH.description, SH.message, SH.property, SH.select, SH.prefixes}
    used = {
        p
        for p in shapes.predicates()
        if p.startswith(str(SH))
        and p not in ignored
        and not str(p).split("#")[-1].startswith("target")
    }
    reported: set[Node] = set()
    for group in BATCHES.values():
        for name, node in group:
            results = _alone(name, node).results
            reported |= set(results.objects(None, SH.sourceConstraintComponent))
    for p in sorted(used):
        if p == SH.sparql:
            continue  # the telephone shape: test_telephone_number_agrees_with_sparql_pyshacl
        local = str(p).split("#")[-1]
        component = URIRef(f"{SH}{local[0].upper()}{local[1:]}ConstraintComponent")
        assert component in reported, f"no mutation breaks {p}"


def test_telephone_number_agrees_with_sparql_pyshacl() -> None:
    """The native telephone check finds what pySHACL's SPARQL shape finds."""
    from pyshacl import validate as shacl_validate

    graph = _copy("2007")
    contact = _first(graph, H.ContactPoint)
    graph.add((contact, H.role, Literal("Superintendent – 0116 248 5903")))
    graph.add((_first(graph, H.GoodPractice), RDFS.comment, Literal("Call (0116) 222 2222.")))
    native = validate(graph)
    assert native.source_shapes() == {TELEPHONE_SHAPE}
    combined = Graph()
    combined += graph
    combined += _ontology()
    conforms, results, _ = shacl_validate(
        combined, shacl_graph=shapes_graph(), inference="none", advanced=True
    )
    assert not conforms
    expected = {
        (r.focus, r.path, r.shape)
        for r in ValidationReport(conforms=False, results=results, text="").violations()
    }
    assert {(v.focus, v.path, v.shape) for v in native.violations()} == expected
    assert len(expected) == 2


# --- random mutations ----------------------------------------------------------------------


@functools.cache
def _candidates(key: str) -> tuple[list, list, list]:
    """Triples the shapes look at, their literal ones, and the IRIs they point to."""
    shapes = shapes_graph()
    predicates = {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}
    predicates |= {RDF.type, RDFS.subClassOf}
    predicates |= set(shapes.objects(None, SH.targetSubjectsOf))
    predicates |= set(shapes.objects(None, SH.targetObjectsOf))
    triples = sorted(t for t in _real(key) if t[1] in predicates)
    literals = [t for t in triples if isinstance(t[2], Literal)]
    iris = sorted({t[2] for t in triples if isinstance(t[2], URIRef)})
    return triples, literals, iris


def _another(literal: Literal) -> Literal:
    """A second, different value of the same kind."""
    if isinstance(literal.value, int) and not isinstance(literal.value, bool):
        return Literal(literal.value + 1, datatype=literal.datatype)
    if literal.language:
        return Literal(f"{literal} (again)", lang=literal.language)
    return Literal(f"{literal}0", datatype=literal.datatype)


OPERATIONS = ("delete", "duplicate", "stringify", "repoint")


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    key=st.sampled_from(sorted(REPORT_FILES)),
    operations=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10**6), st.integers(0, 10**6)),
        min_size=1,
        max_size=6,
    ),
)
def test_random_mutations_get_the_same_verdict(key: str, operations: list) -> None:
    triples, literals, iris = _candidates(key)
    graph = _copy(key)
    for operation, i, j in operations:
        if operation == "delete":
            graph.remove(triples[i % len(triples)])
        elif operation == "duplicate":  # a second value for a literal-valued property
            s, p, o = literals[i % len(literals)]
            graph.add((s, p, _another(o)))
        elif operation == "stringify":  # the same lexical form as a plain string
            s, p, o = literals[i % len(literals)]
            graph.remove((s, p, o))
            graph.add((s, p, Literal(str(o))))
        else:  # point an IRI-valued property elsewhere
            s, p, o = triples[i % len(triples)]
            if isinstance(o, URIRef) and p != RDF.type:
                graph.remove((s, p, o))
                graph.add((s, p, iris[j % len(iris)]))
    _assert_agree(graph)


# --- other SHACL Core features, on small shapes ----------------------------------------------

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

FEATURE_SHAPES = (
    PREFIXES
    + """
ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property ex:Person-name , ex:Person-age , ex:Person-parentOf , ex:Person-friendName ,
        ex:Person-label , ex:Person-ancestors , ex:Person-descendants , ex:Person-maybeParent ,
        ex:Person-status , ex:Person-start , ex:Person-alias , ex:Person-nick , ex:Person-email .
ex:Person-name a sh:PropertyShape ; sh:path ex:name ; sh:minCount 1 ; sh:maxLength 8 ;
    sh:pattern "^[a-z]" ; sh:flags "i" .
ex:Person-age a sh:PropertyShape ; sh:path ex:age ; sh:maxInclusive 150 ; sh:minExclusive 0 ;
    sh:maxExclusive 151 ; sh:severity sh:Warning .
ex:Person-parentOf a sh:PropertyShape ; sh:path [ sh:inversePath ex:child ] ; sh:maxCount 2 ;
    sh:node ex:HasName .
ex:Person-friendName a sh:PropertyShape ; sh:path ( ex:friend ex:name ) ; sh:minLength 2 .
ex:Person-label a sh:PropertyShape ; sh:path [ sh:alternativePath ( ex:name ex:nick ) ] ;
    sh:maxCount 2 .
ex:Person-ancestors a sh:PropertyShape ; sh:path [ sh:oneOrMorePath ex:parent ] ;
    sh:class ex:Person .
ex:Person-descendants a sh:PropertyShape ; sh:path [ sh:zeroOrMorePath ex:child ] ;
    sh:maxCount 4 ; sh:severity sh:Info .
ex:Person-maybeParent a sh:PropertyShape ; sh:path [ sh:zeroOrOnePath ex:parent ] ;
    sh:hasValue ex:adam .
ex:Person-status a sh:PropertyShape ; sh:path ex:status ; sh:in ( ex:active ex:retired "unknown" ) .
ex:Person-start a sh:PropertyShape ; sh:path ex:start ; sh:lessThan ex:end .
ex:Person-alias a sh:PropertyShape ; sh:path ex:alias ; sh:equals ex:nick .
ex:Person-nick a sh:PropertyShape ; sh:path ex:nick ; sh:disjoint ex:name ;
    sh:not [ sh:pattern "^x" ] .
ex:Person-email a sh:PropertyShape ; sh:path ex:email ;
    sh:xone ( [ sh:datatype xsd:string ] [ sh:pattern "@" ] ) ;
    sh:and ( [ sh:nodeKind sh:Literal ] [ sh:minLength 3 ] ) .
ex:HasName a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .

ex:Adam a sh:NodeShape ; sh:targetNode ex:adam , ex:eve ; sh:hasValue ex:adam ;
    sh:property [ sh:path ex:name ; sh:hasValue "Adam" ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:Person ; sh:deactivated true ;
    sh:property [ sh:path ex:name ; sh:maxCount 0 ] .
ex:Robot a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:serial ; sh:minCount 1 ;
    sh:datatype xsd:integer ; sh:minInclusive 1 ] .
ex:Pet a sh:NodeShape ; sh:targetSubjectsOf ex:owner ; sh:targetObjectsOf ex:pet ;
    sh:property [ sh:path ex:owner ; sh:class ex:Person ; sh:maxCount 1 ;
        sh:message "A pet has at most one owner, a person."@en ] .
"""
)

FEATURE_DATA = (
    PREFIXES
    + """
ex:adam a ex:Person ; ex:name "Adam" ; ex:age 930 ; ex:child ex:cain , ex:abel , ex:seth ;
    ex:status ex:active ; ex:start 1 ; ex:end 1 ; ex:nick "ad" ; ex:alias "ad" , "a" .
ex:cain a ex:Person ; ex:name "cain" , "Kain" , "Qayin" ; ex:parent ex:adam ; ex:age 0 ;
    ex:friend ex:abel , ex:zed ; ex:status "unknown" ; ex:start "b" ; ex:end "a" ;
    ex:email "cain@example.org" , 42 , "c@" .
ex:abel a ex:Person ; ex:name "Abel" ; ex:parent ex:adam ; ex:age 150 ; ex:status ex:dead ;
    ex:nick "Abel" , "xabel" ; ex:email "abel" , ex:mailbox ; ex:child ex:enosh .
ex:seth a ex:Person ; ex:name "Sethsethseth" ; ex:parent ex:adam , ex:eve ; ex:age 151.0 ;
    ex:start 5 ; ex:end 3 , 9 ; ex:child ex:enosh .
ex:enosh a ex:Person ; ex:name "9enosh" ; ex:parent ex:seth ; ex:child ex:kenan .
ex:kenan a ex:Person ; ex:parent ex:enosh , ex:abel ; ex:child ex:mahalalel .
ex:mahalalel a ex:Person ; ex:name "Mahalalel" .
ex:cain ex:child ex:enosh .
ex:zed ex:name "z" .
ex:r2 a ex:Robot ; ex:serial 0 .
ex:c3 a ex:Robot ; ex:serial "3" .
ex:k9 a ex:Robot ; ex:serial 9 .
ex:rex ex:owner ex:cain , ex:abel .
ex:tom ex:owner ex:zed .
ex:cain ex:pet ex:felix .
"""
)


def _native_keys(shapes: Graph, data: Graph) -> set[tuple]:
    from ontology.shacl import results_graph

    results = compile_shapes(shapes).validate(data, Background())
    report = ValidationReport(conforms=not results, results=results_graph(results, shapes), text="")
    return _keys(report)


def _pyshacl_keys(shapes: Graph, data: Graph) -> set[tuple]:
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=False
    )
    return _keys(ValidationReport(conforms=conforms, results=results, text=""))


def _without_messages(keys: set[tuple]) -> set[tuple]:
    """Generic messages are worded differently; sh:message ones must agree."""
    return {(*k[:5], k[5] if "person" in k[5] else "") for k in keys}


def test_other_core_features_agree_with_pyshacl() -> None:
    shapes = Graph().parse(data=FEATURE_SHAPES, format="turtle")
    data = Graph().parse(data=FEATURE_DATA, format="turtle")
    native = _without_messages(_native_keys(shapes, data))
    reference = _without_messages(_pyshacl_keys(shapes, data))
    assert native == reference, (native - reference, reference - native)
    reported = {k[2] for k in native}
    for shape in ("Person-name", "Person-age", "Person-parentOf", "Person-friendName"):
        assert EX[shape] in reported, shape
    for shape in ("Person-ancestors", "Person-status", "Person-start", "Person-alias"):
        assert EX[shape] in reported, shape
    for shape in ("Person-nick", "Person-email", "Adam", "Person-label", "Person-descendants"):
        assert EX[shape] in reported, shape
    assert {k[0] for k in native if k[5].startswith("A pet")} == {EX.rex, EX.tom}
    assert {k[0] for k in native if k[1] == str(EX.serial)} == {EX.r2, EX.c3}  # implicit target
    assert EX.Off not in reported
    assert {k[3] for k in native} == {SH.Violation, SH.Warning, SH.Info}


# --- what the compiler refuses ------------------------------------------------------------

UNSUPPORTED = {
    "closed": "sh:closed true ; sh:property [ sh:path ex:p ]",
    "qualified": "sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ;"
    " sh:qualifiedMinCount 1 ]",
    "languageIn": 'sh:property [ sh:path ex:p ; sh:languageIn ( "en" ) ]',
    "uniqueLang": "sh:property [ sh:path ex:p ; sh:uniqueLang true ]",
    "sparql": 'sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ]',
    "sparql-target": 'sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { }" ]',
    "unknown-term": "sh:mystery 1",
    "unknown-path": "sh:property [ sh:path [ sh:strangePath ex:p ] ; sh:minCount 1 ]",
    "rule": "sh:rule [ a sh:TripleRule ]",
    "two-datatypes": "sh:property [ sh:path ex:p ; sh:datatype xsd:string , xsd:integer ]",
    "bad-count": 'sh:property [ sh:path ex:p ; sh:minCount "one" ]',
    "bad-flags": 'sh:property [ sh:path ex:p ; sh:pattern "a" ; sh:flags "q" ]',
    "bad-regex": 'sh:property [ sh:path ex:p ; sh:pattern "(" ]',
    "bad-node-kind": "sh:nodeKind sh:Resource",
    "node-shape-with-path": "a sh:NodeShape ; sh:path ex:p",
}


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_unsupported_shape_features_raise_at_compile_time(name: str) -> None:
    shapes = Graph().parse(
        data=PREFIXES + f"ex:S a sh:NodeShape ; sh:targetClass ex:C ; {UNSUPPORTED[name]} .",
        format="turtle",
    )
    with pytest.raises(ShapeCompileError):
        compile_shapes(shapes)


def test_custom_constraint_components_raise() -> None:
    shapes = Graph().parse(
        data=PREFIXES
        + "ex:Comp a sh:ConstraintComponent ; sh:parameter [ sh:path ex:size ] .\n"
        + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; ex:size 3 .",
        format="turtle",
    )
    with pytest.raises(ShapeCompileError, match="custom constraint components"):
        compile_shapes(shapes)


def test_a_native_shape_may_not_hold_other_constraints() -> None:
    shapes = Graph().parse(
        data=PREFIXES
        + 'ex:S a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] ;'
        + " sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
        format="turtle",
    )
    with pytest.raises(ShapeCompileError, match="only sh:target and sh:sparql"):
        compile_shapes(shapes, natives={EX.S: lambda data: ()})


def test_the_telephone_shape_without_its_native_check_raises() -> None:
    with pytest.raises(ShapeCompileError, match="NoTelephoneNumberShape"):
        compile_shapes(shapes_graph())


@pytest.mark.parametrize("personal_data", [False, True])
def test_every_shape_of_the_package_is_compiled(personal_data: bool) -> None:
    shapes = shapes_graph(personal_data=personal_data)
    compiled = _compiled(personal_data)
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    assert len(named) > 40
    assert named <= compiled.shape_nodes
    assert (TELEPHONE_SHAPE in compiled.shape_nodes) == (not personal_data)
    pyshacl_shapes, _ = _shapes_for_pyshacl(personal_data)
    assert (TELEPHONE_SHAPE, None, None) not in pyshacl_shapes


# --- the public API -------------------------------------------------------------------------


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown SHACL engine"):
        validate(Graph(), engine="jena")  # type: ignore[arg-type]


def test_native_report_graph_and_text() -> None:
    m = MUTATIONS["finding-without-text"]
    graph = _mutated("2008", [("finding-without-text", _first(_real("2008"), m.cls, *m.having))])
    report = validate(graph)
    assert not report.conforms
    [result_report] = list(report.results.subjects(RDF.type, SH.ValidationReport))
    assert report.results.value(result_report, SH.conforms) == Literal(False)
    [violation] = report.violations()
    assert violation.shape == HMICSH["Finding-text"]
    assert violation.path == H.text and violation.value is None
    [line] = report.messages()
    assert "hmic:text" in line and "non-empty hmic:text" in line
    assert "Conforms: False" in report.text and "hmicsh:Finding-text" in report.text
    assert "MinCountConstraintComponent" in report.text
    ok = validate(_real("2008"))
    assert ok.conforms and not ok.violations() and "Conforms: True" in ok.text


def test_cli_validate_with_either_engine(tmp_path: Path) -> None:
    from hmickg.cli import main

    runner = CliRunner()
    store = str(tmp_path / "store")
    res = runner.invoke(main, ["ingest", str(REPORTS / REPORT_FILES["2008"]), "--store", store])
    assert res.exit_code == 0, res.output
    for engine in ("native", "pyshacl"):
        res = runner.invoke(main, ["validate", "--store", store, "--engine", engine])
        assert res.exit_code == 0, res.output
        assert res.output.count("conforms") == 1
    res = runner.invoke(main, ["validate", "--store", store, "--engine", "jena"])
    assert res.exit_code == 2
