"""How OxigraphStore turns the engine's answers into results: repeats dropped, the collector
paused while large answers are built, and both left as they were found."""

from __future__ import annotations

import gc
import threading

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import URIRef

from graph_store import open_store
from graph_store._gc import gc_paused
from graph_store.oxigraph import _distinct

EX = "https://example.org/"


def triple(i: int) -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i % 7)))


@given(st.lists(st.integers(0, 20), max_size=40))
def test_distinct_is_dict_fromkeys(numbers):
    triples = [triple(n) for n in numbers]
    assert _distinct(triples) == list(dict.fromkeys(triples))


def test_distinct_keeps_a_list_without_repeats_as_it_is():
    triples = [triple(n) for n in range(50)]
    assert _distinct(triples) is triples


@pytest.mark.parametrize("enabled", [True, False])
def testgc_paused_restores_the_collector_as_found(enabled):
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with gc_paused:
            assert not gc.isenabled()
            with gc_paused:
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), gc_paused:
            raise RuntimeError("boom")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def testgc_paused_across_threads_is_on_again_when_the_last_leaves():
    assert gc.isenabled()
    inside, leave = threading.Barrier(2), threading.Event()

    def hold() -> None:
        with gc_paused:
            inside.wait()
            leave.wait()

    t = threading.Thread(target=hold)
    t.start()
    with gc_paused:
        inside.wait()
    assert not gc.isenabled()  # the other thread is still inside
    leave.set()
    t.join()
    assert gc.isenabled()


def test_construct_answers_each_triple_once_and_the_collector_stays_on():
    store = open_store("oxigraph:")
    g = URIRef(f"{EX}graph")
    store.replace_graph(
        g, [(URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), URIRef(f"{EX}o")) for i in range(5)]
    )
    # every solution makes the same triple
    answer = store.query("CONSTRUCT { <urn:a> <urn:b> ?o } WHERE { ?s ?p ?o }")
    assert len(answer.triples) == 1
    rows = store.query_strings("CONSTRUCT { <urn:a> <urn:b> ?o } WHERE { ?s ?p ?o }").rows
    assert rows == [("urn:a", "urn:b", f"{EX}o")]
    assert gc.isenabled()


def test_a_query_asked_again_sees_the_graphs_as_they_are_now():
    """What the store hands the engine is kept per query and values, but not the list of
    graphs a ``GRAPH ?g`` query may see: asked again, it sees a graph written in between, and
    no more a dropped one; a query naming its graph reads that graph as it is now."""
    store = open_store("oxigraph:")
    p = URIRef(f"{EX}p")
    a, b = URIRef(f"{EX}a"), URIRef(f"{EX}b")
    store.replace_graph(a, [(URIRef(f"{EX}s"), p, URIRef(f"{EX}o"))])
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    bound = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = f"SELECT ?s WHERE {{ GRAPH <{b}> {{ ?s ?p ?o }} }}"
    s = {"s": URIRef(f"{EX}s")}
    for _ in range(2):  # the second time from what was kept
        assert store.query(graphs).rows == [(a,)]
        assert store.query(bound, bindings=s).rows == [(a,)]
        assert store.query(named).rows == []
    store.replace_graph(b, [(URIRef(f"{EX}s"), p, URIRef(f"{EX}o2"))])
    assert sorted(store.query(graphs).rows) == [(a,), (b,)]
    assert sorted(store.query(bound, bindings=s).rows) == [(a,), (b,)]
    assert store.query(named).rows == [(URIRef(f"{EX}s"),)]
    store.drop_graph(a)
    assert store.query(graphs).rows == [(b,)]
    assert store.query(bound, bindings=s).rows == [(b,)]


def test_answers_asked_again_are_their_own():
    """An answer's variables and rows are its own: changing one answer changes no other, and
    the same query with other values or another view is not answered from what was kept."""
    store = open_store("oxigraph:")
    g = URIRef(f"{EX}graph")
    store.replace_graph(
        g, [(URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), URIRef(f"{EX}o")) for i in range(3)]
    )
    text = "SELECT ?s ?o WHERE { ?s ?p ?o }"
    first = store.query(text, bindings={"s": URIRef(f"{EX}s1")})
    first.variables.append("changed")
    first.rows.clear()
    again = store.query(text, bindings={"s": URIRef(f"{EX}s1")})
    assert again.variables == ["s", "o"]
    assert again.rows == [(URIRef(f"{EX}s1"), URIRef(f"{EX}o"))]
    assert store.query(text, bindings={"s": URIRef(f"{EX}s2")}).rows == [
        (URIRef(f"{EX}s2"), URIRef(f"{EX}o"))
    ]
    assert store.query(text, union_default_graph=False).rows == []  # the default graph is empty
    assert len(store.query(text).rows) == 3


def test_long_query_texts_are_not_kept():
    """A text made for one run (a derivation's VALUES block of thousands of terms) is not
    kept with its plan: keeping it would only hold it in memory."""
    from graph_store.oxigraph import _PLAN_TEXT

    store = open_store("oxigraph:")
    store.replace_graph(URIRef(f"{EX}g"), [(URIRef(f"{EX}s"), URIRef(f"{EX}p"), URIRef(f"{EX}o"))])
    short = "SELECT ?s WHERE { ?s ?p ?o }"
    long = short + "\n#" + "x" * _PLAN_TEXT
    assert store.query(short).rows == store.query(long).rows == [(URIRef(f"{EX}s"),)]
    kept = [text for text, _ in store._plans.values()]
    assert kept == [short]
    assert list(store._variables) == [short]
