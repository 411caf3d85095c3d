"""Network questions over a projection (:func:`queries.projections.to_networkx`), one function each.

- :func:`centrality` - who sits between the others (betweenness, sampled on large graphs) and who
  has most partners (degree); with ``between=`` the region's forces, who brokers their
  collaboration;
- :func:`communities` - which organisations form groups (Louvain or greedy modularity);
- :func:`paths` - the shortest chains between two entities, each hop with its predicate and its
  evidence (the report file and lines, fetched from the store when ``store=`` is given);
  :func:`find_paths` the same in the entity graph, searched in the store from both ends;
- :func:`neighbourhood` - everything within ``depth`` links of a node;
- :func:`write_back` - scores and communities as triples in ``id:graph/analytics``.

Everything but :func:`evidence`, :func:`find_paths` and :func:`write_back` is pure NetworkX: it reads the graph it is
given and touches no store. Links are followed in either direction: "Operation Topic involves
SOCA" links SOCA to the operation as much as the operation to SOCA. NetworkX is imported inside
the functions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import PROV

from .catalog import catalog
from .projections import HMIC_NS, _import_networkx, local_name
from .runner import run

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "ANALYTICS_GRAPH",
    "EXACT_LIMIT",
    "SAMPLE_K",
    "Centrality",
    "Chain",
    "Communities",
    "Community",
    "Hop",
    "Link",
    "NodeScore",
    "Passage",
    "centrality",
    "communities",
    "evidence",
    "find_paths",
    "neighbourhood",
    "paths",
    "write_back",
]

ID = "https://w3id.org/hmickg/id/"
ANALYTICS_GRAPH = URIRef(ID + "graph/analytics")

#: Up to this many nodes betweenness is exact; above it, sampled from SAMPLE_K sources.
#: (engines.md: 13.5 thousand nodes took 63 s with 500 samples, 28 minutes exact.)
EXACT_LIMIT = 2000
SAMPLE_K = 500

_BETWEENNESS = URIRef(HMIC_NS + "betweenness")
_DEGREE = URIRef(HMIC_NS + "degree")
_COMMUNITY = URIRef(HMIC_NS + "community")
_COMMUNITY_CLASS = URIRef(HMIC_NS + "Community")


class NodeNotInNetwork(KeyError):
    """The node is not in the network (a one-line message naming the node and the projection)."""

    def __str__(self) -> str:
        return str(self.args[0])


def _check_node(G: nx.MultiGraph, node: str) -> None:
    if node not in G:
        name = G.graph.get("projection", "")
        where = f"the {name} network" if name else "the network"
        raise NodeNotInNetwork(f"<{node}> is not in {where}")


def _label(G: nx.MultiGraph, node: str) -> str:
    return str(G.nodes[node].get("label") or local_name(node))


def _simple(G: nx.MultiGraph, *, weighted: bool = False) -> nx.Graph:
    """The undirected simple graph under ``G``: one edge per linked pair, weight = links."""
    nx = _import_networkx()
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if u == v:
            continue
        if H.has_edge(u, v):
            H[u][v]["weight"] += 1
        else:
            H.add_edge(u, v, weight=1)
    if not weighted:
        for _, _, d in H.edges(data=True):
            d.pop("weight", None)
    return H


def _decimal(x: float) -> Literal:
    return Literal(Decimal(f"{x:.6f}").normalize(), datatype=XSD.decimal)


# ---------------------------------------------------------------------------- centrality


@dataclass(frozen=True)
class NodeScore:
    node: str
    label: str
    type: str
    betweenness: float
    """Share of shortest paths through the node (normalised, 0..1)."""
    degree: int
    """Distinct neighbours."""
    links: int
    """Links, counting each shared operation or agreement apart."""


@dataclass(frozen=True)
class Centrality:
    """Scores of every node, highest betweenness first (then degree, then label)."""

    projection: str
    scores: tuple[NodeScore, ...]
    k: int | None
    """Sources sampled for betweenness; None when exact."""
    seed: int
    between: tuple[str, ...] | None = None
    """The nodes whose shortest paths between each other alone were counted (None: all)."""

    def top(self, n: int = 10, *, type: str | None = None) -> list[NodeScore]:
        rows = [s for s in self.scores if type is None or s.type == type]
        return rows[:n]

    def rank(self, node: str) -> int:
        """1-based rank of ``node``."""
        for i, s in enumerate(self.scores, 1):
            if s.node == node:
                return i
        raise NodeNotInNetwork(f"<{node}> is not in the {self.projection} network")

    @property
    def description(self) -> str:
        how = "exact" if self.k is None else f"sampled from {self.k} sources, seed {self.seed}"
        sub = f", between {len(self.between)} given nodes" if self.between is not None else ""
        return f"Betweenness and degree over the {self.projection} network ({how}{sub})"

    def triples(self) -> list[tuple[Any, Any, Any]]:
        activity = URIRef(ID + "analysis/centrality")
        out: list[tuple[Any, Any, Any]] = [
            (activity, RDF.type, PROV.Activity),
            (activity, RDFS.label, Literal(self.description)),
        ]
        for s in self.scores:
            node = URIRef(s.node)
            out.append((node, _BETWEENNESS, _decimal(s.betweenness)))
            out.append((node, _DEGREE, Literal(s.degree, datatype=XSD.integer)))
        return out


def centrality(
    G: nx.MultiGraph,
    *,
    k: int | None = None,
    seed: int = 0,
    between: Iterable[str] | None = None,
) -> Centrality:
    """Betweenness and degree of every node of ``G`` (links taken both ways).

    ``k``: sample betweenness from ``k`` source nodes (seeded, so repeatable); by default exact
    up to :data:`EXACT_LIMIT` nodes and sampled from :data:`SAMPLE_K` above. ``between``: count
    only the shortest paths between these nodes (say, the forces of a region): a high score then
    means the node brokers their collaboration. Ordered by betweenness, degree, label.
    """
    nx = _import_networkx()
    H = _simple(G)
    n = H.number_of_nodes()
    subset = tuple(sorted(b for b in (between or ()) if b in H))
    used_k: int | None = None
    if between is not None:
        # only the paths among them (none if fewer than two are in the network)
        raw = nx.betweenness_centrality_subset(H, sources=subset, targets=subset)
        pairs = len(subset) * (len(subset) - 1) / 2
        bc = {v: (x / pairs if pairs else 0.0) for v, x in raw.items()}
    else:
        if k is None and n > EXACT_LIMIT:
            k = SAMPLE_K
        if k is not None and k < n:
            used_k = k
            bc = nx.betweenness_centrality(H, k=k, seed=seed, normalized=True)
        else:
            bc = nx.betweenness_centrality(H, normalized=True)
    scores = [
        NodeScore(
            node=v,
            label=_label(G, v),
            type=str(G.nodes[v].get("type", "")),
            betweenness=float(bc.get(v, 0.0)),
            degree=H.degree(v),
            links=G.degree(v),
        )
        for v in H.nodes
    ]
    scores.sort(key=lambda s: (-round(s.betweenness, 12), -s.degree, s.label, s.node))
    return Centrality(
        projection=str(G.graph.get("projection", "")),
        scores=tuple(scores),
        k=used_k,
        seed=seed,
        between=None if between is None else subset,
    )


# ---------------------------------------------------------------------------- communities


@dataclass(frozen=True)
class Community:
    number: int
    members: tuple[str, ...]
    """Node IRIs, highest degree first."""
    labels: tuple[str, ...]

    @property
    def iri(self) -> URIRef:
        return URIRef(f"{ID}community/{self.number}")

    @property
    def name(self) -> str:
        more = f" and {len(self.labels) - 3} more" if len(self.labels) > 3 else ""
        return f"Community {self.number}: {', '.join(self.labels[:3])}{more}"


@dataclass(frozen=True)
class Communities:
    projection: str
    method: str
    seed: int
    modularity: float
    communities: tuple[Community, ...]
    """Largest first."""

    def of(self, node: str) -> Community:
        for c in self.communities:
            if node in c.members:
                return c
        raise NodeNotInNetwork(f"<{node}> is not in the {self.projection} network")

    @property
    def description(self) -> str:
        return (
            f"Communities of the {self.projection} network ({self.method}, seed {self.seed}, "
            f"modularity {self.modularity:.3f})"
        )

    def triples(self) -> list[tuple[Any, Any, Any]]:
        activity = URIRef(ID + "analysis/communities")
        out: list[tuple[Any, Any, Any]] = [
            (activity, RDF.type, PROV.Activity),
            (activity, RDFS.label, Literal(self.description)),
        ]
        for c in self.communities:
            out.append((c.iri, RDF.type, _COMMUNITY_CLASS))
            out.append((c.iri, RDFS.label, Literal(c.name)))
            out.append((c.iri, PROV.wasGeneratedBy, activity))
            out.extend((URIRef(m), _COMMUNITY, c.iri) for m in c.members)
        return out


COMMUNITY_METHODS = ("louvain", "greedy")


def communities(
    G: nx.MultiGraph, *, method: str = "louvain", seed: int = 0, resolution: float = 1.0
) -> Communities:
    """Split ``G`` into communities; every node is in exactly one (an isolated node alone).

    Links are undirected and weighted by how many there are between two nodes (two forces in
    five operations together are closer than two in one). ``louvain`` is seeded, so repeatable;
    ``greedy`` is Clauset-Newman-Moore greedy modularity.
    """
    nx = _import_networkx()
    H = _simple(G, weighted=True)
    if method == "louvain":
        parts = nx.community.louvain_communities(
            H, weight="weight", resolution=resolution, seed=seed
        )
    elif method == "greedy":
        parts = (
            nx.community.greedy_modularity_communities(H, weight="weight", resolution=resolution)
            if H.number_of_edges()
            else [{v} for v in H]
        )
    else:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(COMMUNITY_METHODS)}")
    parts = [set(p) for p in parts]
    modularity = (
        nx.community.modularity(H, parts, weight="weight", resolution=resolution)
        if H.number_of_edges()
        else 0.0
    )
    parts.sort(key=lambda p: (-len(p), min(p)))
    out = []
    for i, part in enumerate(parts, 1):
        members = sorted(part, key=lambda v: (-H.degree(v), _label(G, v), v))
        out.append(
            Community(
                number=i,
                members=tuple(members),
                labels=tuple(_label(G, v) for v in members),
            )
        )
    return Communities(
        projection=str(G.graph.get("projection", "")),
        method=method,
        seed=seed,
        modularity=float(modularity),
        communities=tuple(out),
    )


# ---------------------------------------------------------------------------- paths


@dataclass(frozen=True)
class Passage:
    """Lines of a report file that a link was read from."""

    file: str
    line_start: int
    line_end: int
    report: str
    sha256: str | None = None

    def __str__(self) -> str:
        lines = (
            str(self.line_start)
            if self.line_start == self.line_end
            else f"{self.line_start}-{self.line_end}"
        )
        return f"{self.file}:{lines}"


@dataclass(frozen=True)
class Link:
    """One link of the network, as stated: ``subject predicate object`` (through ``via``)."""

    subject: str
    predicate: str
    object: str
    subject_label: str
    object_label: str
    via: str | None = None
    via_label: str | None = None
    evidence: tuple[str, ...] = ()
    """The stored statements (or gaps) the link rests on."""
    passages: tuple[Passage, ...] = ()
    """Their source passages (filled in when ``paths`` is given the store)."""

    @property
    def predicate_name(self) -> str:
        return local_name(self.predicate)

    def __str__(self) -> str:
        via = f" (via {self.via_label})" if self.via_label else ""
        return f"{self.subject_label} {self.predicate_name} {self.object_label}{via}"


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    source_label: str
    target_label: str
    links: tuple[Link, ...]
    """Every link between the two nodes (in the organisation network, each shared operation
    or agreement is one)."""


@dataclass(frozen=True)
class Chain:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.hops)

    @property
    def labels(self) -> tuple[str, ...]:
        if not self.hops:
            return ()
        return (self.hops[0].source_label, *(h.target_label for h in self.hops))


def _links_between(G: nx.MultiGraph, a: str, b: str) -> tuple[Link, ...]:
    found: list[Link] = []
    pairs = [(a, b), (b, a)] if G.is_directed() else [(a, b)]
    for u, v in pairs:
        data = G.get_edge_data(u, v) or {}
        for _, d in sorted(data.items()):
            # directed: the link as stated; undirected (shared operation...): in hop order
            s, o = u, v
            found.append(
                Link(
                    subject=s,
                    predicate=str(d.get("predicate", "")),
                    object=o,
                    subject_label=_label(G, s),
                    object_label=_label(G, o),
                    via=d.get("via"),
                    via_label=d.get("via_label"),
                    evidence=tuple(d.get("evidence") or ()),
                )
            )
    found.sort(key=lambda lk: (lk.predicate, lk.via_label or "", lk.via or "", lk.subject))
    return tuple(found)


def paths(
    G: nx.MultiGraph,
    source: str,
    target: str,
    *,
    max_paths: int = 3,
    store: Any = None,
) -> list[Chain]:
    """The ``max_paths`` shortest chains of entities from ``source`` to ``target``, shortest first.

    Chains are simple (no entity twice) and differ in the entities they pass; each hop lists every
    link between its two entities with the statements it rests on. With ``store``, each link's
    ``passages`` give the report file and line range of that evidence. No chain: an empty list.
    (Chains of the same length come in the order NetworkX's ``shortest_simple_paths`` finds
    them, which follows the order of the nodes and links of ``G``.)

    In the entity graph, Leicestershire reaches the SOCA through Operation Topic (the operation
    involves both) and through the collaborative agreement they are both party to.
    """
    nx = _import_networkx()
    _check_node(G, source)
    _check_node(G, target)
    if source == target:
        raise ValueError("a path needs two different entities")
    H = _simple(G)
    try:
        routes = list(itertools.islice(nx.shortest_simple_paths(H, source, target), max_paths))
    except nx.NetworkXNoPath:
        return []
    chains = _chains(G, routes)
    if store is not None:
        chains = _with_passages(store, chains)
    return chains


def _chains(G: nx.MultiGraph, routes: Iterable[Sequence[str]]) -> list[Chain]:
    return [
        Chain(
            nodes=tuple(route),
            hops=tuple(
                Hop(
                    source=a,
                    target=b,
                    source_label=_label(G, a),
                    target_label=_label(G, b),
                    links=_links_between(G, a, b),
                )
                for a, b in itertools.pairwise(route)
            ),
        )
        for route in routes
    ]


def find_paths(store: Any, source: str, target: str, *, max_paths: int = 3) -> list[Chain]:
    """:func:`paths` in the entity graph (``construct-entity-graph``), with passages, found by
    searching the store from both ends rather than building the whole graph.

    The same chains as ``paths(to_networkx(store, "entities"), source, target, store=store)``:
    NetworkX's own ``shortest_simple_paths`` runs over a graph that fetches the links of a node
    (query ``entity-links``, which reads the link index of :mod:`queries.links`; or, where the
    store has no current index, ``entity-links-from-statements``) the first time the search
    asks for its neighbours, and gives them in the order the whole graph would. A search for a
    chain of two or three hops reads the links of a few dozen entities, not of every entity.
    One node a query: the search often stops inside a neighbour list (a bidirectional search
    ends at the first node both sides reach), and the nodes after it were read for nothing
    when a frontier of 16-256 was read at once; at ten times the national corpus those were
    hubs of thousands of statements each (14 IT systems, 2.2 s for Leicestershire to the SOCA).
    """
    nx = _import_networkx()
    if source == target:
        raise ValueError("a path needs two different entities")
    hood = _Neighbourhood(store)
    hood.load([source, target])
    for end in (source, target):
        if not hood.adj[end] and not _in_network(store, end):
            raise NodeNotInNetwork(f"<{end}> is not in the entities network")

    class StoreGraph(nx.Graph):  # type: ignore[misc]
        """An undirected simple graph whose neighbours come from the store on demand."""

        def neighbors(self, n: str) -> Iterator[str]:
            return iter(hood.neighbours(n))

    H = StoreGraph()
    H.add_nodes_from((source, target))
    try:
        routes = list(itertools.islice(nx.shortest_simple_paths(H, source, target), max_paths))
    except nx.NetworkXNoPath:
        return []
    on_chains = list(dict.fromkeys(n for route in routes for n in route))
    G = hood.network(on_chains, [tuple(route) for route in routes])
    return _with_passages(store, _chains(G, routes))


def links_at(store: Any, node: str, *, limit: int | None = None) -> nx.MultiDiGraph:
    """The entity graph's links at ``node``, read from the store (the link index, or the
    statements where it is missing): ``node``, its neighbours and every link between ``node``
    and them, named and typed as :func:`to_networkx` names them, each link with the statements
    it rests on (``evidence``). With ``limit``, the first ``limit`` neighbours in the order
    :func:`find_paths` takes them; the graph's ``neighbours`` attribute says how many there are.

    The same links as ``neighbourhood(to_networkx(store, "entities"), node)`` has at ``node``,
    without building the whole graph: a look-up of the node's links, one of their labels, one
    of their statements.
    """
    hood = _Neighbourhood(store)
    hood.load([node])
    if not hood.adj[node] and not _in_network(store, node):
        raise NodeNotInNetwork(f"<{node}> is not in the entities network")
    near = hood.adj[node] if limit is None else hood.adj[node][:limit]
    G = hood.network([node, *near], [(node, n) for n in near])
    G.graph.update(centre=node, neighbours=len(hood.adj[node]))
    return G


def entity_types(store: Any, nodes: Iterable[str]) -> dict[str, str]:
    """The hmic class of each of ``nodes`` (by local name), as :func:`to_networkx` types its
    nodes; "" for a node with none."""
    from .projections import _node_type

    wanted = list(dict.fromkeys(nodes))
    classes: dict[str, set[str]] = {n: set() for n in wanted}
    if wanted:
        for entity, _, cls in store.query_strings(_entities_query("entity-labels", wanted)).rows:
            if cls is not None:
                classes[entity].add(cls)
    return {n: _node_type(c) for n, c in classes.items()}


def _in_network(store: Any, node: str) -> bool:
    """Whether ``node`` is a node of the entity graph though it has no links."""
    return bool(run(catalog()["entity-in-network"], store, {"entity": node}).rows)


def _entities_query(name: str, nodes: Iterable[str]) -> str:
    """The catalogue query ``name`` for all of ``nodes`` at once: a VALUES block of ``?entity``
    at the head of its WHERE group (each IRI checked as a bound parameter is)."""
    return _values_query(name, [{"entity": node} for node in nodes])


def _values_query(name: str, rows: Sequence[Mapping[str, str]]) -> str:
    """The catalogue query ``name`` asked for each of ``rows`` (one or more; parameter values,
    the same names in each) at once: a VALUES block of a row each at the head of its WHERE
    group, every value checked as a bound parameter is."""
    from graph_store._sparql import inject_values

    from .runner import bind_params

    spec = catalog()[name]
    bound = [bind_params(spec, row) for row in rows]  # ParamError for a malformed IRI
    return inject_values(spec.text, *bound)


_LinkKey = tuple[str, str, str]


class _Neighbourhood:
    """The links of the entity graph at the entities loaded so far, read from the store."""

    def __init__(self, store: Any) -> None:
        from .links import links_current

        self.store = store
        # the link index where the store has a current one; the statements themselves if not
        self.query = "entity-links" if links_current(store) else "entity-links-from-statements"
        self.at: dict[str, set[_LinkKey]] = {}
        self.adj: dict[str, list[str]] = {}

    def load(self, nodes: Sequence[str]) -> None:
        """Read the links of ``nodes`` (one query) and order each one's neighbours."""
        wanted = [n for n in dict.fromkeys(nodes) if n not in self.adj]
        if not wanted:
            return
        answer = self.store.query_strings(_entities_query(self.query, wanted))
        for entity, s, p, o in answer.rows:
            self.at.setdefault(entity, set()).add((s, p, o))
        for v in wanted:
            # The order _simple(G) gives v's neighbours in the whole graph: by the first link
            # between the two in the order of G's links (subject, predicate, object).
            first: dict[str, _LinkKey] = {}
            for key in self.at.get(v, ()):
                s, _, o = key
                if s == o:
                    continue
                w = o if s == v else s
                if w not in first or key < first[w]:
                    first[w] = key
            self.adj[v] = sorted(first, key=first.__getitem__)

    def neighbours(self, node: str) -> list[str]:
        if node not in self.adj:
            self.load([node])
        return self.adj[node]

    def network(self, nodes: Sequence[str], routes: Sequence[tuple[str, ...]]) -> nx.MultiGraph:
        """The chains' part of the entity graph: their nodes, named as to_networkx names them,
        and every link between two entities next to each other on a chain."""
        nx = _import_networkx()
        from .projections import _node_type, _shortest

        labels: dict[str, str] = {}
        classes: dict[str, set[str]] = {}
        answer = self.store.query_strings(_entities_query("entity-labels", nodes))
        for entity, label, cls in answer.rows:
            if label is not None:
                _shortest(labels, entity, label)
            if cls is not None:
                classes.setdefault(entity, set()).add(cls)
        G = nx.MultiDiGraph()
        for node in nodes:
            G.add_node(
                node,
                label=labels.get(node, local_name(node)),
                type=_node_type(classes.get(node, ())),
            )
        hops = {frozenset(pair) for route in routes for pair in itertools.pairwise(route)}
        keys = {
            key
            for pair in hops
            for end in pair
            for key in self.at.get(end, ())
            if {key[0], key[2]} == pair
        }
        statements: dict[_LinkKey, list[str]] = {}
        if keys:
            # the evidence of the chains' links only: the search read each link once, not once
            # per statement saying it (a hub has thousands)
            rows = [{"s": s, "p": p, "o": o} for s, p, o in sorted(keys)]
            answer = self.store.query_strings(_values_query("link-statements", rows))
            for s, p, o, statement in answer.rows:
                statements.setdefault((s, p, o), []).append(statement)
        for s, p, o in sorted(keys):
            G.add_edge(
                s,
                o,
                key=f"{p}|",
                predicate=p,
                label=local_name(p),
                evidence=sorted(statements.get((s, p, o), ())),
            )
        return G


