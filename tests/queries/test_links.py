"""The link index: the links of the entity graph, derived in full or after a few writes to the
same graph, and read by `entity-links` and the path search as the statements would give them."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Literal, URIRef

from graph_store import open_store
from hmickg.pipeline import derive, ingest_many
from queries import analytics, catalog, run
from queries.gaps import invalidate_gaps
from queries.links import (
    LINKS_GRAPH,
    PROV_INVALIDATED,
    derive_links,
    invalidate_links,
    links_current,
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


def test_path_search_without_a_current_index_finds_the_same_chains(report_paths):
    soca, leics = f"{ID}agency/soca", f"{ID}force/leicestershire"
    with open_store("oxigraph:") as store:
        ingest_many(store, list(report_paths.values()))
        queries_asked: list[str] = []
        real = analytics._entities_query

        def spy(name, nodes):
            queries_asked.append(name)
            return real(name, nodes)

        analytics._entities_query = spy
        try:
            indexed = analytics.find_paths(store, leics, soca)
            invalidate_links(store)  # as a run cut short between its writes and derivation
            assert not links_current(store)
            unindexed = analytics.find_paths(store, leics, soca)
            store.drop_graph(LINKS_GRAPH)  # as a store loaded by other means than the ingest
            assert not links_current(store)
            assert analytics.find_paths(store, leics, soca) == indexed == unindexed
        finally:
            analytics._entities_query = real
        assert "entity-links" in queries_asked and "entity-links-from-statements" in queries_asked
        assert len(indexed) == 3


def test_each_ingest_keeps_the_index_as_a_full_derivation_makes_it(reports):
    names = ["real-2008", "gen-0", "gen-1", "real-2007", "gen-2"]
    with open_store("oxigraph:") as once:
        ingest_many(once, [reports[n] for n in names])
        everything = _links(once)
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports[names[0]]])
        first = _links(store)
        ingest_many(store, [reports[n] for n in names[1:3]])
        ingest_many(store, [reports[n] for n in names[3:]])
        assert links_current(store)
        assert first < _links(store) == everything


def test_replacing_a_report_takes_away_the_links_only_it_stated(reports):
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["real-2008"], reports["real-2007"], reports["gen-0"]])
        before = _links(store)
        ingest_many(store, [reports["real-2007-fewer"], reports["gen-0-fewer"]])
        fewer = _links(store)
        assert fewer < before, "the bullets left out took links with them"
        ingest_many(store, [reports["real-2007"], reports["gen-0"]])
        assert _links(store) == before


def _hand_made(store, graph: str, triples) -> URIRef:
    g = URIRef(f"{ID}graph/test-{graph}")
    store.replace_graph(g, triples)
    return g


def test_a_link_asserted_in_one_graph_and_recorded_in_another():
    """The statement in graph A, the triple it records in graph B: a link while both are there;
    gone with either, though the index itself asserted the triple."""
    s, p, o = URIRef(f"{ID}force/x"), URIRef(f"{HMIC}memberOfRegion"), URIRef(f"{ID}region/y")
    st = URIRef(f"{ID}statement/1")
    recorded = [
        (st, RDF.type, RDF.Statement),
        (st, RDF.subject, s),
        (st, RDF.predicate, p),
        (st, RDF.object, o),
    ]
    other = (s, URIRef(f"{HMIC}note"), Literal("not a link"))
    for gone in ("a", "b"):
        with open_store("oxigraph:") as store:
            g = {"a": _hand_made(store, "a", recorded), "b": _hand_made(store, "b", [other])}
            assert derive_links(store) == 0 and LINKS_GRAPH not in store.graphs()
            assert not links_current(store)
            _hand_made(store, "b", [(s, p, o), other])
            assert derive_links(store) == 1
            assert _links(store) == {(s, p, o)} and links_current(store)
            store.drop_graph(g[gone])
            assert derive_links(store) == 0 and _links(store) == set()


def test_a_run_cut_short_leaves_the_index_marked(reports):
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["real-2008"]])
        assert links_current(store)
        invalidate_links(store)  # a run that wrote and stopped before its derivation
        invalidate_gaps(store)
        assert not links_current(store)
        ingest_many(store, [reports["gen-1"]])
        assert links_current(store)
        assert not [t for t in store.triples(LINKS_GRAPH) if t[1] == PROV_INVALIDATED]


def test_derive_reports_both_derived_graphs(loaded_store):
    sizes = derive(loaded_store)
    assert set(sizes) == {"gaps", "links"}
    assert sizes["links"] == len(_links(loaded_store))


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.lists(
            st.sampled_from(
                ["real-2008", "real-2007", "real-2007-fewer", "gen-0", "gen-0-fewer", "gen-3"]
            ),
            min_size=1,
            max_size=2,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_any_sequence_of_ingests_leaves_the_links_the_statements_give(reports, steps):
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["gen-1"]])
        for step in steps:
            ingest_many(store, [reports[n] for n in step])
            assert links_current(store)
            G = to_networkx(store, "entities")
            projected = {(str(s), d["predicate"], str(o)) for s, o, d in G.edges(data=True)}
            assert {tuple(map(str, t)) for t in _links(store)} == projected, steps
