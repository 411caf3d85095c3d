"""graph_store._terms: every term conversion at the store boundary, in one place."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF, XSD

from graph_store import _terms

TERMS = [
    URIRef("https://example.org/force/kent"),
    BNode("b1"),
    Literal("plain"),
    Literal("Kent Police", lang="en"),
    Literal("42", datatype=XSD.integer),
    Literal("2014-03-01", datatype=XSD.date),
    Literal("<b>x</b>", datatype=URIRef("https://example.org/markup")),
]


@pytest.fixture(scope="module")
def conv() -> _terms.OxTerms:
    return _terms.OxTerms()


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_rdflib_oxigraph_round_trip(conv: _terms.OxTerms, term: URIRef) -> None:
    back = conv.from_ox(conv.to_ox(term))
    assert back == term
    assert type(back) is type(term)


def test_plain_strings_come_back_without_a_datatype(conv: _terms.OxTerms) -> None:
    ox_literal = ox.Literal("x")
    assert ox_literal.datatype == ox.NamedNode(str(XSD.string))  # how Oxigraph reports it
    back = conv.from_ox(ox_literal)
    assert back == Literal("x")
    assert back.datatype is None and back.language is None  # type: ignore[union-attr]
    # An explicit xsd:string is the same RDF term, so it comes back plain as well.
    assert conv.from_ox(conv.to_ox(Literal("x", datatype=XSD.string))) == Literal("x")
    assert _terms.plain(Literal("x", datatype=XSD.string)) == Literal("x")


def test_language_tags_compare_equal_whatever_their_case(conv: _terms.OxTerms) -> None:
    assert conv.from_ox(conv.to_ox(Literal("x", lang="en-GB"))) == Literal("x", lang="en-GB")


@given(
    st.text(),
    st.sampled_from([None, "en", "en-gb", "cy", "de-ch-1996"]),
    st.integers(min_value=0, max_value=300),
)
def test_engine_strings_become_the_literals_rdflib_makes(
    value: str, lang: str | None, pad: int
) -> None:
    """The fast path (no ``Literal.__new__``) makes the literal ``Literal()`` makes: equal,
    same hash, same N3, same slots; short and long (cached and not) alike."""
    value = value + "x" * pad
    conv = _terms.OxTerms()
    fast = conv.from_ox(ox.Literal(value, language=lang) if lang else ox.Literal(value))
    slow = Literal(value, lang=lang)
    assert type(fast) is Literal
    assert fast == slow and hash(fast) == hash(slow) and fast.n3() == slow.n3()
    assert (fast.language, fast.datatype, fast.value) == (slow.language, slow.datatype, slow.value)
    assert fast.eq(slow) and not fast.eq(Literal(value + "."))
    # and again, from the cache (short literals) or made anew (long ones)
    assert conv.from_ox(ox.Literal(value, language=lang) if lang else ox.Literal(value)) == slow


def test_unbound_values_convert_to_none(conv: _terms.OxTerms) -> None:
    assert conv.from_ox(None) is None


@pytest.mark.parametrize(
    "term",
    [Variable("x"), "a str", 42, None, URIRef("https://example.org/a b"), BNode("not valid!")],
    ids=repr,
)
def test_unexpected_terms_are_refused(conv: _terms.OxTerms, term: object) -> None:
    with pytest.raises(ValueError, match=r"^Unexpected term: "):
        conv.to_ox(term)


ENGINE_TERMS = st.one_of(
    st.none(),
    st.sampled_from(["a", "b", "c"]).map(lambda x: ox.NamedNode(f"https://example.org/{x}")),
    st.sampled_from(["b1", "b2"]).map(ox.BlankNode),
    st.text(max_size=3).map(ox.Literal),
    st.text(min_size=101, max_size=110).map(ox.Literal),  # too long to be kept
    st.integers(-5, 5).map(lambda n: ox.Literal(str(n), datatype=ox.NamedNode(str(XSD.integer)))),
)


@given(rows=st.lists(st.lists(ENGINE_TERMS, max_size=4), max_size=20), limit=st.integers(0, 4))
def test_rows_convert_as_their_terms_do(rows: list[list[object]], limit: int) -> None:
    """``rows_from_ox`` (terms seen looked up in C; term by term once the first rows all had
    a new one) gives what ``from_ox`` gives term by term: for unbound values, terms not seen
    yet, terms never kept (blank nodes, long literals), and after the terms seen were
    forgotten (a tiny limit makes that happen all the time)."""
    kept = _terms._CACHE_LIMIT
    _terms._CACHE_LIMIT = limit
    try:
        conv = _terms.OxTerms()
        for _ in range(2):  # the second time from what was kept
            converted = conv.rows_from_ox(rows)
            assert all(type(row) is tuple for row in converted)
            expected = [tuple(conv.from_ox(t) for t in row) for row in rows]
            assert converted == expected
            assert [[type(t) for t in row] for row in converted] == [
                [type(t) for t in row] for row in expected
            ]
    finally:
        _terms._CACHE_LIMIT = kept


def test_an_answer_whose_first_rows_all_have_new_terms_is_made_term_by_term() -> None:
    """Past the first rows that all had a term never seen (a finding's text), the rest are
    made term by term, all of them, from where the rows stood."""
    conv = _terms.OxTerms()
    texts = [[ox.NamedNode("urn:f"), ox.Literal("x" * 200 + str(i))] for i in range(30)]
    for solutions in (texts, iter(texts)):  # a list, and an iterator as the engine's answer
        rows = conv.rows_from_ox(solutions)
        assert [str(text) for _, text in rows] == ["x" * 200 + str(i) for i in range(30)]


def test_unexpected_oxigraph_terms_are_refused(conv: _terms.OxTerms) -> None:
    quoted = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"))
    for term in (quoted, ox.DefaultGraph(), ox.Variable("x"), "str"):
        with pytest.raises(ValueError, match=r"^Unexpected term: "):
            conv.from_ox(term)
        with pytest.raises(ValueError, match=r"^Unexpected term: "):
            conv.rows_from_ox([[ox.NamedNode("urn:s"), term]])


def test_graph_names(conv: _terms.OxTerms) -> None:
    assert conv.graph_to_ox(None) == ox.DefaultGraph()
    assert conv.graph_to_ox(URIRef("urn:g")) == ox.NamedNode("urn:g")
    with pytest.raises(ValueError, match="Unexpected term"):
        conv.graph_to_ox(BNode())  # type: ignore[arg-type]


def test_check_triple() -> None:
    s, p = URIRef("https://example.org/s"), URIRef("https://example.org/p")
    _terms.check_triple(s, p, Literal("x"))
    _terms.check_triple(BNode(), p, BNode())
    for bad in [(Literal("x"), p, s), (s, BNode(), s), (s, p, "x"), (s, p, URIRef("a>b"))]:
        with pytest.raises(ValueError, match="Unexpected term"):
            _terms.check_triple(*bad)
    with pytest.raises(ValueError, match="Unexpected term"):
        _terms.check_triple(s, p, Literal("x", datatype=URIRef("https://e/a b")))


# ---------------------------------------------------------------------- SPARQL text


@pytest.mark.parametrize(
    ("term", "text"),
    [
        (URIRef("https://example.org/x"), "<https://example.org/x>"),
        (Literal("x"), '"x"'),
        (Literal("x", datatype=XSD.string), '"x"'),
        (Literal('say "hi"\\\n'), '"say \\"hi\\"\\\\\\n"'),
        (Literal("x", lang="en-GB"), '"x"@en-GB'),
        (Literal("1", datatype=XSD.integer), f'"1"^^<{XSD.integer}>'),
        (Literal("a\x00b"), '"a\\u0000b"'),
    ],
)
def test_to_sparql(term: URIRef, text: str) -> None:
    assert _terms.to_sparql(term) == text


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://example.org/x> } DROP ALL #"),
        URIRef("https://example.org/{x}"),
        URIRef(""),
        BNode("b"),
        Variable("x"),
        "plain str",
    ],
    ids=repr,
)
def test_to_sparql_refuses(term: object) -> None:
    with pytest.raises(ValueError, match="Unexpected term"):
        _terms.to_sparql(term)


@given(st.text())
def test_any_string_literal_survives_sparql_text(value: str) -> None:
    text = _terms.literal_to_sparql(Literal(value))
    [quad] = list(ox.parse(f"<urn:s> <urn:p> {text} .", format=ox.RdfFormat.N_TRIPLES))
    assert quad.object.value == value
    store = ox.Store()
    store.update(f"INSERT DATA {{ <urn:s> <urn:p> {text} }}")
    assert next(iter(store)).object.value == value


def test_triples_to_sparql_labels_blank_nodes_locally() -> None:
    a = BNode("caller-label with spaces")
    p = URIRef("urn:p")
    counter = [0]
    lines = list(_terms.triples_to_sparql([(a, p, a), (BNode(), p, a)], counter))
    assert lines == ["_:b0 <urn:p> _:b0 .\n", "_:b1 <urn:p> _:b0 .\n"]
    assert counter == [2]


def test_replace_graph_update() -> None:
    g = URIRef("urn:g")
    body, n = _terms.replace_graph_update(g, [(URIRef("urn:s"), RDF.type, URIRef("urn:C"))])
    assert n == 1
    assert body.startswith("DROP SILENT GRAPH <urn:g> ;\nINSERT DATA { GRAPH <urn:g> {")
    assert _terms.replace_graph_update(g, []) == ("DROP SILENT GRAPH <urn:g>", 0)


# ---------------------------------------------------------------------- SPARQL JSON


@pytest.mark.parametrize(
    ("binding", "term"),
    [
        ({"type": "uri", "value": "urn:x"}, URIRef("urn:x")),
        ({"type": "bnode", "value": "b0"}, BNode("b0")),
        ({"type": "literal", "value": "x"}, Literal("x")),
        ({"type": "literal", "value": "x", "datatype": str(XSD.string)}, Literal("x")),
        ({"type": "literal", "value": "x", "xml:lang": "en"}, Literal("x", lang="en")),
        (
            {"type": "typed-literal", "value": "1", "datatype": str(XSD.integer)},
            Literal("1", datatype=XSD.integer),
        ),
    ],
)
def test_from_sparql_json(binding: dict[str, str], term: object) -> None:
    back = _terms.from_sparql_json(binding)
    assert back == term
    assert type(back) is type(term)


def test_from_sparql_json_refuses_what_it_cannot_carry() -> None:
    for binding in ({"type": "triple", "value": {}}, {"type": "uri"}, {}):
        with pytest.raises(ValueError, match="Unexpected term"):
            _terms.from_sparql_json(binding)
