"""The hmickg ontology: OWL terms, SKOS schemes and SHACL shapes, shipped as package data.

The Turtle files in this package are the source of truth; this module only
loads them (through :mod:`importlib.resources`, never over the network) and
offers a label index over the SKOS schemes for the ingest code::

    >>> from ontology import GRADE, SCHEME, concept_labels, normalise_label
    >>> labels = concept_labels(SCHEME["grades-standard"])
    >>> labels[normalise_label("Meets the standard.")] == GRADE["meets-the-standard"]
    True

Graphs returned by :func:`ontology_graph`, :func:`vocabulary_graph` and
:func:`shapes_graph` are fresh copies of a cached parse, so callers may modify
them freely. pySHACL and owlready2 are imported only inside
:mod:`ontology.validate` and :mod:`ontology.reasoning`.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from importlib import resources

from rdflib import RDFS, SKOS, Graph, Namespace, URIRef

__all__ = [
    "FRAMEWORK",
    "GRADE",
    "HMICSH",
    "HMIC_NS",
    "ID_NS",
    "ONTOLOGY_GRAPH_IRI",
    "ONTOLOGY_IRI",
    "PSA",
    "SCHEME",
    "concept_labels",
    "gaps_shapes_graph",
    "normalise_label",
    "ontology_graph",
    "shapes_graph",
    "source_digest",
    "vocabulary_graph",
]

HMIC_NS = Namespace("https://w3id.org/hmickg/def#")
"""Ontology terms (``hmic:``)."""
ONTOLOGY_IRI = URIRef("https://w3id.org/hmickg/def")
"""The IRI of the owl:Ontology (and the rdfs:isDefinedBy of every hmic: term)."""
ID_NS = Namespace("https://w3id.org/hmickg/id/")
"""Instances (``id:force/leicestershire``) and named graphs (``id:graph/...``)."""
SCHEME = Namespace("https://w3id.org/hmickg/def/scheme/")
"""SKOS concept schemes: frameworks, grades-four-point, grades-standard,
protective-service-areas."""
FRAMEWORK = Namespace("https://w3id.org/hmickg/def/framework/")
"""Inspection framework concepts (``framework:major-crime``)."""
GRADE = Namespace("https://w3id.org/hmickg/def/grade/")
"""Grade concepts (``grade:meets-the-standard``)."""
PSA = Namespace("https://w3id.org/hmickg/def/psa/")
"""Protective-service area concepts (``psa:major-crime``)."""
HMICSH = Namespace("https://w3id.org/hmickg/def/shapes#")
"""SHACL shapes (``hmicsh:FindingShape``)."""

ONTOLOGY_GRAPH_IRI = URIRef("https://w3id.org/hmickg/id/graph/ontology")
"""Named graph that holds :func:`ontology_graph` in a store."""

_SCHEME_FILES = (
    "frameworks.ttl",
    "grades.ttl",
    "protective-services.ttl",
    "themes.ttl",
    "statistics.ttl",
)
_SHAPE_FILES = (
    "report.shapes.ttl",
    "finding.shapes.ttl",
    "provenance.shapes.ttl",
    "statistics.shapes.ttl",
)
_PRIVACY_SHAPES = "privacy.shapes.ttl"
_GAPS_SHAPES = "gaps.shapes.ttl"

_PREFIXES = {
    "hmic": HMIC_NS,
    "id": ID_NS,
    "scheme": SCHEME,
    "framework": FRAMEWORK,
    "grade": GRADE,
    "psa": PSA,
    "org": Namespace("http://www.w3.org/ns/org#"),
    "prov": Namespace("http://www.w3.org/ns/prov#"),
    "qb": Namespace("http://purl.org/linked-data/cube#"),
}


def _parse(*names: str) -> Graph:
    """Parse package-data Turtle files (paths relative to this package) into one graph."""
    graph = Graph()
    root = resources.files(__name__)
    for name in names:
        resource = root.joinpath(*name.split("/"))
        graph.parse(
            data=resource.read_text(encoding="utf-8"),
            format="turtle",
            publicID=f"https://w3id.org/hmickg/def/{name}",
        )
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    copy += graph
    return copy


@functools.cache
def _ontology() -> Graph:
    return _parse("hmic.ttl", *(f"schemes/{name}" for name in _SCHEME_FILES))


@functools.cache
def _vocabulary() -> Graph:
    return _parse(*(f"schemes/{name}" for name in _SCHEME_FILES))


@functools.cache
def _shapes(personal_data: bool) -> Graph:
    names = [f"shapes/{name}" for name in _SHAPE_FILES]
    if not personal_data:
        names.append(f"shapes/{_PRIVACY_SHAPES}")
    return _parse(*names)


def ontology_graph() -> Graph:
    """The OWL ontology (``hmic.ttl``) and all SKOS schemes, as a fresh graph."""
    return _copy(_ontology())


def source_digest(*names: str) -> str:
    """The SHA-256 (hex) of package files of :mod:`ontology` (paths relative to it), in order,
    with rdflib's version: what a graph built from them depends on. The files are named, with
    the code that builds the graph, by :func:`ontology_sources` and
    :func:`ontology.reference.reference_sources`."""
    import rdflib

    h = hashlib.sha256(f"rdflib {rdflib.__version__}\n".encode())
    root = resources.files(__name__)
    for name in names:
        data = root.joinpath(*name.split("/")).read_bytes()
        h.update(f"{name} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def ontology_sources() -> tuple[str, ...]:
    """The package files :func:`ontology_graph` is built from: its Turtle, and this module."""
    return ("hmic.ttl", *(f"schemes/{name}" for name in _SCHEME_FILES), "__init__.py")


def vocabulary_graph() -> Graph:
    """The SKOS schemes only (frameworks, grades, protective-service areas), as a fresh graph."""
    return _copy(_vocabulary())


@functools.cache
def _gaps_shapes() -> Graph:
    return _parse(f"shapes/{_GAPS_SHAPES}")


def gaps_shapes_graph() -> Graph:
    """The SHACL shapes of the derived graph ``id:graph/gaps`` (gaps and gap summaries)."""
    return _copy(_gaps_shapes())


def shapes_graph(*, personal_data: bool = False) -> Graph:
    """The SHACL shapes a report graph must conform to, as a fresh graph.

    With ``personal_data=False`` (the default) the privacy shapes are included:
    no contact names, no telephone numbers anywhere.
    """
    return _copy(_shapes(personal_data))


_SPACE = re.compile(r"\s+")


def normalise_label(text: str) -> str:
    """The lookup key for a label: casefolded, whitespace collapsed, final full stop dropped.

    >>> normalise_label("  PROTECTING   vulnerable\\npeople. ")
    'protecting vulnerable people'
    """
    return _SPACE.sub(" ", text).strip().casefold().rstrip(".").rstrip()


def _label_keys(label: str) -> Iterable[str]:
    folded = label.casefold()
    yield folded
    yield folded.rstrip(".")
    yield normalise_label(label)


@functools.cache
def _concept_labels(scheme_iri: URIRef) -> dict[str, URIRef]:
    graph = _vocabulary()
    if (scheme_iri, None, None) not in graph:
        raise ValueError(f"Unknown concept scheme: {scheme_iri}")
    index: dict[str, URIRef] = {}
    for concept in graph.subjects(SKOS.inScheme, scheme_iri):
        if not isinstance(concept, URIRef):
            raise ValueError(f"{scheme_iri}: concept is not an IRI: {concept!r}")
        for predicate in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
            for label in graph.objects(concept, predicate):
                for key in _label_keys(str(label)):
                    other = index.setdefault(key, concept)
                    if other != concept:
                        raise ValueError(
                            f"{scheme_iri}: label {key!r} names both {other} and {concept}"
                        )
    return index


def concept_labels(scheme_iri: URIRef | str) -> dict[str, URIRef]:
    """Map the labels of a scheme's concepts to the concept IRIs.

    Keys are every skos:prefLabel, skos:altLabel and rdfs:label casefolded, also
    with a final full stop stripped, and as :func:`normalise_label` gives them;
    look a heading up with ``concept_labels(s).get(normalise_label(heading))``.
    The index is built once per scheme; a label naming two concepts of one
    scheme raises :class:`ValueError`, as does an unknown scheme.

    >>> concept_labels(SCHEME.frameworks)["protecting vulnerable people"]
    rdflib.term.URIRef('https://w3id.org/hmickg/def/framework/protecting-vulnerable-people')
    """
    return dict(_concept_labels(URIRef(str(scheme_iri))))
