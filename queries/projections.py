"""Network projections: a ``construct-*.rq`` query's answer as a NetworkX graph.

A projection query (``queries/catalog/projections/construct-*.rq``, header ``#+ directed:``)
answers with an RDF graph in one shape, whatever the network:

- every link is an ``rdf:Statement`` node with ``rdf:subject``, ``rdf:predicate`` and
  ``rdf:object`` (the two ends and the kind of link), ``hmic:via`` where the link goes through a
  third thing (the operation or agreement two organisations share), and ``prov:wasDerivedFrom``
  what it rests on: the reified link statements of the report graphs (each with its source
  passage) or the gaps of the gap graph, directly or through intermediate nodes of the answer
  that have a ``prov:wasDerivedFrom`` of their own (in the organisation and gap networks,
  a link rests on the memberships of its two ends, each membership on the statements or
  gaps saying it);
- every node has its ``rdfs:label`` and its ``hmic:`` class (``rdf:type``).

:func:`from_rdf` turns that graph into a ``networkx.MultiDiGraph`` (``directed: true``) or
``MultiGraph``, one edge per (subject, predicate, object, via), keyed ``predicate|via``, with the
evidence of every statement that says it collected on the edge: the stored nodes its
``prov:wasDerivedFrom`` leads to, through the intermediate nodes. Node ids are IRI strings.

The same network as rows. A projection's header may carry a ``select:`` query (written under
the file's own ``PREFIX`` lines, with the same parameters) answering it as rows, which
:func:`to_networkx` reads through the store's ``query_strings`` (plain strings, no rdflib term
per value, no RDF graph) and :func:`from_rows` turns into the same NetworkX graph. Its
variables (each row binds some):

- ``?s ?p ?o ?evidence``: a link ``s p o`` resting on the stored node ``evidence``;
- ``?via ?p ?member ?evidence``: ``member`` takes part in ``via`` (by ``evidence``); every two
  members of one ``via`` are linked by ``p`` through it, the lesser IRI (by code point) as
  subject, resting on the evidence of both memberships. A network of co-members is quadratic in
  the members, its rows are not: the organisation network's 30 thousand statements make 97
  thousand links and 525 thousand pieces of evidence at national size;
- ``?node ?label`` and ``?node ?class``: a node's labels (the shortest is kept) and hmic:
  classes.

The CONSTRUCT stays the documented, exportable form; a test checks that both give the same
network on the bundled reports.

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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV

from graph_store._gc import gc_paused

from .catalog import QuerySpec, catalog, parse_header
from .runner import bind_params, run

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
    "from_rows",
    "local_name",
    "network_bytes",
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

EXPORT_FORMATS = ("graphml", "gexf", "json", "svg")


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
    select: str | None = None
    """The header's ``select:`` query with the file's prefixes: the network as rows."""


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
    select = header.get("select")
    if select is not None and not isinstance(select, str):
        raise ValueError(f"{spec.path}: '#+ select:' must be the text of a SELECT query")
    if select is not None:
        prologue = [
            line
            for line in spec.text.splitlines()
            if not line.startswith("#") and line.lstrip().upper().startswith(("PREFIX", "BASE"))
        ]
        select = "\n".join([*prologue, "", select])
    return Projection(name=short, spec=spec, directed=directed, select=select)


def _is_projection(spec: QuerySpec) -> bool:
    return spec.name.startswith("construct-") and "projections" in spec.tags


def to_networkx(store: Any, projection_name: str, **params: str) -> nx.MultiGraph:
    """Run the projection's query on ``store`` and return the network.

    ``params`` are the query's ``#+ params:`` (bound, never pasted). The graph is a
    ``MultiDiGraph`` for a directed projection, else a ``MultiGraph``; ``G.graph`` holds
    ``projection`` and ``query``. Node attributes: ``label``, ``type`` (the hmic class's local
    name). Edge attributes: ``predicate`` (IRI), ``label`` (its local name), ``via`` (IRI, if
    any), ``via_label``, ``evidence`` (sorted IRIs of the stored statements or gaps).

    Where the projection has a ``select:`` query and the store answers ``query_strings``, the
    network is built from its rows (:func:`from_rows`); else from the CONSTRUCT's answer
    (:func:`from_rdf`). Both give the same graph.
    """
    proj = projection(projection_name)
    query_strings = getattr(store, "query_strings", None)
    if proj.select is not None and query_strings is not None:
        answer = query_strings(proj.select, bindings=bind_params(proj.spec, params))
        with gc_paused:  # a graph of 100,000 links: 1.78 s with the collector running, 1.22 s
            G = from_rows(answer.variables, answer.rows, directed=proj.directed)
    else:
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


def _shortest(labels: dict[str, str], name: str, text: str) -> None:
    """Keep one label per node, the same on every run: the shortest, then the first in order."""
    if name not in labels or (len(text), text) < (len(labels[name]), labels[name]):
        labels[name] = text


_LinkKey = tuple[str, str, str, str | None]


def from_rdf(graph: Graph, *, directed: bool) -> nx.MultiGraph:
    """A projection query's answer (see the module docstring) as a NetworkX multigraph."""
    labels: dict[str, str] = {}
    classes: dict[str, set[str]] = {}
    for labelled, label in graph.subject_objects(RDFS.label):
        _shortest(labels, str(labelled), str(label))
    for typed, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and str(cls).startswith(HMIC_NS):
            classes.setdefault(str(typed), set()).add(str(cls))
    derived: dict[str, set[str]] = {}
    for node, source in graph.subject_objects(PROV.wasDerivedFrom):
        derived.setdefault(str(node), set()).add(str(source))

    def stored(node: str, seen: frozenset[str] = frozenset()) -> set[str]:
        """The nodes ``node`` rests on that the answer does not derive further."""
        if node not in derived or node in seen:
            return {node}
        return {leaf for up in derived[node] for leaf in stored(up, seen | {node})}

    links: dict[_LinkKey, set[str]] = {}
    for link in graph.subjects(RDF.type, RDF.Statement):
        subj = graph.value(link, RDF.subject)
        pred = graph.value(link, RDF.predicate)
        obj = graph.value(link, RDF.object)
        if not (isinstance(subj, URIRef) and isinstance(pred, URIRef) and isinstance(obj, URIRef)):
            continue
        via_node = graph.value(link, _VIA)
        key = (str(subj), str(pred), str(obj), None if via_node is None else str(via_node))
        evidence = links.setdefault(key, set())
        for source in derived.get(str(link), ()):
            evidence |= stored(source)
    return _assemble(labels, classes, links, directed=directed)


