"""The union default graph is a set: a triple held by several graphs is seen once.

SPARQL defines the union default graph as the RDF merge of the graphs. Oxigraph's own
``use_default_graph_as_union`` yields a triple once per graph holding it, which in this
knowledge graph (every report restates the entities it mentions) multiplied join results; the
Oxigraph backend therefore keeps the merge itself (``graph_store.oxigraph.UNION_GRAPH``). These
tests hold every backend to the set semantics, through replaces, drops and updates.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph_store import GraphStore, Triple, open_store
from graph_store.oxigraph import STATE_GRAPH, UNION_GRAPH

EX = "https://example.org/"
GRAPHS = [URIRef(f"{EX}graph/report-{i}") for i in range(3)]
P = URIRef(EX + "p")
SHARED: Triple = (URIRef(EX + "soca"), URIRef(EX + "label"), Literal("SOCA"))

UNIVERSE: list[Triple] = [SHARED] + [(URIRef(f"{EX}s{i % 3}"), P, Literal(i)) for i in range(6)]


@pytest.fixture
def store(backend: str, store_factory, request: pytest.FixtureRequest) -> GraphStore:
    if backend == "sparql":
        pytest.skip(
            "the endpoint backend uses the server's union-default-graph (one row per graph)"
        )
    opened = store_factory()
    request.addfinalizer(opened.close)
    return opened


def union_rows(store: GraphStore) -> list[tuple[object, ...]]:
    return sorted(store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows)


def test_a_triple_in_two_graphs_is_seen_once(store: GraphStore) -> None:
    store.replace_graph(GRAPHS[0], [SHARED, UNIVERSE[1]])
    store.replace_graph(GRAPHS[1], [SHARED, UNIVERSE[2]])
    assert union_rows(store) == sorted([SHARED, UNIVERSE[1], UNIVERSE[2]])
    joined = store.query(
        f"SELECT * WHERE {{ ?a <{EX}label> ?l . ?b <{EX}label> ?m . ?c <{EX}label> ?n }}"
    )
    assert len(joined.rows) == 1


def test_a_shared_triple_stays_until_the_last_graph_holding_it_goes(store: GraphStore) -> None:
    store.replace_graph(GRAPHS[0], [SHARED, UNIVERSE[1]])
    store.replace_graph(GRAPHS[1], [SHARED])
    store.replace_graph(GRAPHS[0], [UNIVERSE[1]])  # G0 no longer says it; G1 still does
    assert SHARED in union_rows(store)
    store.drop_graph(GRAPHS[1])
    assert union_rows(store) == [UNIVERSE[1]]
    store.replace_graph(GRAPHS[0], [])
    assert union_rows(store) == []


def test_the_default_graph_is_part_of_the_union(store: GraphStore) -> None:
    store.replace_graph(GRAPHS[0], [SHARED])
    s, p, o = SHARED
    store.update(f'INSERT DATA {{ <{s}> <{p}> "{o}" . <{EX}met> <{p}> "Met" }}')
    assert union_rows(store) == sorted([SHARED, (URIRef(EX + "met"), p, Literal("Met"))])
    store.drop_graph(GRAPHS[0])  # the default graph still holds SHARED
    assert SHARED in union_rows(store)


def test_graph_patterns_naming_their_graphs(store: GraphStore) -> None:
    """A GRAPH with an IRI reads that graph (and only named graphs hmickg keeps: not its own
    union or state graphs), alone or beside a GRAPH ?g, however it is written."""
    store.replace_graph(GRAPHS[0], [SHARED, UNIVERSE[1]])
    store.replace_graph(GRAPHS[1], [UNIVERSE[2]])

    def ask(q: str) -> list[tuple[object, ...]]:
        return sorted(store.query(q).rows)

    g0, g1 = (f"<{g}>" for g in GRAPHS[:2])
    assert ask(f"SELECT ?s WHERE {{ GRAPH {g0} {{ ?s ?p ?o }} }}") == sorted(
        [(SHARED[0],), (UNIVERSE[1][0],)]
    )
    assert ask(f"SELECT ?s WHERE {{ graph\n{g1} {{ ?s ?p ?o }} }}") == [(UNIVERSE[2][0],)]
    for own in (UNION_GRAPH, STATE_GRAPH):
        assert ask(f"SELECT ?s WHERE {{ GRAPH <{own}> {{ ?s ?p ?o }} }}") == []
    both = ask(f"SELECT ?g ?o WHERE {{ GRAPH {g1} {{ ?x ?p ?o }} GRAPH ?g {{ ?s ?q ?o2 }} }}")
    assert {row[0] for row in both} == set(GRAPHS[:2])
    assert ask(
        f"PREFIX ex: <{EX}graph/> SELECT ?s WHERE {{ GRAPH ex:report-0 {{ ?s ?p ?o }} }}"
    ) == sorted([(SHARED[0],), (UNIVERSE[1][0],)])
    # a GRAPH written in a string or a comment names no graph
    assert ask(f'SELECT ?s WHERE {{ ?s ?p "GRAPH {g1}" }} # GRAPH {g0}') == []


def test_graph_patterns_do_not_see_the_stores_own_graphs(store: GraphStore) -> None:
    store.replace_graph(GRAPHS[0], [SHARED])
    store.replace_graph(GRAPHS[1], [SHARED])
    rows = store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert sorted(rows) == [(GRAPHS[0],), (GRAPHS[1],)]
    assert store.graphs() == GRAPHS[:2]
    assert store.count() == 2


operations = st.lists(
    st.tuples(
        st.sampled_from(GRAPHS),
        st.none() | st.sets(st.sampled_from(UNIVERSE)),  # None: drop the graph
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_the_union_is_the_set_union_of_the_graphs(store: GraphStore, ops) -> None:
    for g in GRAPHS:
        store.drop_graph(g)
    for graph, triples in ops:
        if triples is None:
            store.drop_graph(graph)
        else:
            store.replace_graph(graph, sorted(triples))
    expected = set().union(*(set(store.triples(g)) for g in store.graphs()))
    rows = union_rows(store)
    assert len(rows) == len(set(rows)), "a triple seen more than once"
    assert set(rows) == expected


# ----------------------------------------------------------------- Oxigraph: the union's upkeep


def test_the_reserved_graphs_cannot_be_written() -> None:
    with open_store("oxigraph:") as store:
        for g in (UNION_GRAPH, STATE_GRAPH):
            with pytest.raises(ValueError, match="reserved"):
                store.replace_graph(g, [SHARED])
            with pytest.raises(ValueError, match="reserved"):
                store.drop_graph(g)
        store.replace_graph(URIRef(GRAPHS[0]), [SHARED])  # (the union and state graphs exist)
        assert not any(store.has_graph(URIRef(g)) for g in (UNION_GRAPH, STATE_GRAPH))


def test_a_store_written_without_a_union_gets_one_when_opened(tmp_path: Path) -> None:
    raw = ox.Store(str(tmp_path / "store"))
    for i, g in enumerate(GRAPHS[:2]):
        raw.add(
            ox.Quad(
                ox.NamedNode(SHARED[0]),
                ox.NamedNode(SHARED[1]),
                ox.Literal("SOCA"),
                ox.NamedNode(g),
            )
        )
        raw.add(
            ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(P), ox.Literal(str(i)), ox.NamedNode(g))
        )
    raw.flush()
    del raw
    with open_store(f"oxigraph:{tmp_path / 'store'}") as store:
        assert len(union_rows(store)) == 3
        assert store.count() == 4


def test_a_union_copy_cut_short_is_finished_when_the_store_is_next_opened(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        store.replace_graph(GRAPHS[0], [SHARED])
    # What a crash between the graph's load and its copy into the union leaves behind.
    raw = ox.Store(str(folder))
    g = ox.NamedNode(GRAPHS[1])
    raw.add(
        ox.Quad(
            ox.NamedNode(UNION_GRAPH),
            ox.NamedNode("https://w3id.org/hmickg/def/store#pendingUnionCopy"),
            g,
            ox.NamedNode(STATE_GRAPH),
        )
    )
    raw.add(ox.Quad(ox.NamedNode(f"{EX}new"), ox.NamedNode(P), ox.Literal("late"), g))
    raw.flush()
    del raw
    with open_store(f"oxigraph:{folder}") as store:
        assert union_rows(store) == sorted([SHARED, (URIRef(f"{EX}new"), P, Literal("late"))])
        assert store.count() == 2


def test_a_union_rebuild_cut_short_starts_again_when_the_store_is_next_opened(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        store.replace_graph(GRAPHS[0], [SHARED, UNIVERSE[1]])
    raw = ox.Store(str(folder))
    union = ox.NamedNode(UNION_GRAPH)
    raw.add(
        ox.Quad(
            union,
            ox.NamedNode("https://w3id.org/hmickg/def/store#pendingUnionCopy"),
            union,
            ox.NamedNode(STATE_GRAPH),
        )
    )
    raw.remove(ox.Quad(ox.NamedNode(SHARED[0]), ox.NamedNode(SHARED[1]), ox.Literal("SOCA"), union))
    raw.flush()
    del raw
    with open_store(f"oxigraph:{folder}") as store:
        assert union_rows(store) == sorted([SHARED, UNIVERSE[1]])


def test_ntriples_text_that_is_not_cannot_smuggle_in_an_update() -> None:
    from graph_store import StoreError, ntriples

    with open_store("oxigraph:") as store:
        store.replace_graph(GRAPHS[0], [SHARED])
        store.replace_graph(GRAPHS[1], [UNIVERSE[1]])
        evil = f"<{EX}a> <{EX}b> <{EX}c> . }} }} ; DROP ALL ; INSERT DATA {{ GRAPH <{EX}x> {{ <{EX}a> <{EX}b> <{EX}c> ."
        with pytest.raises(StoreError, match="nothing was changed"):
            store.replace_graph_ntriples(GRAPHS[0], evil, 1)
        with pytest.raises(StoreError):
            store.replace_graph_ntriples(GRAPHS[2], evil, 1)  # a new graph: the loader refuses it
        assert store.graphs() == GRAPHS[:2]
        text, n = ntriples([UNIVERSE[2]])
        assert store.replace_graph_ntriples(GRAPHS[0], text, n) == 1
        assert union_rows(store) == sorted([UNIVERSE[1], UNIVERSE[2]])


def test_ntriples_text_cannot_leave_its_block_in_a_batch() -> None:
    """A batch goes to the bulk loader as one TriG document, a block per graph: text that is
    not N-Triples could otherwise close its block and write into another graph."""
    from graph_store import StoreError, ntriples

    with open_store("oxigraph:") as store:
        store.replace_graph(GRAPHS[0], [SHARED])
        evil = f"<{EX}a> <{EX}b> <{EX}c> . }}\n<{STATE_GRAPH}> {{ <{EX}a> <{EX}b> <{EX}c> .\n"
        with pytest.raises(StoreError, match="nothing was changed"):
            store.add_graphs_ntriples([(GRAPHS[1], *ntriples([UNIVERSE[1]])), (GRAPHS[2], evil, 2)])
        assert store.graphs() == GRAPHS[:1]
        assert union_rows(store) == [SHARED]
        raw = store.store  # the state graph holds no stray quads
        assert not list(raw.quads_for_pattern(ox.NamedNode(f"{EX}a"), None, None, None))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), min_size=1, max_size=4))
def test_a_batch_holds_exactly_its_triples_whatever_the_literals(texts: list[list[str]]) -> None:
    """Literals holding braces, dots, line ends or IRIs do not move triples between blocks."""
    from graph_store import ntriples

    graphs = [URIRef(f"{EX}graph/batch-{i}") for i in range(len(texts))]
    wanted = {
        g: {(URIRef(f"{EX}s{j}"), P, Literal(v + " . } <x> {\n")) for j, v in enumerate(values)}
        for g, values in zip(graphs, texts, strict=True)
    }
    with open_store("oxigraph:") as store:
        items = [(g, *ntriples(sorted(wanted[g]))) for g in graphs]
        assert store.add_graphs_ntriples(items, trusted=True) == [len(wanted[g]) for g in graphs]
        for g in graphs:
            assert set(store.triples(g)) == wanted[g]
        assert sorted(union_rows(store)) == sorted(set().union(*wanted.values()))


def test_a_batch_graph_with_blank_nodes_keeps_them_the_same_nodes_in_the_union() -> None:
    """Two graphs of a batch may use the same blank node label: they are two nodes (a graph
    with blank nodes is written on its own), and the union holds the graph's nodes."""
    with open_store("oxigraph:") as store:
        text = f'_:b0 <{P}> "x" .\n_:b0 <{EX}q> <{EX}o> .\n'
        assert store.add_graphs_ntriples([(GRAPHS[0], text, 2), (GRAPHS[1], text, 2)]) == [2, 2]
        rows = store.query(f'SELECT ?b WHERE {{ ?b <{P}> "x" ; <{EX}q> <{EX}o> }}').rows
        assert len(rows) == 2  # one node per graph, each joined with its own triple


