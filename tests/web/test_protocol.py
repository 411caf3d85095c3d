"""The SPARQL 1.1 Protocol's pure parts: reading a request, choosing a format, writing answers."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import XSD, BNode, Literal, URIRef

from graph_store import QueryResult
from hmickg.web import protocol as P

RES = "{http://www.w3.org/2005/sparql-results#}"


# ---------------------------------------------------------------------- requests


def test_get_form_post_and_direct_post_carry_the_query():
    assert P.parse_request("GET", "query=ASK%7B%7D", None, b"").query == "ASK{}"
    form = P.parse_request(
        "POST",
        "",
        "application/x-www-form-urlencoded; charset=UTF-8",
        b"query=ASK%7B%7D&format=csv",
    )
    assert (form.query, form.format) == ("ASK{}", "csv")
    direct = P.parse_request("POST", "format=xml", "application/sparql-query", b"ASK { }")
    assert (direct.query, direct.format) == ("ASK { }", "xml")


def test_a_direct_post_reads_its_charset():
    text = "SELECT * WHERE { ?s ?p 'Café' }"
    req = P.parse_request(
        "POST", "", "application/sparql-query; charset=latin-1", text.encode("latin-1")
    )
    assert req.query == text


@pytest.mark.parametrize(
    ("method", "qs", "ctype", "body", "status", "words"),
    [
        ("GET", "", None, b"", 400, "exactly one"),
        ("GET", "query=ASK{}&query=ASK{}", None, b"", 400, "exactly one"),
        ("GET", "query=%20", None, b"", 400, "non-empty"),
        ("GET", "query=ASK{}&default-graph-uri=http://x", None, b"", 400, "default-graph-uri"),
        ("GET", "query=ASK{}&named-graph-uri=http://x", None, b"", 400, "named-graph-uri"),
        ("GET", "update=CLEAR%20ALL", None, b"", 400, "read-only"),
        ("POST", "", "application/sparql-update", b"CLEAR ALL", 400, "read-only"),
        ("POST", "", "application/x-www-form-urlencoded", b"update=CLEAR+ALL", 400, "read-only"),
        ("POST", "", "text/plain", b"ASK {}", 415, "application/sparql-query"),
        ("POST", "query=ASK{}", "application/sparql-query", b"ASK {}", 400, "body"),
        ("POST", "", "application/sparql-query; charset=utf-8", b"\xff\xfe", 400, "utf-8"),
        ("PUT", "query=ASK{}", None, b"", 405, "GET or POST"),
        ("GET", "query=ASK{}&format=yaml", None, b"", 400, "format='yaml'"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(method, qs, ctype, body, status, words):
    with pytest.raises(P.ProtocolError) as err:
        P.parse_request(method, qs, ctype, body)
    assert err.value.status == status
    assert words in str(err.value)


# ---------------------------------------------------------------------- negotiation


@pytest.mark.parametrize(
    ("kind", "accept", "fmt", "chosen"),
    [
        ("select", None, None, P.JSON),
        ("select", "*/*", None, P.JSON),
        ("select", "text/csv", None, P.CSV),
        ("select", "application/sparql-results+xml;q=0.5, text/tab-separated-values", None, P.TSV),
        ("select", "text/html, application/xhtml+xml;q=0.9, */*;q=0.8", None, P.JSON),
        ("select", "application/json", None, P.JSON),
        ("select", "text/*", None, P.CSV),
        ("select", "text/csv;q=0, application/sparql-results+xml", None, P.XML),
        ("select", "text/csv", "json", P.JSON),  # format= wins
        ("ask", "application/sparql-results+xml", None, P.XML),
        ("ask", "*/*", None, P.JSON),
        ("construct", None, None, P.TURTLE),
        ("construct", "application/n-triples", None, P.NTRIPLES),
        ("construct", "application/sparql-results+json;q=0.9, text/turtle", None, P.TURTLE),
        ("construct", "text/csv", "nt", P.NTRIPLES),
    ],
)
def test_the_format_follows_accept_and_format(kind, accept, fmt, chosen):
    assert P.negotiate(kind, accept, fmt) == chosen


@pytest.mark.parametrize(
    ("kind", "accept", "fmt"),
    [("select", "text/turtle", None), ("ask", "text/csv", None), ("construct", None, "csv")],
)
def test_a_format_the_answer_has_not_is_406(kind, accept, fmt):
    with pytest.raises(P.ProtocolError) as err:
        P.negotiate(kind, accept, fmt)
    assert err.value.status == 406


# ---------------------------------------------------------------------- answers

ROW = (
    URIRef("https://w3id.org/hmickg/id/force/kent"),
    Literal('a <b> & "c"\tline\nnext', lang="en"),
    Literal(3, datatype=XSD.integer),
    BNode("b0"),
    None,
)
VARS = ["iri", "text", "n", "blank", "unbound"]


def _select(rows=(ROW,)):
    return QueryResult("select", list(VARS), list(rows))


def test_xml_answers_are_the_w3c_format():
    root = ET.fromstring(P.serialize(_select(), P.XML))
    assert [v.get("name") for v in root.iter(f"{RES}variable")] == VARS
    (result,) = root.iter(f"{RES}result")
    bindings = {b.get("name"): b[0] for b in result}
    assert set(bindings) == {"iri", "text", "n", "blank"}  # unbound: no binding element
    assert bindings["iri"].tag == f"{RES}uri" and bindings["iri"].text == str(ROW[0])
    lit = bindings["text"]
    assert lit.text == str(ROW[1])
    assert lit.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert bindings["n"].get("datatype") == str(XSD.integer)
    assert bindings["blank"].tag == f"{RES}bnode"
    ask = ET.fromstring(P.serialize(QueryResult("ask", boolean=True), P.XML))
    assert ask.find(f"{RES}boolean").text == "true"


def test_tsv_answers_write_terms_in_turtle_syntax():
    lines = P.serialize(_select(), P.TSV).decode().splitlines()
    assert lines[0] == "\t".join(f"?{v}" for v in VARS)
    cells = lines[1].split("\t")
    assert cells[0] == "<https://w3id.org/hmickg/id/force/kent>"
    assert cells[1].endswith("@en") and "\\t" in cells[1] and "\\n" in cells[1]
    assert cells[2] == '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert cells[3] == "_:b0" and cells[4] == ""


def test_json_and_csv_answers():
    data = json.loads(P.serialize(_select(), P.JSON))
    assert data["head"]["vars"] == VARS
    (b,) = data["results"]["bindings"]
    assert b["text"] == {"type": "literal", "value": str(ROW[1]), "xml:lang": "en"}
    assert "unbound" not in b
    rows = list(csv.reader(io.StringIO(P.serialize(_select(), P.CSV).decode())))
    assert rows[0] == VARS and rows[1][1] == str(ROW[1]) and rows[1][3] == "_:b0"
    assert json.loads(P.serialize(QueryResult("ask", boolean=False), P.JSON)) == {
        "head": {},
        "boolean": False,
    }


# XML 1.0 cannot carry most control characters; the reports are text, and so is the graph
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r")
    .filter(lambda c: c in "\t\n" or ord(c) >= 0x20)
    .filter(lambda c: c not in "\ufffe\uffff"),
    max_size=40,
)


@given(values=st.lists(TEXT, min_size=1, max_size=5))
def test_any_text_comes_back_from_every_solution_format(values):
    rows = [(Literal(v),) for v in values]
    result = QueryResult("select", ["v"], rows)
    root = ET.fromstring(P.serialize(result, P.XML))
    assert [lit.text or "" for lit in root.iter(f"{RES}literal")] == values
    data = json.loads(P.serialize(result, P.JSON))
    assert [b["v"]["value"] for b in data["results"]["bindings"]] == values
    read = list(csv.reader(io.StringIO(P.serialize(result, P.CSV).decode(), newline="")))
    assert [r[0] for r in read[1:]] == values
    tsv = P.serialize(result, P.TSV).decode().split("\n")
    assert len(tsv) == len(values) + 2  # header, a line a row (newlines escaped), the end