def evidence(store: Any, nodes: Iterable[str]) -> dict[str, tuple[Passage, ...]]:
    """The source passages of each stored statement (or gap) in ``nodes`` (query ``hop-evidence``)."""
    spec = catalog()["hop-evidence"]
    out: dict[str, tuple[Passage, ...]] = {}
    for node in dict.fromkeys(nodes):
        rows = run(spec, store, {"statement": node}).dicts()
        seen = {
            Passage(
                file=str(r["file"]),
                line_start=int(r["lineStart"]),  # type: ignore[arg-type]
                line_end=int(r["lineEnd"]),  # type: ignore[arg-type]
                report=str(r["report"]),
                sha256=None if r.get("sha256") is None else str(r["sha256"]),
            )
            for r in rows
        }
        out[node] = tuple(sorted(seen, key=lambda p: (p.file, p.line_start, p.line_end)))
    return out


def _with_passages(store: Any, chains: Sequence[Chain]) -> list[Chain]:
    from dataclasses import replace

    found = evidence(
        store, (e for c in chains for h in c.hops for lk in h.links for e in lk.evidence)
    )

    def fill(link: Link) -> Link:
        passages = {p for e in link.evidence for p in found.get(e, ())}
        return replace(
            link, passages=tuple(sorted(passages, key=lambda p: (p.file, p.line_start, p.line_end)))
        )

    return [
        replace(c, hops=tuple(replace(h, links=tuple(fill(lk) for lk in h.links)) for h in c.hops))
        for c in chains
    ]


