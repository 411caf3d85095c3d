"""Network projections: a ``construct-*.rq`` query's answer as a NetworkX graph.

A projection query (``queries/catalog/projections/construct-*.rq``, header ``#+ directed:``)
answers with an RDF graph in one shape, whatever the network:

- every link is an ``rdf:Statement`` node with ``rdf:subject``, ``rdf:predicate`` and
  ``rdf:object`` (the two ends and the kind of link), ``hmic:via`` where the link goes through a
  third thing (the operation or agreement two organisations share), and ``prov:wasDerivedFrom``
  the stored nodes it rests on: the reified link statements of the report graphs (each with its
  source passage) or the gaps of the gap graph;
- every node has its ``rdfs:label`` and its ``hmic:`` class (``rdf:type``).

:func:`from_rdf` turns that graph into a ``networkx.MultiDiGraph`` (``directed: true``) or
``MultiGraph``, one edge per (subject, predicate, object, via), keyed ``predicate|via``, with the
evidence of every statement that says it collected on the edge. Node ids are IRI strings.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix prov: <http://www.w3.org/ns/prov#> .
... @prefix hmic: <https://w3id.org/hmickg/def#> .
... <urn:op> a hmic:Operation ; rdfs:label "Operation Topic" .
... <urn:soca> a hmic:PartnerAgency ; rdfs:label "SOCA" .
... [] a rdf:Statement ; rdf:subject <urn:op> ; rdf:predicate hmic:involves ;
...    rdf:object <urn:soca> ; prov:wasDerivedFrom <urn:st1> .
... ''')
>>> G = from_rdf(g, directed=True)
>>> G.nodes["urn:soca"]
{'label': 'SOCA', 'type': 'PartnerAgency'}
>>> [(u, v, d["predicate"], d["evidence"]) for u, v, d in G.edges(data=True)]
[('urn:op', 'urn:soca', 'https://w3id.org/hmickg/def#involves', ['urn:st1'])]

NetworkX is imported inside the functions that need it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV

from .catalog import QuerySpec, catalog, parse_header
from .runner import run

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "EXPORT_FORMATS",
    "HMIC_NS",
    "PROJECTIONS",
    "Entity",
    "Projection",
    "find_entities",
    "from_rdf",
    "local_name",
    "projection",
    "region_forces",
    "to_networkx",
    "write_network",
]

HMIC_NS = "https://w3id.org/hmickg/def#"
_VIA = URIRef(HMIC_NS + "via")

#: Short names of the projections shipped in the catalogue (any ``construct-*`` name works too).
PROJECTIONS = {
    "organisations": "construct-organisation-network",
    "entities": "construct-entity-graph",
    "gaps": "construct-forces-sharing-gaps",
}

EXPORT_FORMATS = ("graphml", "gexf", "json")


def _import_networkx() -> Any:
    try:
        import networkx
    except ImportError as exc:  # pragma: no cover - networkx is a core dependency
        raise ImportError("network analytics need NetworkX: pip install 'networkx>=3.3'") from exc
    return networkx


@dataclass(frozen=True)
class Projection:
    """A network projection: its catalogue query and whether its links have a direction."""

    name: str
    spec: QuerySpec
    directed: bool


def projection(name: str) -> Projection:
    """The projection called ``name``: a short name (``organisations``) or a query name.

    A projection is a catalogue CONSTRUCT query tagged ``projections``.
    """
    specs = catalog()
    query_name = PROJECTIONS.get(name, name)
    spec = specs.get(query_name)
    if spec is None or not _is_projection(spec):
        known = [*PROJECTIONS, *(n for n, s in specs.items() if _is_projection(s))]
        raise ValueError(f"no network projection named {name!r}; known: {', '.join(known)}")
    header = parse_header(spec.text, where=spec.path)
    directed = header.get("directed", False)
    if not isinstance(directed, bool):
        raise ValueError(f"{spec.path}: '#+ directed:' must be true or false, not {directed!r}")
    short = next((k for k, v in PROJECTIONS.items() if v == spec.name), spec.name)
    return Projection(name=short, spec=spec, directed=directed)


def _is_projection(spec: QuerySpec) -> bool:
    return spec.name.startswith("construct-") and "projections" in spec.tags


def to_networkx(store: Any, projection_name: str, **params: str) -> nx.MultiGraph:
    """Run the projection's CONSTRUCT query on ``store`` and return the network.

    ``params`` are the query's ``#+ params:`` (bound, never pasted). The graph is a
    ``MultiDiGraph`` for a directed projection, else a ``MultiGraph``; ``G.graph`` holds
    ``projection`` and ``query``. Node attributes: ``label``, ``type`` (the hmic class's local
    name). Edge attributes: ``predicate`` (IRI), ``label`` (its local name), ``via`` (IRI, if
    any), ``via_label``, ``evidence`` (sorted IRIs of the stored statements or gaps).
    """
    proj = projection(projection_name)
    result = run(proj.spec, store, params)
    if result.kind != "construct" or result.graph is None:
        raise ValueError(f"{proj.spec.path}: a projection must be a CONSTRUCT query")
    G = from_rdf(result.graph, directed=proj.directed)
    G.graph.update(projection=proj.name, query=proj.spec.name)
    return G


def local_name(iri: str) -> str:
    """``https://w3id.org/hmickg/def#PoliceForce`` → ``PoliceForce``."""
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def _node_type(classes: Iterable[str]) -> str:
    """The node's hmic class, by local name; the most specific one if a finding has two."""
    names = sorted(local_name(c) for c in classes if c.startswith(HMIC_NS))
    specific = [n for n in names if n != "Finding"]
    return (specific or names or [""])[0]