def from_rows(
    variables: Sequence[str], rows: Iterable[Sequence[str | None]], *, directed: bool
) -> nx.MultiGraph:
    """A projection's ``select:`` rows (see the module docstring) as a NetworkX multigraph.

    >>> rows = [
    ...     ("urn:op", "urn:p", "urn:a", "urn:st1", None, None, None),
    ...     ("urn:op", "urn:p", "urn:b", "urn:st2", None, None, None),
    ...     ("urn:op", "urn:p", "urn:c", "urn:st3", None, None, None),
    ...     (None, None, None, None, "urn:a", "A", None),
    ... ]
    >>> G = from_rows(["via", "p", "member", "evidence", "node", "label", "class"], rows,
    ...               directed=False)
    >>> [(u, v, d["evidence"]) for u, v, d in G.edges(data=True)]
    [('urn:a', 'urn:b', ['urn:st1', 'urn:st2']), ('urn:a', 'urn:c', ['urn:st1', 'urn:st3']), \
('urn:b', 'urn:c', ['urn:st2', 'urn:st3'])]
    """
    at = {name: i for i, name in enumerate(variables)}

    def column(name: str) -> int | None:
        return at.get(name)

    i_s, i_p, i_o, i_via = column("s"), column("p"), column("o"), column("via")
    i_member, i_ev = column("member"), column("evidence")
    i_node, i_label, i_class = column("node"), column("label"), column("class")
    labels: dict[str, str] = {}
    classes: dict[str, set[str]] = {}
    links: dict[_LinkKey, set[str]] = {}
    members: dict[tuple[str, str], dict[str, set[str]]] = {}
    for row in rows:
        node = row[i_node] if i_node is not None else None
        if node is not None:
            label = row[i_label] if i_label is not None else None
            cls = row[i_class] if i_class is not None else None
            if label is not None:
                _shortest(labels, node, label)
            if cls is not None and cls.startswith(HMIC_NS):
                classes.setdefault(node, set()).add(cls)
            continue
        evidence = row[i_ev] if i_ev is not None else None
        member = row[i_member] if i_member is not None else None
        if member is not None and i_via is not None and i_p is not None:
            via, pred = row[i_via], row[i_p]
            if via is not None and pred is not None:
                held = members.setdefault((via, pred), {}).setdefault(member, set())
                if evidence is not None:
                    held.add(evidence)
            continue
        s = row[i_s] if i_s is not None else None
        p = row[i_p] if i_p is not None else None
        o = row[i_o] if i_o is not None else None
        if s is None or p is None or o is None:
            continue
        via = row[i_via] if i_via is not None else None
        found = links.setdefault((s, p, o, via), set())
        if evidence is not None:
            found.add(evidence)
    for (via, pred), held in members.items():
        ordered = sorted(held)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                links.setdefault((a, pred, b, via), set()).update(held[a], held[b])
    return _assemble(labels, classes, links, directed=directed)


def _assemble(
    labels: dict[str, str],
    classes: dict[str, set[str]],
    links: dict[_LinkKey, set[str]],
    *,
    directed: bool,
) -> nx.MultiGraph:
    """The multigraph: nodes in IRI order, then links in (subject, predicate, object, via)
    order, so that the same network is the same graph however it was read."""
    nx = _import_networkx()
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


def network_bytes(G: nx.MultiGraph, *, format: str) -> bytes:
    """``G`` as GraphML or GEXF (for Gephi, Cytoscape, yEd), node-link JSON, or a ready
    picture (SVG, :mod:`queries.pictures`; titled with the graph's ``title`` if it has one).

    Lists (an edge's ``evidence``) become space-separated strings in GraphML and GEXF; JSON keeps
    them as lists (``networkx.node_link_graph`` reads it back).
    """
    nx = _import_networkx()
    if format in ("graphml", "gexf"):
        import io

        out = io.BytesIO()
        write = nx.write_graphml if format == "graphml" else nx.write_gexf
        write(_flat(G), out, encoding="utf-8", prettyprint=True)
        return out.getvalue()
    if format == "json":
        import json

        data = nx.node_link_data(G, edges="links")
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()
    if format == "svg":
        from .pictures import network_svg

        return network_svg(G, title=G.graph.get("title")).encode()
    raise ValueError(f"unknown network format {format!r}; use one of {', '.join(EXPORT_FORMATS)}")


def write_network(G: nx.MultiGraph, out: str | Path, *, format: str) -> None:
    """Write ``G`` to the file ``out`` in ``format`` (:func:`network_bytes`)."""
    data = network_bytes(G, format=format)  # (a format it does not know writes nothing)
    Path(out).write_bytes(data)
