"""Look-up keys (ontology.keys): the key ingest writes is the key the queries compute."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from ontology.keys import (
    NAME_KEY,
    NAMED_CLASSES,
    NOTATION_KEY,
    SPARQL_KEY,
    name_key,
    name_key_triples,
)
from queries import catalog

HMIC = "https://w3id.org/hmickg/def#"
_ENGINE = ox.Store()


def _sparql_key(text: str) -> str:
    expression = SPARQL_KEY.format("?name")
    query = f"SELECT ?name ({expression} AS ?key) WHERE {{}}"
    (row,) = _ENGINE.query(query, substitutions={ox.Variable("name"): ox.Literal(text)})
    return str(row["key"].value)


# Characters Python's Unicode database knows (Unicode 14 in Python 3.11): one it does not
# ("Cn") may have a lower case in the engine's newer Unicode (U+16EA0 lowercases to U+16EBB
# in Unicode 16, which Oxigraph follows), and the two keys then differ. Names in reports are
# written in assigned characters; see ontology.keys.name_key.
NAMES = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\n\r\u00a0\u2003Σσςİı\u212aßÆẞ"),
        st.characters(exclude_categories=("Cs", "Cn")),
    ),
    max_size=24,
)


@settings(max_examples=400, deadline=None)
@given(NAMES)
def test_python_and_sparql_keys_agree(name):
    assert name_key(name) == _sparql_key(name)


@given(NAMES, NAMES)
def test_names_equal_in_any_case_have_one_key(a, b):
    if a.lower() == b.lower():
        assert name_key(a) == name_key(b)
    assert name_key(a.upper()) == name_key(a.upper().lower())


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SOCA", "soca"),
        ("  Leicestershire \t CONSTABULARY\r\n", "leicestershire constabulary"),
        ("Operation\u00a0Lucky", "operation\u00a0lucky"),  # not XML white space: kept
        ("", ""),
        (" \t ", ""),
    ],
)
def test_name_key(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("query", "param"), [("entity-by-name", "name"), ("glossary-lookup", "match")]
)
def test_queries_compute_the_same_key(query, param):
    assert SPARQL_KEY.format(f"?{param}") in catalog()[query].text


def test_keys_for_the_names_the_queries_compare():
    op, unit, item, entry = (URIRef(f"https://w3id.org/hmickg/id/x/{n}") for n in range(4))
    triples = [
        (op, RDF.type, URIRef(HMIC + "Operation")),
        (op, RDFS.label, Literal("Operation Lucky")),
        (op, SKOS.altLabel, Literal("OPERATION  LUCKY")),  # the same key: written once
        (op, RDFS.comment, Literal("Not a name")),
        (unit, RDF.type, URIRef(HMIC + "Unit")),
        (unit, SKOS.prefLabel, Literal("Major Crime Unit")),
        (unit, SKOS.notation, Literal("MCU")),  # notations of entities are not compared
        (item, RDF.type, URIRef(HMIC + "WorkProgrammeItem")),
        (item, RDFS.label, Literal("Domestic abuse")),  # not a named class
        (entry, RDF.type, URIRef(HMIC + "GlossaryEntry")),
        (entry, SKOS.notation, Literal("SOCA")),
        (entry, SKOS.prefLabel, Literal("Serious Organised Crime Agency")),
    ]
    assert sorted(name_key_triples(triples)) == sorted(
        [
            (op, NAME_KEY, Literal("operation lucky")),
            (unit, NAME_KEY, Literal("major crime unit")),
            (entry, NOTATION_KEY, Literal("soca")),
        ]
    )
    assert len(NAMED_CLASSES) == 9


def test_every_character_python_knows_lowercases_as_the_engine_does():
    """The look-up keys agree character by character over all of Python's Unicode database
    (282,230 assigned characters in Python 3.11), not only where Hypothesis looked."""
    import unicodedata

    chars = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) not in ("Cs", "Cn")]
    differ = []
    for i in range(0, len(chars), 4000):
        values = " ".join(str(ox.Literal(c)) for c in chars[i : i + 4000])
        query = f"SELECT ?c (LCASE(?c) AS ?l) WHERE {{ VALUES ?c {{ {values} }} }}"
        for row in _ENGINE.query(query):
            if row["c"].value.lower() != row["l"].value:
                differ.append(hex(ord(row["c"].value)))
    assert len(chars) > 250_000 and differ == []
