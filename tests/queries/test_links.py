"""The link index: the links of the entity graph, derived in full or after a few writes to the
same graph, and read by `entity-links` and the path search as the statements would give them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as hs
from rdflib import RDF, Literal, URIRef

from graph_store import open_store
from graph_store._sparql import inject_values
from hmickg.pipeline import derive, ingest_many
from queries import analytics, catalog, run
from queries.gaps import invalidate_gaps
from queries.links import (
    LINKS_GRAPH,
    PROV_INVALIDATED,
    derive_links,
    graph_links,
    invalidate_links,
    links_current,
    recorded_predicates,
)
from queries.projections import to_networkx

ID = "https://w3id.org/hmickg/id/"
HMIC = "https://w3id.org/hmickg/def#"


def _links(store) -> set[tuple[object, ...]]:
    return {t for t in store.triples(LINKS_GRAPH) if t[1] != PROV_INVALIDATED}


def _full(store) -> set[tuple[object, ...]]:
    derive_links(store)
    return _links(store)


def test_index_holds_every_link_of_the_entity_graph_once(loaded_store):
    G = to_networkx(loaded_store, "entities")
    projected = {(str(s), d["predicate"], str(o)) for s, o, d in G.edges(data=True)}
    index = {tuple(map(str, t)) for t in _links(loaded_store)}
    assert index == projected
    assert len(index) > 100
    assert links_current(loaded_store)


def test_entity_links_reads_what_the_statements_give(loaded_store):
    G = to_networkx(loaded_store, "entities")
    nodes = sorted(G.nodes, key=lambda n: (-G.degree(n), n))[:15] + sorted(G.nodes)[::40]
    fast, slow = catalog()["entity-links"], catalog()["entity-links-from-statements"]
    for node in nodes:
        a = sorted(run(fast, loaded_store, {"entity": node}).rows)
        b = sorted(run(slow, loaded_store, {"entity": node}).rows)
        assert a == b, node
        assert a, node


def test_path_search_without_a_current_index_finds_the_same_chains(report_paths, monkeypatch):
    soca, leics = f"{ID}agency/soca", f"{ID}force/leicestershire"
    queries_asked: list[str] = []
    real = analytics._entities_query
    monkeypatch.setattr(
        analytics,
        "_entities_query",
        lambda name, nodes: (queries_asked.append(name), real(name, nodes))[1],
    )
    with open_store("oxigraph:") as store:
        ingest_many(store, list(report_paths.values()))
        indexed = analytics.find_paths(store, leics, soca)
        invalidate_links(store)  # as a run cut short between its writes and derivation
        assert not links_current(store)
        unindexed = analytics.find_paths(store, leics, soca)
        store.drop_graph(LINKS_GRAPH)  # as a store loaded by other means than the ingest
        assert not links_current(store)
        assert analytics.find_paths(store, leics, soca) == indexed == unindexed
        assert "entity-links" in queries_asked and "entity-links-from-statements" in queries_asked
        assert len(indexed) == 3


def _recorded(st: URIRef, s: URIRef, p: URIRef, o: URIRef) -> list[tuple[URIRef, URIRef, URIRef]]:
    """The statement ``st`` recording ``s p o`` (reified, as a report records a link)."""
    return [
        (st, RDF.type, RDF.Statement),
        (st, RDF.subject, s),
        (st, RDF.predicate, p),
        (st, RDF.object, o),
    ]


def _hand_made(store, graph: str, triples) -> URIRef:
    g = URIRef(f"{ID}graph/test-{graph}")
    store.replace_graph(g, triples)
    return g


def test_a_link_asserted_in_one_graph_and_recorded_in_another(full_links):
    """The statement in graph A, the triple it records in graph B: a link while both are there,
    whichever is written last; gone with either, though the index itself asserts the triple."""
    s, p, o = URIRef(f"{ID}force/x"), URIRef(f"{HMIC}memberOfRegion"), URIRef(f"{ID}region/y")
    st = URIRef(f"{ID}statement/1")
    recorded = _recorded(st, s, p, o)
    other = (s, URIRef(f"{HMIC}note"), Literal("not a link"))
    seed = (URIRef(f"{ID}force/z"), p, o)  # a link of its own, so that the index exists
    seeded = [*_recorded(URIRef(f"{ID}statement/0"), *seed), seed]
    content = {"a": recorded, "b": [(s, p, o), other]}
    for first, second in [("a", "b"), ("b", "a")]:
        with open_store("oxigraph:") as store:
            _hand_made(store, "seed", seeded)
            g1 = _hand_made(store, first, content[first])
            assert derive_links(store) == 1 and _links(store) == {seed}
            invalidate_links(store)
            g2 = _hand_made(store, second, content[second])
            assert graph_links(store, g2) == {(s, p, o)}
            derive_links(store, {g2: frozenset()})
            assert _links(store) == {seed, (s, p, o)} and links_current(store)
            # the first graph goes: its links are read before, and the link goes with it
            invalidate_links(store)
            before = graph_links(store, g1)
            assert before == {(s, p, o)}
            store.drop_graph(g1)
            derive_links(store, {g1: before})
            assert _links(store) == {seed} and links_current(store)
            assert full_links == [1]
            assert _links(store) == _full(store)
            full_links.clear()


def test_a_full_derivation_writes_only_what_changed(report_paths):
    s, p, o = URIRef(f"{ID}force/x"), URIRef(f"{HMIC}memberOfRegion"), URIRef(f"{ID}region/y")
    st = URIRef(f"{ID}statement/1")
    with open_store("oxigraph:") as store:
        ingest_many(store, list(report_paths.values()))
        links = _links(store)
        writes: list[object] = []
        real = store.change_graph
        store.change_graph = lambda *a: (writes.append(a), real(*a))[1]
        assert derive_links(store) == len(links) and writes == []
        # a link recorded in one graph and asserted in another; the asserting graph goes, and
        # a full derivation takes the link away though the index itself asserts it
        _hand_made(store, "a", _recorded(st, s, p, o))
        b = _hand_made(store, "b", [(s, p, o)])
        derive_links(store)
        assert _links(store) == links | {(s, p, o)} and len(writes) == 1
        store.drop_graph(b)
        derive_links(store)
        assert _links(store) == links and len(writes) == 2


def test_a_run_cut_short_gets_a_full_derivation(reports, full_links):
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["real-2008"]])
        invalidate_links(store)  # a run that wrote and stopped before its derivation
        invalidate_gaps(store)
        assert not links_current(store)
        ingest_many(store, [reports["gen-1"]])  # two marks now: derived in full
        assert full_links == [1, 1]
        assert links_current(store)
        assert _links(store) == _full(store)
        # told of no changes: nothing to do but take the mark away
        invalidate_links(store)
        assert derive_links(store, {}) == len(_links(store)) and links_current(store)


def test_derive_reports_both_derived_graphs(loaded_store):
    sizes = derive(loaded_store)
    assert set(sizes) == {"gaps", "links"}
    assert sizes["links"] == len(_links(loaded_store))


@pytest.mark.parametrize("n", [1, 3])
def test_held_checks_many_links_at_once(loaded_store, n, monkeypatch):
    import queries.links

    monkeypatch.setattr(queries.links, "CHECK_BATCH", n)
    links = sorted(_links(loaded_store))[:7]
    made_up = [(s, p, URIRef(f"{ID}agency/nowhere")) for s, p, _ in links[:2]]
    assert queries.links._held(loaded_store, links + made_up) == set(links)


@pytest.mark.parametrize("url", ["oxigraph:", "memory:"])
def test_held_is_the_catalogue_test_of_each_triple(url):
    """`_held` (both ends' statements read once, joined) answers what `entity-links-held`
    answers of each triple alone, where statements and assertions disagree in every way."""
    import queries.links

    e = {name: URIRef(f"{ID}test/{name}") for name in ("a", "b", "c", "d", "x", "y")}
    p, q = URIRef(f"{HMIC}involves"), URIRef(f"{HMIC}party")
    asserted = [
        (e["a"], p, e["x"]),
        (e["b"], p, e["y"]),
        (e["a"], p, e["y"]),
        (e["c"], p, e["x"]),
        (e["d"], q, e["x"]),
    ]
    recorded = {  # statement: (s, p, o, typed)
        "s1": (e["a"], p, e["x"], True),  # asserted and recorded: a link
        "s2": (e["b"], p, e["y"], True),  # the same
        "s3": (e["c"], p, e["x"], False),  # recorded by a node not typed rdf:Statement
        "s4": (e["d"], p, e["x"], True),  # records another predicate than the one asserted
        "s5": (e["b"], p, e["x"], True),  # recorded, asserted nowhere
    }  # (a p y) is asserted and pairs a recorded subject with a recorded object: not a link
    statements = []
    for name, (s, pred, o, typed) in recorded.items():
        st = URIRef(f"{ID}test/statement/{name}")
        statements += [(st, RDF.subject, s), (st, RDF.predicate, pred), (st, RDF.object, o)]
        if typed:
            statements.append((st, RDF.type, RDF.Statement))
    asked = [*asserted, (e["b"], p, e["x"]), (e["c"], q, e["y"])]
    with open_store(url) as store:
        store.replace_graph(URIRef(f"{ID}graph/report/one"), asserted[:3])
        store.replace_graph(URIRef(f"{ID}graph/report/two"), [*asserted[3:], *statements])
        one_by_one = {
            t
            for t in asked
            if run(
                catalog()["entity-links-held"],
                store,
                {"s": str(t[0]), "p": str(t[1]), "o": str(t[2])},
            ).rows
        }
        assert one_by_one == {asserted[0], asserted[1]}
        assert queries.links._held(store, asked) == one_by_one
        # either end gives the same links: the batch check may read any of them
        for var, name, position in (
            ("s", "entity-links-from-subjects", 0),
            ("o", "entity-links-to-objects", 2),
        ):
            ends = sorted({t[position] for t in asked})
            text = inject_values(catalog()[name].text, *({var: x} for x in ends))
            assert set(store.query(text).rows) & set(asked) == one_by_one, name


@given(
    hs.sets(hs.tuples(hs.integers(0, 6), hs.integers(0, 6)), max_size=25),
    hs.dictionaries(hs.integers(0, 6), hs.integers(1, 900)),
    hs.dictionaries(hs.integers(0, 6), hs.integers(1, 900)),
)
def test_cheapest_ends_cover_every_triple_that_can_be_a_link(pairs, subjects, objects):
    from queries.links import _cheapest_ends

    p = URIRef(f"{HMIC}involves")
    s_node = {i: URIRef(f"{ID}test/s{i}") for i in range(7)}
    o_node = {i: URIRef(f"{ID}test/o{i}") for i in range(7)}
    triples = {(s_node[a], p, o_node[b]) for a, b in pairs}
    counts_s = {s_node[i]: n for i, n in subjects.items()}
    counts_o = {o_node[i]: n for i, n in objects.items()}
    ends = _cheapest_ends(triples, counts_s, counts_o)
    for s, _, o in triples:
        if s in counts_s and o in counts_o:
            assert s in ends["s"] or o in ends["o"]
    # only ends that some statement names, and each needed by a triple
    assert ends["s"] <= set(counts_s) and ends["o"] <= set(counts_o)
    assert all(any(t[0] == s and t[2] in counts_o for t in triples) for s in ends["s"])


def test_cheapest_ends_read_a_hub_once_rather_than_every_triple_at_it():
    from queries.links import _cheapest_ends

    p = URIRef(f"{HMIC}involves")
    hub = URIRef(f"{ID}force/lancashire")
    ops = [URIRef(f"{ID}operation/op{i}") for i in range(261)]
    triples = {(op, p, hub) for op in ops}
    assert _cheapest_ends(triples, dict.fromkeys(ops, 18), {hub: 791}) == {"s": set(), "o": {hub}}
    # one triple at the hub: its subject is cheaper
    assert _cheapest_ends({(ops[0], p, hub)}, {ops[0]: 18}, {hub: 791}) == {
        "s": {ops[0]},
        "o": set(),
    }


def test_graph_links_of_a_report(loaded_store):
    g = URIRef(f"{ID}graph/report/leicestershire-2008-07-major-crime")
    mine = graph_links(loaded_store, g)
    assert mine and mine <= _links(loaded_store)
    by_predicate = {str(p).rsplit("#", 1)[-1] for _, p, _ in mine}
    assert {"involves", "party"} <= by_predicate, by_predicate
    assert graph_links(loaded_store, URIRef(f"{ID}graph/report/none")) == frozenset()


def test_predicates_a_graph_asserts_that_statements_record(loaded_store):
    everywhere = {
        p
        for (p,) in loaded_store.query(
            f"SELECT DISTINCT ?p WHERE {{ ?st <{RDF.predicate}> ?p FILTER (isIRI(?p)) }}"
        ).rows
    }
    assert len(everywhere) >= 5
    for graph in loaded_store.graphs():
        asserted = {t[1] for t in loaded_store.triples(graph)}
        assert recorded_predicates(loaded_store, graph) == sorted(everywhere & asserted)
    assert recorded_predicates(loaded_store, URIRef(f"{ID}graph/report/none")) == []
