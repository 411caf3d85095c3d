"""Generate ``docs/ontology.md`` from the ontology, the SKOS schemes and the SHACL shapes.

Run ``python -m ontology._gen_docs > docs/ontology.md`` after editing a ``.ttl``
file; ``tests/ontology/test_namespace_current.py`` fails while the checked-in
document differs from :func:`render`.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, SH, SKOS, BNode, Graph, Node, URIRef
from rdflib.collection import Collection

from ontology import (
    HMIC_NS,
    ONTOLOGY_GRAPH_IRI,
    ONTOLOGY_IRI,
    SCHEME,
    _gaps_shapes,
    _parse,
    _shapes,
)
from ontology._gen_namespace import _KINDS

__all__ = ["main", "render"]

HMIC = HMIC_NS
_DCT_TITLE = URIRef("http://purl.org/dc/terms/title")
_DCT_DESCRIPTION = URIRef("http://purl.org/dc/terms/description")
_DCT_LICENSE = URIRef("http://purl.org/dc/terms/license")

PREFIXES: tuple[tuple[str, str, str], ...] = (
    ("hmic", "https://w3id.org/hmickg/def#", "ontology terms (this document)"),
    ("id", "https://w3id.org/hmickg/id/", "instances and named graphs"),
    ("scheme", "https://w3id.org/hmickg/def/scheme/", "SKOS concept schemes"),
    ("framework", "https://w3id.org/hmickg/def/framework/", "inspection frameworks"),
    ("grade", "https://w3id.org/hmickg/def/grade/", "grades"),
    ("psa", "https://w3id.org/hmickg/def/psa/", "protective-service areas"),
    ("hmicsh", "https://w3id.org/hmickg/def/shapes#", "SHACL shapes"),
    ("org", "http://www.w3.org/ns/org#", "W3C Organization Ontology"),
    ("prov", "http://www.w3.org/ns/prov#", "W3C PROV-O"),
    ("skos", "http://www.w3.org/2004/02/skos/core#", "SKOS"),
    ("dct", "http://purl.org/dc/terms/", "DCMI Metadata Terms"),
    ("qb", "http://purl.org/linked-data/cube#", "RDF Data Cube (statistics tables)"),
    ("owl", "http://www.w3.org/2002/07/owl#", ""),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#", ""),
    ("xsd", "http://www.w3.org/2001/XMLSchema#", ""),
)

SCHEMES: tuple[tuple[URIRef, str], ...] = (
    (SCHEME.frameworks, "schemes/frameworks.ttl"),
    (SCHEME["grades-four-point"], "schemes/grades.ttl"),
    (SCHEME["grades-standard"], "schemes/grades.ttl"),
    (SCHEME["protective-service-areas"], "schemes/protective-services.ttl"),
    (SCHEME["finding-themes"], "schemes/themes.ttl"),
)

NAMED_GRAPHS: tuple[tuple[str, str], ...] = (
    (
        "id:graph/report/{slug}",
        "the statements read from one report; replaced as a whole on re-ingest",
    ),
    (f"<{ONTOLOGY_GRAPH_IRI}>", "this ontology and the SKOS schemes (`ontology.ontology_graph()`)"),
    ("id:graph/reference", "shared reference data: forces, regions"),
    ("id:graph/inferred", "triples derived by inference, kept apart from asserted ones"),
    (
        "id:graph/gaps",
        "derived protective-service gaps and gap summaries (`queries/gaps.py`), derived again"
        " by each ingest for what it changed",
    ),
    (
        "id:graph/links",
        "the link index: each link of the entity graph once, as the triple the reports assert"
        " (`queries/links.py`); what `hmickg path` reads",
    ),
    (
        "id:graph/union",
        "Oxigraph stores only: every triple of the other graphs once, the default graph of"
        " hmickg's queries (kept by the store, hidden from `GRAPH ?g`, not exported)",
    ),
)

QUERIES: tuple[tuple[str, str], ...] = (
    (
        "Grades awarded to each force, by framework",
        """\
PREFIX hmic: <https://w3id.org/hmickg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?force ?framework ?grade ?rank WHERE {
  ?report a hmic:InspectionReport ;
          hmic:inspectedForce ?force ;
          hmic:hasAssessment ?assessment .
  ?assessment hmic:framework/skos:prefLabel ?framework ;
              hmic:grade ?g .
  ?g skos:prefLabel ?grade ;
     hmic:gradeRank ?rank .
}
ORDER BY ?force ?framework""",
    ),
    (
        "Areas for improvement in a protective-service area, with where they were read",
        """\
PREFIX hmic: <https://w3id.org/hmickg/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX psa:  <https://w3id.org/hmickg/def/psa/>
SELECT ?text ?file ?lineStart ?lineEnd WHERE {
  ?finding a hmic:AreaForImprovement ;
           hmic:protectiveServiceArea psa:major-crime ;
           hmic:text ?text ;
           prov:wasDerivedFrom ?passage .
  ?passage hmic:lineStart ?lineStart ;
           hmic:lineEnd ?lineEnd ;
           dct:source/hmic:sourceFile ?file .
}
ORDER BY ?file ?lineStart""",
    ),
    (
        "National grade distribution of one framework (with sub-frameworks)",
        """\
