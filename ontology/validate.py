"""SHACL validation of report graphs, returning data, not printing.

``validate(graph)`` checks instance data against ``ontology/shapes/*.ttl``.
The data graph is validated together with the ontology and the SKOS schemes,
so ``sh:class hmic:Finding`` accepts an ``hmic:Strength`` through
``rdfs:subClassOf*`` (SHACL's own definition of an instance) and ``sh:class
skos:Concept`` checks that a framework or grade IRI is a known concept, without
RDFS inference. The caller's graph is never modified.

Two engines give the same verdicts (``tests/ontology/test_validate_native.py``):

* ``engine="native"`` (the default): :mod:`ontology.shacl` compiles the shapes
  once into Python checks over an index of the data graph; ~15 ms for a
  report of ~11,000 triples. It raises :class:`ontology.shacl.ShapeCompileError`
  for any shape feature it does not implement, so a new kind of constraint
  cannot be skipped silently: implement it there (or validate with pySHACL).
* ``engine="pyshacl"``: the reference, ~0.3-0.7 s a report. The ontology and
  schemes are added to a copy of the data graph before pySHACL runs. (pySHACL's
  ``ont_graph`` copies only RDFS/OWL axioms, not the SKOS concepts, and
  deep-copies owl:NamedIndividuals along every link, so the copy is made here.)

Both evaluate ``hmicsh:NoTelephoneNumberShape`` (a SPARQL-based shape) natively,
with the regular expression read from the shape.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from rdflib import RDF, SH, XSD, BNode, Graph, Literal, Node, URIRef

from ontology import _ontology, _shapes
from ontology.shacl import (
    Background,
    CompiledShapes,
    IndexedData,
    NativeConstraint,
    compile_shapes,
    results_graph,
    results_text,
)

__all__ = ["ENGINES", "Engine", "ValidationReport", "Violation", "validate"]

Engine = TypingLiteral["native", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("native", "pyshacl")


@dataclass(frozen=True)
class Violation:
    """One ``sh:ValidationResult``: where, what and which shape said so."""

    focus: Node | None
    path: Node | None
    message: str
    shape: Node | None
    severity: Node | None
    value: Node | None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    ``conforms`` is the verdict (any result, whatever its severity, fails),
    ``results`` the SHACL validation report graph (treat it as read-only),
    ``text`` a human-readable report (pySHACL's layout).
    """

    conforms: bool
    results: Graph
    text: str

    def violations(self) -> list[Violation]:
        """Every validation result, sorted by focus node, path and message."""
        found = []
        for result in self.results.subjects(RDF.type, SH.ValidationResult):
            message = self.results.value(result, SH.resultMessage)
            found.append(
                Violation(
                    focus=self.results.value(result, SH.focusNode),
                    path=self.results.value(result, SH.resultPath),
                    message="" if message is None else str(message),
                    shape=self.results.value(result, SH.sourceShape),
                    severity=self.results.value(result, SH.resultSeverity),
                    value=self.results.value(result, SH.value),
                )
            )
        return sorted(found, key=lambda v: (str(v.focus), str(v.path), v.message))

    def messages(self) -> list[str]:
        """One line per violation: ``<focus> <path>: message``."""
        lines = []
        for v in self.violations():
            path = "" if v.path is None else f" {_n3(v.path, self.results)}"
            lines.append(f"{_n3(v.focus, self.results)}{path}: {v.message}")
        return lines

    def source_shapes(self) -> set[Node]:
        """The shapes (``sh:sourceShape``) that reported a violation."""
        return {v.shape for v in self.violations() if v.shape is not None}


def _n3(node: Node | None, graph: Graph) -> str:
    if isinstance(node, URIRef):
        return node.n3(graph.namespace_manager)
    return str(node) if node is None or not hasattr(node, "n3") else node.n3()


TELEPHONE_SHAPE = URIRef("https://w3id.org/hmickg/def/shapes#NoTelephoneNumberShape")


@functools.cache
def _shapes_for_pyshacl(personal_data: bool) -> tuple[Graph, bool]:
    """The shapes pySHACL runs, and whether it needs its advanced (SPARQL) mode.

    ``hmicsh:NoTelephoneNumberShape`` scans every literal with a regular
    expression through a SPARQL target; pySHACL runs that in rdflib's SPARQL
    engine at about 0.6 s a report. hmickg evaluates that one shape natively
    (:func:`_telephone_results` here, :func:`_telephone_scan` in the native
    engine; same pattern, read from the shape), so pySHACL gets the other shapes. The shape stays in ``privacy.shapes.ttl`` for any
    other SHACL engine."""
    shapes = _shapes(personal_data)
    out = Graph()
    skip = _closure(shapes, TELEPHONE_SHAPE)
    for triple in shapes:
        if triple[0] not in skip:
            out.add(triple)
    for prefix, ns in shapes.namespaces():
        out.bind(prefix, ns)
    advanced = any(True for _ in out.subjects(RDF.type, SH.SPARQLTarget)) or any(
        True for _ in out.triples((None, SH.sparql, None))
    )
    return out, advanced


def _closure(graph: Graph, node: Node) -> set[Node]:
    """``node`` and the blank nodes it reaches (its concise bounded description)."""
    seen: set[Node] = {node}
    todo = [node]
    while todo:
        for o in graph.objects(todo.pop(), None):
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return seen