# ---------------------------------------------------------------------------- neighbourhood


def neighbourhood(G: nx.MultiGraph, node: str, depth: int = 1) -> nx.MultiGraph:
    """The part of ``G`` within ``depth`` links of ``node`` (links taken both ways).

    A copy of the same kind as ``G`` with every link among those nodes; each node has a
    ``distance`` attribute (0 for ``node``).
    """
    nx = _import_networkx()
    _check_node(G, node)
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    dist = nx.single_source_shortest_path_length(U, node, cutoff=depth)
    sub = G.subgraph(dist).copy()
    for v, d in dist.items():
        sub.nodes[v]["distance"] = d
    sub.graph.update(G.graph, centre=node, depth=depth)
    return sub


# ---------------------------------------------------------------------------- write back

_OWNED = {
    Centrality: ({_BETWEENNESS, _DEGREE}, (ID + "analysis/centrality",)),
    Communities: ({_COMMUNITY}, (ID + "analysis/communities", ID + "community/")),
}


def write_back(
    store: Any,
    results: Centrality | Communities | Iterable[Centrality | Communities],
    *,
    keep: bool = False,
) -> int:
    """Write ``results`` as triples into ``id:graph/analytics``, replacing the graph as a whole.

    ``?node hmic:betweenness "0.12"^^xsd:decimal ; hmic:degree 7 ; hmic:community
    id:community/3``, each community ``a hmic:Community`` with a label, and a ``prov:Activity``
    saying what was computed. With ``keep``, results of the other kind already in the graph stay
    (writing centrality keeps the communities); the graph is still replaced in one transaction.
    Returns the number of triples the graph holds. Writing the same results twice gives the same
    graph.
    """
    items = [results] if isinstance(results, (Centrality, Communities)) else list(results)
    triples: list[tuple[Any, Any, Any]] = []
    for item in items:
        if not isinstance(item, (Centrality, Communities)):
            raise TypeError(
                f"cannot write {type(item).__name__} back; give Centrality or Communities"
            )
        triples.extend(item.triples())
    if keep:
        predicates: set[URIRef] = set()
        prefixes: tuple[str, ...] = ()
        for kind in {type(i) for i in items}:
            preds, subjects = _OWNED[kind]
            predicates |= preds
            prefixes += subjects
        triples.extend(
            t
            for t in store.triples(ANALYTICS_GRAPH)
            if t[1] not in predicates and not str(t[0]).startswith(prefixes)
        )
    unique = list(dict.fromkeys(triples))
    return int(store.replace_graph(ANALYTICS_GRAPH, unique))