def from_rdf(graph: Graph, *, directed: bool) -> nx.MultiGraph:
    """A projection query's answer (see the module docstring) as a NetworkX multigraph."""
    nx = _import_networkx()
    labels: dict[str, str] = {}
    classes: dict[str, set[str]] = {}
    for labelled, label in graph.subject_objects(RDFS.label):
        # one label per node, the same on every run: the shortest, then the first in order
        name, text = str(labelled), str(label)
        if name not in labels or (len(text), text) < (len(labels[name]), labels[name]):
            labels[name] = text
    for typed, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and str(cls).startswith(HMIC_NS):
            classes.setdefault(str(typed), set()).add(str(cls))

    links: dict[tuple[str, str, str, str | None], set[str]] = {}
    for link in graph.subjects(RDF.type, RDF.Statement):
        subj = graph.value(link, RDF.subject)
        pred = graph.value(link, RDF.predicate)
        obj = graph.value(link, RDF.object)
        if not (isinstance(subj, URIRef) and isinstance(pred, URIRef) and isinstance(obj, URIRef)):
            continue
        via_node = graph.value(link, _VIA)
        key = (str(subj), str(pred), str(obj), None if via_node is None else str(via_node))
        links.setdefault(key, set()).update(
            str(e) for e in graph.objects(link, PROV.wasDerivedFrom)
        )

    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    ends = {k[0] for k in links} | {k[2] for k in links}
    for node in sorted(ends | {n for n in classes if n not in ends and n in labels}):
        G.add_node(
            node,
            label=labels.get(node, local_name(node)),
            type=_node_type(classes.get(node, ())),
        )
    for (source, predicate, target, via), evidence in sorted(
        links.items(), key=lambda kv: tuple(map(str, kv[0]))
    ):
        attrs: dict[str, Any] = {
            "predicate": predicate,
            "label": local_name(predicate),
            "evidence": sorted(evidence),
        }
        if via is not None:
            attrs["via"] = via
            attrs["via_label"] = labels.get(via, local_name(via))
        G.add_edge(source, target, key=f"{predicate}|{via or ''}", **attrs)
    return G


# ---------------------------------------------------------------------------- look-ups


@dataclass(frozen=True)
class Entity:
    iri: str
    type: str
    label: str


def find_entities(store: Any, name: str) -> list[Entity]:
    """Entities whose label, preferred or alternative label is ``name``, ignoring case.

    Forces, units, agencies, partnerships, agreements, operations, OCGs, systems and regions
    (query ``entity-by-name``): ``"Leicestershire Constabulary"`` and ``"SOCA"`` each name one.
    More than one entity means the name is ambiguous.
    """
    rows = run(catalog()["entity-by-name"], store, {"name": name}).dicts()
    found: dict[str, Entity] = {}
    for r in rows:
        iri = str(r["entity"])
        found.setdefault(iri, Entity(iri, local_name(str(r["class"])), str(r["label"] or "")))
    return list(found.values())


def region_forces(store: Any, region: str) -> list[str]:
    """IRIs of the forces in ``region`` (query ``region-forces``)."""
    rows = run(catalog()["region-forces"], store, {"region": region}).rows
    return [str(r[0]) for r in rows]


# ---------------------------------------------------------------------------- export


def _flat(G: nx.MultiGraph) -> nx.MultiGraph:
    """A copy whose attribute values are strings or numbers (GraphML and GEXF have no lists)."""

    def flat(attrs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set, frozenset)):
                v = " ".join(str(x) for x in v)
            elif not isinstance(v, (str, int, float, bool)):
                v = str(v)
            out[k] = v
        return out

    H = G.__class__()
    H.graph.update(flat(dict(G.graph)))
    H.add_nodes_from((n, flat(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, flat(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def write_network(G: nx.MultiGraph, out: str | Path, *, format: str) -> None:
    """Write ``G`` as GraphML or GEXF (for Gephi, Cytoscape, yEd) or node-link JSON.

    Lists (an edge's ``evidence``) become space-separated strings in GraphML and GEXF; JSON keeps
    them as lists (``networkx.node_link_graph`` reads it back).
    """
    nx = _import_networkx()
    path = Path(out)
    if format == "graphml":
        nx.write_graphml(_flat(G), path, encoding="utf-8", prettyprint=True)
    elif format == "gexf":
        nx.write_gexf(_flat(G), path, encoding="utf-8", prettyprint=True)
    elif format == "json":
        import json

        data = nx.node_link_data(G, edges="links")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    else:
        raise ValueError(
            f"unknown network format {format!r}; use one of {', '.join(EXPORT_FORMATS)}"
        )