def test_only_additions_to_a_graph_are_loaded_and_copied_into_the_union() -> None:
    with open_store("oxigraph:") as store:
        store.replace_graph(GRAPHS[1], [UNIVERSE[1]])
        assert store.change_graph(GRAPHS[0], [], [SHARED, UNIVERSE[1]]) == (0, 2)
        assert store.change_graph(GRAPHS[0], [], [UNIVERSE[2]]) == (0, 1)  # to an existing graph
        assert set(store.triples(GRAPHS[0])) == {SHARED, UNIVERSE[1], UNIVERSE[2]}
        assert union_rows(store) == sorted([SHARED, UNIVERSE[1], UNIVERSE[2]])
        assert store.change_graph(GRAPHS[0], [UNIVERSE[1], SHARED], [UNIVERSE[3]]) == (2, 1)
        assert union_rows(store) == sorted([UNIVERSE[1], UNIVERSE[2], UNIVERSE[3]])


def test_graphs_added_in_a_batch_new_existing_and_repeated() -> None:
    from graph_store import ntriples

    with open_store("oxigraph:") as store:
        store.replace_graph(GRAPHS[0], [SHARED, UNIVERSE[1]])
        items = [
            (GRAPHS[1], *ntriples([SHARED, UNIVERSE[2]])),  # new
            (GRAPHS[0], *ntriples([UNIVERSE[3]])),  # exists: replaced in a transaction
            (GRAPHS[2], *ntriples([UNIVERSE[4]])),  # new
            (GRAPHS[2], *ntriples([UNIVERSE[5]])),  # the same graph again: replaces the first
        ]
        assert store.add_graphs_ntriples(items) == [2, 1, 1, 1]
        assert set(store.triples(GRAPHS[0])) == {UNIVERSE[3]}
        assert set(store.triples(GRAPHS[1])) == {SHARED, UNIVERSE[2]}
        assert set(store.triples(GRAPHS[2])) == {UNIVERSE[5]}
        assert union_rows(store) == sorted([SHARED, UNIVERSE[2], UNIVERSE[3], UNIVERSE[5]])
        assert store.graphs() == GRAPHS


