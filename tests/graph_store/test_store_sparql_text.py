"""graph_store._sparql: binding variables with a VALUES block, never by formatting values."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef

from graph_store import _sparql

NAME = "https://example.org/name"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    data = ox.Store()
    data.update(
        f"""INSERT DATA {{
          <urn:kent> <{NAME}> "Kent" . <urn:kent> a <urn:Force> .
          <urn:avon> <{NAME}> "Avon {{ and }} Somerset" . <urn:avon> a <urn:Force> .
          <urn:emsou> <{NAME}> "EMSOU" . <urn:emsou> a <urn:Unit> .
        }}"""
    )
    return data


def run(store: ox.Store, query: str, **bindings: object) -> list[tuple[str, ...]]:
    text = _sparql.inject_values(query, bindings)  # type: ignore[arg-type]
    result = store.query(text)
    if isinstance(result, ox.QueryBoolean):
        return [(str(bool(result)),)]
    if isinstance(result, ox.QuerySolutions):
        return sorted(tuple(str(t) for t in row) for row in result)
    return sorted((str(t.subject), str(t.predicate), str(t.object)) for t in result)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"SELECT ?n WHERE {{ ?f <{NAME}> ?n }}", [('"Kent"',)]),
        (f"select ?n {{ ?f <{NAME}> ?n }}", [('"Kent"',)]),  # no WHERE keyword
        (f"SELECT ?n WHERE {{ SELECT ?f ?n WHERE {{ ?f <{NAME}> ?n }} }}", [('"Kent"',)]),
        (
            "SELECT (COUNT(*) AS ?c) WHERE { ?f ?p ?o }",
            [('"2"^^<http://www.w3.org/2001/XMLSchema#integer>',)],
        ),
        (f"ASK {{ ?f <{NAME}> 'Kent' }}", [("True",)]),
        (
            f"CONSTRUCT {{ ?f <urn:label> ?n }} WHERE {{ ?f <{NAME}> ?n }}",
            [("<urn:kent>", "<urn:label>", '"Kent"')],
        ),
        (f"CONSTRUCT WHERE {{ ?f <{NAME}> ?n }}", [("<urn:kent>", f"<{NAME}>", '"Kent"')]),
        (
            f"PREFIX select: <urn:select#>\n# a comment with {{ braces }} and SELECT\n"
            f"SELECT ?n WHERE {{ ?f <{NAME}> ?n FILTER(?n != '}} {{') }}",
            [('"Kent"',)],
        ),
        (
            f"SELECT ?n (EXISTS {{ ?f a <urn:Force> }} AS ?force) WHERE {{ ?f <{NAME}> ?n }}",
            [('"Kent"', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>')],
        ),
        ("DESCRIBE ?f", []),  # no group: the VALUES block is appended instead
    ],
    ids=[
        "select",
        "no-where",
        "sub-select",
        "aggregate",
        "ask",
        "construct",
        "construct-where",
        "braces-in-comments-and-strings",
        "exists-in-projection",
        "describe",
    ],
)
def test_values_bind_the_outer_group(
    store: ox.Store, query: str, expected: list[tuple[str, ...]]
) -> None:
    got = run(store, query, f=URIRef("urn:kent"))
    if query.startswith("DESCRIBE"):
        assert got  # it parsed and ran
    else:
        assert got == expected


def test_filters_see_bound_values(store: ox.Store) -> None:
    query = f"SELECT ?f WHERE {{ ?f <{NAME}> ?n FILTER(?n = ?wanted) }}"
    assert run(store, query, wanted=Literal("Avon { and } Somerset")) == [("<urn:avon>",)]


def test_no_bindings_leaves_the_query_alone() -> None:
    assert _sparql.inject_values("SELECT * { ?s ?p ?o }", {}) == "SELECT * { ?s ?p ?o }"


def test_more_rows_ask_for_each_at_once(store: ox.Store) -> None:
    """Rows after the first make one VALUES block, a row each, in their order."""
    query = f"SELECT ?f ?n WHERE {{ ?f <{NAME}> ?n }}"
    text = _sparql.inject_values(
        query, {"n": Literal("Avon { and } Somerset")}, {"n": Literal("nobody")}
    )
    assert 'VALUES (?n) { ("Avon { and } Somerset") ("nobody") }' in text
    answer = [tuple(str(t) for t in row) for row in store.query(text)]
    assert answer == [("<urn:avon>", '"Avon { and } Somerset"')]


def test_where_group_position() -> None:
    query = "PREFIX ex: <urn:x{> SELECT ?s WHERE { ?s ?p '{' }"
    assert query[_sparql.where_group(query)] == "{"
    assert _sparql.where_group(query) == query.index("WHERE") + 6
    assert _sparql.where_group("CONSTRUCT WHERE { ?s ?p ?o }") == -1


def test_query_form() -> None:
    assert _sparql.query_form("PREFIX ask: <urn:select> # CONSTRUCT\n select * {}") == "SELECT"
    assert _sparql.query_form("construct where { ?s ?p ?o }") == "CONSTRUCT"
    assert _sparql.query_form("INSERT DATA {}") is None


@pytest.mark.parametrize("name", ["a b", "x}", "", "?", "1x", "x-y"])
def test_bad_variable_names(name: str) -> None:
    with pytest.raises(ValueError, match="variable name"):
        _sparql.inject_values("SELECT * { ?s ?p ?o }", {name: Literal("x")})


def test_variable_names_may_carry_their_sigil() -> None:
    assert _sparql.variable_name("?force") == "force"
    assert _sparql.variable_name("$force") == "force"


def test_blank_nodes_cannot_be_bound_in_values() -> None:
    with pytest.raises(ValueError, match="Unexpected term"):
        _sparql.inject_values("SELECT * { ?s ?p ?o }", {"s": BNode()})


@pytest.mark.parametrize("bind", [_sparql.inject_values, _sparql.bind_constants])
@given(value=st.text())
def test_no_string_changes_the_query(bind, value: str) -> None:
    data = ox.Store()
    data.update(f'INSERT DATA {{ <urn:a> <{NAME}> "x" . <urn:b> <{NAME}> "y" }}')
    text = bind(f"SELECT ?f ?n WHERE {{ ?f <{NAME}> ?n }}", {"n": Literal(value)})
    rows = [str(row[0]) for row in data.query(text)]
    assert rows == {"x": ["<urn:a>"], "y": ["<urn:b>"]}.get(value, [])


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT ?n WHERE {{ ?f <{NAME}> ?n }}",
        f"SELECT ?f (COUNT(?n) AS ?c) WHERE {{ ?f <{NAME}> ?n ; a ?class }} GROUP BY ?f",
        f"SELECT ?f WHERE {{ ?f a ?class OPTIONAL {{ ?f <{NAME}> ?n }} FILTER(BOUND(?class)) }}",
        "SELECT ?f ?class WHERE { ?f a ?class { SELECT ?class WHERE { ?x a ?class } } }",
        # a sub-select projecting the variable, with it in a required pattern: written in too
        "SELECT ?f ?n WHERE { ?f a ?class { SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class }"
        " GROUP BY ?class } }",
        "SELECT * WHERE { { SELECT DISTINCT ?class (STR(?class) AS ?s) WHERE { ?x a ?class } } }",
        "SELECT * WHERE { { SELECT * WHERE { ?x a ?class { SELECT ?class ?y WHERE { ?y a ?class } } } } }",
        # not where a LIMIT picks rows, nor where it is only optionally bound or an alias
        "SELECT * WHERE { { SELECT ?class WHERE { ?x a ?class } ORDER BY ?x LIMIT 1 } }",
        f"SELECT * WHERE {{ {{ SELECT ?x ?class WHERE {{ ?x <{NAME}> ?n OPTIONAL {{ ?x a ?class }} }} }} }}",
        "SELECT * WHERE { ?f a ?class { SELECT (?k AS ?class) WHERE { ?x a ?k } } }",
        f"SELECT * WHERE {{ ?f a ?class MINUS {{ ?f <{NAME}> 'Kent' }} }}",
        "CONSTRUCT { ?f <urn:is> ?class } WHERE { ?f a ?class }",
        "ASK { ?f a ?class }",
    ],
)
def test_constants_answer_as_values_do(store: ox.Store, query: str) -> None:
    bindings = {"class": URIRef("urn:Force")}
    assert run(store, _sparql.bind_constants(query, bindings)) == run(store, query, **bindings)


def test_bound_variables_become_constants_outside_bound_and_unprojecting_sub_selects() -> None:
    query = (
        "SELECT ?f WHERE { ?f a ?c FILTER(BOUND(?c)) { SELECT ?c WHERE { ?x a ?c } } "
        "{ SELECT ?x WHERE { ?x a ?c } } }"
    )
    bound = _sparql.bind_constants(query, {"c": URIRef("urn:Force")})
    assert "?f a <urn:Force>" in bound
    assert "BOUND(?c)" in bound and "SELECT ?x WHERE { ?x a ?c }" in bound
    assert "SELECT ?c WHERE { VALUES (?c) { (<urn:Force>) }  ?x a <urn:Force> }" in bound


def test_sub_selects_that_project_a_bound_variable_get_the_constant() -> None:
    query = (
        "SELECT * WHERE { { SELECT DISTINCT ?t ?f WHERE { ?g <urn:theme> ?t ; <urn:force> ?f } } "
        "{ SELECT ?t WHERE { ?h <urn:theme> ?t } LIMIT 3 } "
        "{ SELECT ?x WHERE { ?x <urn:theme> ?t } } }"
    )
    bound = _sparql.bind_constants(query, {"t": URIRef("urn:T")})
    assert "VALUES (?t) { (<urn:T>) }  ?g <urn:theme> <urn:T>" in bound
    assert "{ ?h <urn:theme> ?t } LIMIT 3" in bound  # a slice: left alone
    assert "{ ?x <urn:theme> ?t }" in bound  # not projected: its own ?t