PREFIX hmic:      <https://w3id.org/hmickg/def#>
PREFIX skos:      <http://www.w3.org/2004/02/skos/core#>
PREFIX framework: <https://w3id.org/hmickg/def/framework/>
SELECT ?framework ?grade ?count WHERE {
  ?assessment hmic:framework ?f ;
              hmic:nationalDistribution/hmic:gradeCount ?gc .
  ?f skos:broader* framework:protecting-vulnerable-people ;
     skos:prefLabel ?framework .
  ?gc hmic:grade ?g ;
      hmic:count ?count .
  ?g skos:prefLabel ?grade ;
     hmic:gradeRank ?rank .
}
ORDER BY ?framework DESC(?rank)""",
    ),
)


def _curie(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        for prefix, namespace, _ in PREFIXES:
            if node.startswith(namespace) and len(node) > len(namespace):
                return f"{prefix}:{node[len(namespace) :]}"
        return f"<{node}>"
    return str(node)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _class_expression(graph: Graph, node: Node | None) -> str:
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(_curie(m) for m in Collection(graph, members))
    return _curie(node)


def _joined(graph: Graph, values: Iterable[Node]) -> str:
    return ", ".join(sorted(_class_expression(graph, v) for v in values))


def _hmic_terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    found = {t for t in graph.subjects(RDF.type, kind) if isinstance(t, URIRef)}
    return sorted((t for t in found if t.startswith(HMIC)), key=lambda t: str(t).casefold())


def _ontology_section(graph: Graph) -> list[str]:
    out = []
    title = graph.value(ONTOLOGY_IRI, _DCT_TITLE)
    out += [
        "## The ontology",
        "",
        f"- IRI: `{ONTOLOGY_IRI}` ({title}), version {graph.value(ONTOLOGY_IRI, OWL.versionInfo)}",
        f"- License: <{graph.value(ONTOLOGY_IRI, _DCT_LICENSE)}>",
        "- Source: `ontology/hmic.ttl`; terms as Python: `from ontology.namespace import HMIC`",
        "",
        _cell(str(graph.value(ONTOLOGY_IRI, _DCT_DESCRIPTION))),
        "",
    ]
    for kind, heading in _KINDS:
        terms = _hmic_terms(graph, kind)
        if not terms:
            continue
        out += [f"### {heading}", ""]
        if kind == OWL.Class:
            out += ["| term | label | definition | subclass of |", "|---|---|---|---|"]
            for t in terms:
                out.append(
                    f"| `{_curie(t)}` | {_cell(str(graph.value(t, RDFS.label)))} "
                    f"| {_cell(str(graph.value(t, SKOS.definition)))} "
                    f"| {_joined(graph, graph.objects(t, RDFS.subClassOf))} |"
                )
        else:
            out += [
                "| term | label | definition | domain | range | subproperty of |",
                "|---|---|---|---|---|---|",
            ]
            for t in terms:
                out.append(
                    f"| `{_curie(t)}` | {_cell(str(graph.value(t, RDFS.label)))} "
                    f"| {_cell(str(graph.value(t, SKOS.definition)))} "
                    f"| {_joined(graph, graph.objects(t, RDFS.domain))} "
                    f"| {_joined(graph, graph.objects(t, RDFS.range))} "
                    f"| {_joined(graph, graph.objects(t, RDFS.subPropertyOf))} |"
                )
        out.append("")
    out += ["### Axioms", ""]
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = Collection(graph, graph.value(node, OWL.members))
        out.append("- Pairwise disjoint: " + ", ".join(f"`{_curie(m)}`" for m in members) + ".")
    for a, b in sorted(graph.subject_objects(OWL.disjointWith)):
        out.append(f"- `{_curie(a)}` is disjoint with `{_curie(b)}` (as in its own vocabulary).")
    functional = _hmic_terms(graph, OWL.FunctionalProperty)
    out.append("- Functional: " + ", ".join(f"`{_curie(t)}`" for t in functional) + ".")
    out += ["", "### External terms declared (minimally, nothing is imported)", ""]
    external = sorted(
        {
            t
            for kind, _ in _KINDS
            for t in graph.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and not t.startswith(HMIC)
        },
        key=lambda t: _curie(t),
    )
    out.append(", ".join(f"`{_curie(t)}`" for t in external))
    out.append("")
    return out


def _schemes_section(graph: Graph) -> list[str]:
    out = [
        "## Concept schemes",
        "",
        "Headings and grade wordings are matched case-insensitively through "
        "`ontology.concept_labels(scheme)[ontology.normalise_label(text)]`, which indexes every "
        "prefLabel, altLabel and rdfs:label (a final full stop is ignored).",
        "",
    ]
    for scheme, source in SCHEMES:
        out += [
            f"### {graph.value(scheme, SKOS.prefLabel)}",
            "",
            f"`{_curie(scheme)}` (`<{scheme}>`), in `ontology/{source}`. "
            + _cell(str(graph.value(scheme, SKOS.definition))),
            "",
            "| concept | prefLabel | altLabels | broader | rank | exact match |",
            "|---|---|---|---|---|---|",
        ]
        concepts = sorted(
            graph.subjects(SKOS.inScheme, scheme),
            key=lambda c: (-int(graph.value(c, HMIC.gradeRank) or 0), _top_order(graph, c)),
        )
        for c in concepts:
            alts = ", ".join(sorted(f'"{a}"' for a in graph.objects(c, SKOS.altLabel)))
            out.append(
                f"| `{_curie(c)}` | {_cell(str(graph.value(c, SKOS.prefLabel)))} | {_cell(alts)} "
                f"| {_joined(graph, graph.objects(c, SKOS.broader))} "
                f"| {graph.value(c, HMIC.gradeRank) or ''} "
                f"| {_joined(graph, graph.objects(c, SKOS.exactMatch))} |"
            )
        out.append("")
    return out


def _top_order(graph: Graph, concept: Node) -> tuple[str, str]:
    """Children right after their parent, otherwise in file order of labels."""
    parent = graph.value(concept, SKOS.broader)
    own = str(graph.value(concept, SKOS.prefLabel))
    if parent is None:
        return (own, "")
    return (str(graph.value(parent, SKOS.prefLabel)), own)


def _shapes_section() -> list[str]:
    shapes = _shapes(False)
    out = [
        "## SHACL shapes",
        "",
        "`ontology.validate.validate(graph, personal_data=False)` checks a report graph against "
        "`ontology/shapes/*.ttl` (pySHACL, with the ontology and schemes added to a copy of the "
        "data so that `sh:class hmic:Finding` accepts an `hmic:Strength`). "
        "`privacy.shapes.ttl` is left out with `personal_data=True`. "
        "`ontology/examples/{valid,invalid}/` hold one scenario per file.",
        "",
        "| shape | targets | name | description |",
        "|---|---|---|---|",
    ]
    out.extend(_shape_rows(shapes))
    out += [
        "",
        "The derived graph `id:graph/gaps` (`queries/gaps.py`) has shapes of its own, "
        "`ontology/shapes/gaps.shapes.ttl` (`ontology.gaps_shapes_graph()`), "
        "which report graphs are not checked against:",
        "",
        "| shape | targets | name | description |",
        "|---|---|---|---|",
        *_shape_rows(_gaps_shapes()),
    ]
    out.append("")
    return out


def _shape_rows(shapes: Graph) -> list[str]:
    out = []
    node_shapes = sorted(
        (s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)),
        key=str,
    )
    for s in node_shapes:
        targets = [
            *(_curie(t) for t in shapes.objects(s, SH.targetClass)),
            *(f"subjects of {_curie(t)}" for t in shapes.objects(s, SH.targetSubjectsOf)),
            *(f"objects of {_curie(t)}" for t in shapes.objects(s, SH.targetObjectsOf)),
            *("SPARQL target" for _ in shapes.objects(s, SH.target)),
        ]
        if not targets:
            continue
        out.append(
            f"| `{_curie(s)}` | {', '.join(sorted(targets))} "
            f"| {_cell(str(shapes.value(s, SH.name)))} "
            f"| {_cell(str(shapes.value(s, SH.description)))} |"
        )
        for p in sorted(shapes.objects(s, SH.property), key=str):
            out.append(
                f"| ↳ `{_curie(p)}` | {_curie(shapes.value(p, SH.path))} "
                f"| {_cell(str(shapes.value(p, SH.name)))} "
                f"| {_cell(str(shapes.value(p, SH.description)))} |"
            )
    return out


def render() -> str:
    """The Markdown text of ``docs/ontology.md``."""
    graph = _parse("hmic.ttl", *dict.fromkeys(source for _, source in SCHEMES))
    out = [
        "# hmickg ontology",
        "",
        "<!-- GENERATED by `python -m ontology._gen_docs > docs/ontology.md` from ontology/*.ttl;"
        " do not edit. -->",
        "",
        "The vocabulary of the hmickg knowledge graph of HMIC police inspection reports. The core "
        "terms are a contract (`shared/design/ontology.md`): their IRIs are stable.",
        "",
        "## Prefixes",
        "",
        "| prefix | namespace | for |",
        "|---|---|---|",
        *(f"| `{p}:` | `<{ns}>` | {note} |" for p, ns, note in PREFIXES),
        "",
        *_ontology_section(graph),
        *_schemes_section(graph),
        *_shapes_section(),
        "## Named graphs",
        "",
        "Each report's statements live in a named graph of their own, so that a report can be "
        "replaced or removed as a whole.",
        "",
        "| graph | holds |",
        "|---|---|",
        *(f"| `{iri}` | {what} |" for iri, what in NAMED_GRAPHS),
        "",
        "## Example queries",
        "",
    ]
    for title, query in QUERIES:
        out += [f"### {title}", "", "```sparql", query, "```", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> None:
    """Print the document (redirect it to ``docs/ontology.md``)."""
    print(render(), end="")


if __name__ == "__main__":
    main()