def test_a_batch_load_cut_short_is_undone_when_the_store_is_next_opened(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(f"oxigraph:{folder}") as store:
        store.replace_graph(GRAPHS[0], [SHARED])
    # What a crash in the middle of add_graphs_ntriples leaves: a listed, partial new graph
    # whose triples are partly in the union.
    raw = ox.Store(str(folder))
    g, union = ox.NamedNode(GRAPHS[1]), ox.NamedNode(UNION_GRAPH)
    loading = ox.NamedNode("https://w3id.org/hmickg/def/store#bulkLoading")
    raw.add(ox.Quad(union, loading, g, ox.NamedNode(STATE_GRAPH)))
    raw.add(ox.Quad(ox.NamedNode(f"{EX}half"), ox.NamedNode(P), ox.Literal("written"), g))
    raw.add(ox.Quad(ox.NamedNode(f"{EX}half"), ox.NamedNode(P), ox.Literal("written"), union))
    raw.flush()
    del raw
    with open_store(f"oxigraph:{folder}") as store:
        assert store.graphs() == [GRAPHS[0]]
        assert union_rows(store) == [SHARED]
        assert store.count() == 1


def test_a_batch_with_bad_text_changes_nothing() -> None:
    from graph_store import StoreError, ntriples

    with open_store("oxigraph:") as store:
        store.replace_graph(GRAPHS[0], [SHARED])
        good = (GRAPHS[1], *ntriples([UNIVERSE[1]]))
        with pytest.raises(StoreError, match="nothing was changed"):
            store.add_graphs_ntriples([good, (GRAPHS[2], "<not n-triples\n", 1)])
        assert store.graphs() == [GRAPHS[0]]
        assert union_rows(store) == [SHARED]


def test_replacing_by_differences_keeps_values_stored_in_another_lexical_form(
    store: GraphStore,
) -> None:
    odd = (URIRef(EX + "x"), P, Literal("-3.50", datatype=XSD.decimal))
    store.replace_graph(GRAPHS[0], [odd, SHARED])
    store.replace_graph(GRAPHS[1], [SHARED])
    store.replace_graph(GRAPHS[0], [odd, UNIVERSE[1]])  # SHARED goes from G0, stays in G1
    values = {float(o) for _, p, o in store.triples(GRAPHS[0]) if p == P and isinstance(o, Literal)}
    assert -3.5 in values and store.count(GRAPHS[0]) == 2
    rows = union_rows(store)
    assert len(rows) == 3 and SHARED in rows and UNIVERSE[1] in rows
    store.replace_graph(GRAPHS[1], [UNIVERSE[1]])
    assert SHARED not in union_rows(store)


def _by_value(triples: set[Triple]) -> set[tuple[object, ...]]:
    return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in triples}