@functools.cache
def _telephone_pattern() -> re.Pattern[str] | None:
    """The REGEX of the shape's SPARQL target, as a Python pattern."""
    shapes = _shapes(False)
    for target in shapes.objects(TELEPHONE_SHAPE, SH.target):
        select = shapes.value(target, SH.select)
        m = re.search(r'REGEX\(\?value,\s*"((?:[^"\\]|\\.)*)"', str(select or ""))
        if m:
            return re.compile(m.group(1).replace("\\\\", "\\"))
    return None


def _telephone_scan(pattern: re.Pattern[str]) -> NativeConstraint:
    """The shape for :mod:`ontology.shacl`: every string literal of the data that matches."""
    search = pattern.search
    string = str(XSD.string)
    same = str.__eq__  # rdflib's URIRef.__eq__ is Python code; this is a hot loop
    other_nodes = (URIRef, BNode)

    def scan(data: IndexedData) -> Iterator[tuple[Node, Node, Node]]:
        for s, po in data.spo.items():
            for p, objects in po.items():
                for o in objects:
                    kind = type(o)
                    if kind in other_nodes or (kind is not Literal and not isinstance(o, Literal)):
                        continue
                    datatype = o.datatype  # type: ignore[attr-defined]
                    if (datatype is None or same(datatype, string)) and search(o):  # type: ignore[call-overload]
                        yield s, p, o

    return scan


@functools.cache
def _compiled(personal_data: bool) -> CompiledShapes:
    """The shapes compiled for the native engine (once per process and option)."""
    pattern = _telephone_pattern()
    natives: dict[Node, NativeConstraint] = {}
    if pattern is not None:
        natives[TELEPHONE_SHAPE] = _telephone_scan(pattern)
    return compile_shapes(_shapes(personal_data), natives=natives)


@functools.cache
def _background() -> Background:
    """The ontology and the SKOS schemes, indexed once, seen with every data graph."""
    return Background(_ontology())


def _telephone_results(data: Graph, results: Graph) -> int:
    """Add a SHACL result per string literal that holds a telephone number; return how many."""
    pattern = _telephone_pattern()
    if pattern is None:  # pragma: no cover - the shape ships with the package
        return 0
    message = str(_shapes(False).value(TELEPHONE_SHAPE, SH.message) or "telephone number")
    report = next(iter(results.subjects(RDF.type, SH.ValidationReport)), None)
    found = 0
    for s, p, o in data:
        if not isinstance(o, Literal) or o.datatype not in (None, XSD.string):
            continue
        if not pattern.search(str(o)):
            continue
        found += 1
        result = BNode()
        results.add((result, RDF.type, SH.ValidationResult))
        results.add((result, SH.focusNode, s))
        results.add((result, SH.resultPath, p))
        results.add((result, SH.value, o))
        results.add((result, SH.resultMessage, Literal(message)))
        results.add((result, SH.sourceShape, TELEPHONE_SHAPE))
        results.add((result, SH.resultSeverity, SH.Violation))
        results.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        if report is not None:
            results.add((report, SH.result, result))
            results.set((report, SH.conforms, Literal(False)))
    return found


def validate(
    data: Graph | Iterable[tuple[Node, Node, Node]],
    *,
    personal_data: bool = False,
    engine: Engine = "native",
) -> ValidationReport:
    """Validate instance data (a graph, or its triples) against the report shapes.

    ``personal_data=False`` (the default) adds the privacy shapes: no
    ``hmic:contactName``/``hmic:telephone`` and no telephone number in any
    literal. ``engine`` is ``"native"`` (:mod:`ontology.shacl`, the default)
    or ``"pyshacl"`` (the reference implementation, ten times slower or more).
    Passing the triples saves building an rdflib graph only to validate it.
    """
    if engine == "native":
        report = _validate_native(data, personal_data)
    elif engine == "pyshacl":
        report = _validate_pyshacl(data, personal_data)
    else:
        raise ValueError(f"Unknown SHACL engine {engine!r}; use one of {', '.join(ENGINES)}")
    report.results.bind("hmic", "https://w3id.org/hmickg/def#")
    report.results.bind("hmicsh", "https://w3id.org/hmickg/def/shapes#")
    report.results.bind("id", "https://w3id.org/hmickg/id/")
    return report


def _validate_native(
    data: Graph | Iterable[tuple[Node, Node, Node]], personal_data: bool
) -> ValidationReport:
    compiled = _compiled(personal_data)
    found = compiled.validate(data, _background())
    results = results_graph(found, compiled.shapes_graph)
    for prefix, ns in compiled.shapes_graph.namespaces():
        results.bind(prefix, ns)
    text = results_text(found, results) if found else "Validation Report\nConforms: True\n"
    return ValidationReport(conforms=not found, results=results, text=text)


def _validate_pyshacl(
    data: Graph | Iterable[tuple[Node, Node, Node]], personal_data: bool
) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    if not isinstance(data, Graph):
        graph = Graph()
        for triple in data:
            graph.add(triple)
        data = graph
    combined = Graph()
    combined += data
    combined += _ontology()
    shapes, advanced = _shapes_for_pyshacl(personal_data)
    conforms, results, text = shacl_validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        advanced=advanced,
        inplace=True,  # ``combined`` is our own copy
        allow_warnings=False,
    )
    if not isinstance(results, Graph):  # pragma: no cover - pySHACL contract
        raise TypeError(f"Unexpected pySHACL results: {results!r}")
    if not personal_data:
        found = _telephone_results(data, results)
        if found:
            conforms = False
            text = f"{text}\nTelephone numbers (hmicsh:NoTelephoneNumberShape): {found} result(s)"
    return ValidationReport(conforms=bool(conforms), results=results, text=str(text))
