"""Look-up keys (``hmic:nameKey``, ``hmic:notationKey``): a case-insensitive look-up by name
becomes an exact match.

Oxigraph keeps no index on the lower-cased form of a literal: a query testing
``LCASE(?name) = LCASE("SOCA")`` reads every candidate name (the entity-by-name and
glossary-lookup queries: a quarter of a second on the national store). Ingest therefore
writes, next to each name that such a query compares, the name's key (:func:`name_key`),
and the queries look the key up before they make their own exact comparison.

Which names get a key (:func:`name_key_triples`):

* ``hmic:nameKey``: the ``rdfs:label``, ``skos:prefLabel`` and ``skos:altLabel`` of a node
  typed, in the same graph, with one of :data:`NAMED_CLASSES` (the classes ``entity-by-name``
  resolves);
* ``hmic:notationKey``: the ``skos:notation`` of an ``hmic:GlossaryEntry``
  (``glossary-lookup``). A property of its own, so that neither look-up meets the other's
  nodes (350 glossaries of the national store spell out "SOCA").

The key is the name lower-cased, every run of spaces, tabs, line feeds and carriage
returns made one space, with no space at either end: the SPARQL expression
:data:`SPARQL_KEY` computes the same from a query's parameter. Names that are equal after
``LCASE`` have equal keys, so the key only narrows what the exact test then reads.

    >>> name_key("  Leicestershire \\t CONSTABULARY\\n")
    'leicestershire constabulary'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rdflib import RDF, RDFS, SKOS, Literal, Namespace, URIRef
from rdflib.term import Node

__all__ = [
    "NAMED_CLASSES",
    "NAME_KEY",
    "NOTATION_KEY",
    "SPARQL_KEY",
    "name_key",
    "name_key_triples",
]

_HMIC = Namespace("https://w3id.org/hmickg/def#")
NAME_KEY = _HMIC.nameKey
NOTATION_KEY = _HMIC.notationKey

NAMED_CLASSES: frozenset[URIRef] = frozenset(
    _HMIC[name]
    for name in (
        "PoliceForce",
        "Unit",
        "PartnerAgency",
        "Partnership",
        "CollaborationAgreement",
        "Operation",
        "OrganisedCrimeGroup",
        "InformationSystem",
        "PolicingRegion",
    )
)
"""The classes whose names get keys: those the entity-by-name query resolves."""

# Plain strings, compared as such: rdflib's term equality and hashing are Python code, and
# this runs over every triple of every report.
_TYPE = str(RDF.type)
_NAME_PREDICATES = frozenset(map(str, (RDFS.label, SKOS.prefLabel, SKOS.altLabel)))
_NOTATION = str(SKOS.notation)
_NAMED_CLASSES = frozenset(map(str, NAMED_CLASSES))
_GLOSSARY_ENTRY = str(_HMIC.GlossaryEntry)

# XML Schema's white space (the \s of XPath regular expressions), written out: Python's and
# Rust's \s both mean Unicode white space, and the two lists differ.
_SPACES = re.compile("[ \t\n\r]+")

SPARQL_KEY = 'COALESCE(REPLACE(REPLACE(LCASE(STR({})), "[ \\t\\n\\r]+", " "), "^ | $", ""), "")'
"""The key of a SPARQL expression, ``{}`` standing for it (the catalogue queries spell it
out with their parameter). ``COALESCE`` never changes the value (the inner expression has
no error on a literal) but tells Oxigraph's planner that the key is always bound, so a
pattern ``?node hmic:nameKey ?key`` after ``BIND (... AS ?key)`` is one look-up (without
it the planner reads every key and joins on nothing)."""


def name_key(name: str) -> str:
    """The look-up key of ``name``: lower-cased, white space collapsed to single spaces, none
    at either end (what :data:`SPARQL_KEY` computes in a query). Python lower-cases by its own
    Unicode database (14.0 in Python 3.11) and Oxigraph by a newer one: a character assigned
    since (U+16EA0, Unicode 16) may have a lower case only the engine knows."""
    return _SPACES.sub(" ", name.lower()).strip(" ")


def name_key_triples(
    triples: Iterable[tuple[Node, Node, Node]],
) -> Iterator[tuple[Node, Node, Node]]:
    """The ``hmic:nameKey`` and ``hmic:notationKey`` triples for the names in ``triples``
    (one graph), each once."""
    triples = tuple(triples)
    named: set[str] = set()
    glossary: set[str] = set()
    for s, p, o in triples:
        if str(p) == _TYPE and isinstance(o, URIRef):
            if str(o) in _NAMED_CLASSES:
                named.add(str(s))
            elif str(o) == _GLOSSARY_ENTRY:
                glossary.add(str(s))
    seen: set[tuple[str, bool, str]] = set()
    for s, p, o in triples:
        if not isinstance(o, Literal):
            continue
        pred = str(p)
        if pred in _NAME_PREDICATES and str(s) in named:
            entity = True
        elif pred == _NOTATION and str(s) in glossary:
            entity = False
        else:
            continue
        key = name_key(str(o))
        if (str(s), entity, key) not in seen:
            seen.add((str(s), entity, key))
            yield s, NAME_KEY if entity else NOTATION_KEY, Literal(key)