# Values the store keeps in another lexical form than the one written ("0.50" as "0.5").
ODD = [
    (URIRef(f"{EX}s{i}"), P, Literal(v, datatype=XSD.decimal))
    for i, v in enumerate(["0.50", "2.0", "-3.140", "7"])
]


@settings(max_examples=40, deadline=None)
@given(
    ops=st.lists(
        st.tuples(st.sampled_from(GRAPHS), st.sets(st.sampled_from(UNIVERSE + ODD))),
        min_size=1,
        max_size=8,
    )
)
def test_replacing_from_ntriples_writes_the_differences_only(ops) -> None:
    """A graph replaced from N-Triples text holds the text's triples, the union is the set union
    of the graphs, and nothing is written (``before_write`` not called) where the stored graph
    holds the same values already, however they were written."""
    from graph_store import ntriples

    with open_store("oxigraph:") as store:
        for graph, triples in ops:
            before = _by_value(set(store.triples(graph)))
            writes: list[URIRef] = []
            text, n = ntriples(sorted(triples))
            store.replace_graph_ntriples(
                graph, text, n, trusted=True, before_write=functools.partial(writes.append, graph)
            )
            assert _by_value(set(store.triples(graph))) == _by_value(triples)
            assert bool(writes) == (before != _by_value(triples)), (before, triples)
            expected = set().union(*(set(store.triples(g)) for g in store.graphs()))
            rows = union_rows(store)
            assert len(rows) == len(set(rows)) and set(rows) == expected
            assert (graph in store.graphs()) == bool(triples)


