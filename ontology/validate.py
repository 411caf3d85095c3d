"""SHACL validation of report graphs (pySHACL), returning data, not printing.

``validate(graph)`` checks instance data against ``ontology/shapes/*.ttl``.
The ontology and the SKOS schemes are added to a copy of the data graph before
pySHACL runs, so ``sh:class hmic:Finding`` accepts an ``hmic:Strength`` through
``rdfs:subClassOf*`` (SHACL's own definition of an instance) and ``sh:class
skos:Concept`` checks that a framework or grade IRI is a known concept, without
RDFS inference. (pySHACL's ``ont_graph`` copies only RDFS/OWL axioms, not the
SKOS concepts, and deep-copies owl:NamedIndividuals along every link, so the
copy is made here instead.) The caller's graph is never modified.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, SH, Graph, Node, URIRef

from ontology import _ontology, _shapes

__all__ = ["ValidationReport", "Violation", "validate"]


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

    ``conforms`` is pySHACL's verdict, ``results`` the SHACL validation report
    graph (treat it as read-only), ``text`` pySHACL's human-readable report.
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


def validate(data: Graph, *, personal_data: bool = False) -> ValidationReport:
    """Validate instance data against the report shapes.

    ``personal_data=False`` (the default) adds the privacy shapes: no
    ``hmic:contactName``/``hmic:telephone`` and no telephone number in any
    literal. The SPARQL target those use needs pySHACL's ``advanced`` mode.
    """
    from pyshacl import validate as shacl_validate

    combined = Graph()
    combined += data
    combined += _ontology()
    conforms, results, text = shacl_validate(
        combined,
        shacl_graph=_shapes(personal_data),
        inference="none",
        advanced=not personal_data,
        inplace=True,  # ``combined`` is our own copy
        allow_warnings=False,
    )
    if not isinstance(results, Graph):  # pragma: no cover - pySHACL contract
        raise TypeError(f"Unexpected pySHACL results: {results!r}")
    results.bind("hmic", "https://w3id.org/hmickg/def#")
    results.bind("hmicsh", "https://w3id.org/hmickg/def/shapes#")
    results.bind("id", "https://w3id.org/hmickg/id/")
    return ValidationReport(conforms=bool(conforms), results=results, text=str(text))