def test_variables_named_from_or_graph_do_not_change_the_dataset() -> None:
    with open_store("oxigraph:") as store:
        store.replace_graph(GRAPHS[0], [SHARED])
        store.replace_graph(GRAPHS[1], [SHARED])
        for text in (
            "SELECT ?from WHERE { ?from ?p ?o }",
            "SELECT ?graph WHERE { ?graph ?p ?o }",
            "SELECT $from WHERE { $from ?p ?o }",
        ):
            assert len(store.query(text).rows) == 1, text


@pytest.mark.parametrize(
    ("text", "graphs"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", ()),
        (f"SELECT * WHERE {{ GRAPH <{EX}g> {{ ?s ?p ?o }} }}", (f"{EX}g",)),
        (f"SELECT * WHERE {{ GRAPH\n <{EX}g> {{ ?s ?p ?o }} GRAPH <{EX}g> {{ }} }}", (f"{EX}g",)),
        (f"SELECT * WHERE {{ GRAPH <{EX}g> {{ }} GRAPH ?g {{ ?s ?p ?o }} }}", None),
        ("PREFIX ex: <urn:x:> SELECT * WHERE { GRAPH ex:g { ?s ?p ?o } }", None),
        ("SELECT * WHERE { GRAPH <g> { ?s ?p ?o } }", None),  # relative: resolved by BASE
        ('SELECT * WHERE { ?s ?p "GRAPH ?g" } # GRAPH ?g', ()),
    ],
)
def test_which_graphs_a_query_names(text: str, graphs: tuple[str, ...] | None) -> None:
    """Only the graphs a query names are handed to the engine; a GRAPH ?g means any."""
    from graph_store.oxigraph import _names_graphs

    assert _names_graphs(text) == (False, graphs)
