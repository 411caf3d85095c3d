"""Term conversion at the store boundary: the one place where rdflib terms become something else.

- rdflib <-> pyoxigraph terms (:class:`OxTerms`), for the Oxigraph backend;
- rdflib -> SPARQL text (:func:`to_sparql`, :func:`triples_to_sparql`), for ``INSERT DATA`` and
  ``VALUES`` blocks;
- SPARQL 1.1 JSON results -> rdflib (:func:`from_sparql_json`), for remote endpoints;
- :func:`check_triple`, the shape checks every backend applies before writing.

Every function raises ``ValueError(f"Unexpected term: {term!r}")`` for a term it cannot carry.

Plain strings: RDF 1.1 types them ``xsd:string``, and Oxigraph reports them that way; they come
back as rdflib's plain ``Literal("x")`` (no datatype) so they compare equal to what was written.
A literal written with an explicit ``datatype=XSD.string`` therefore also comes back plain.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any

from rdflib.term import BNode, Literal, URIRef

if TYPE_CHECKING:
    import pyoxigraph

    from .base import Node, Triple

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_STRING_IRI = URIRef(XSD_STRING)
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_CACHE_LIMIT = 200_000
#: Literals up to this many characters are cached when read from Oxigraph (texts are not).
_SHORT_LITERAL = 100
#: When this many first rows of an answer each have a term not seen before, the rest of the
#: answer is made term by term.
_ALL_NEW = 8

# Characters that may not appear in an IRIREF (SPARQL/Turtle grammar): they would end the IRI
# token early, so rejecting them is what keeps a term from injecting syntax.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _string_literal_factory() -> Any:
    """A maker of plain and language-tagged rdflib literals that skips ``Literal.__new__``.

    The engine's strings are already valid (a lexical form, a normalised language tag), so the
    checks and casts of ``Literal()`` (about 2 us a term, most of the time spent turning a wide
    answer into rdflib terms) have nothing to do. The slots are set as ``Literal()`` sets them;
    if a future rdflib makes them differently the self-check below falls back to ``Literal()``.
    """

    def fast(value: str, lang: str | None = None) -> Literal:
        inst = str.__new__(Literal, value)
        inst._language = lang
        inst._datatype = None
        inst._value = value
        inst._ill_typed = None
        return inst

    def slow(value: str, lang: str | None = None) -> Literal:
        return Literal(value, lang=lang)

    try:
        for value, lang in (('a "b"\n\u00e9', None), ("c", "en-gb"), ("", None)):
            a, b = fast(value, lang), Literal(value, lang=lang)
            same = (
                a == b
                and hash(a) == hash(b)
                and a.n3() == b.n3()
                and all(getattr(a, slot) == getattr(b, slot) for slot in Literal.__slots__)
            )
            if not same:
                return slow
    except (AttributeError, TypeError):  # slots renamed or gone
        return slow
    return fast


#: ``string_literal(value, lang=None)``: rdflib's plain or language-tagged literal, fast.
string_literal = _string_literal_factory()


def unexpected(term: object) -> ValueError:
    return ValueError(f"Unexpected term: {term!r}")


def check_triple(s: object, p: object, o: object) -> None:
    """Raise ValueError unless (s, p, o) is an RDF triple of rdflib terms that can be written.

    IRIs are checked for the characters that cannot appear in one (``<>"{}|^`\\``, spaces,
    controls), so every backend refuses the same triples.
    """
    if isinstance(s, URIRef):
        _check_iri(s)
    elif not isinstance(s, BNode):
        raise unexpected(s)
    if isinstance(p, URIRef):
        _check_iri(p)
    else:
        raise unexpected(p)
    if isinstance(o, URIRef):
        _check_iri(o)
    elif isinstance(o, Literal):
        if o.datatype is not None:
            _check_iri(o.datatype)
    elif not isinstance(o, BNode):
        raise unexpected(o)


_checked_iris: set[str] = set()


def _check_iri(iri: URIRef) -> None:
    if iri in _checked_iris:
        return
    if not iri or _BAD_IRI.search(iri):
        raise unexpected(iri)
    if len(_checked_iris) > _CACHE_LIMIT:
        _checked_iris.clear()
    _checked_iris.add(iri)


def plain(o: Node) -> Node:
    """``o`` without an explicit ``xsd:string`` datatype (the same RDF term, written plain)."""
    if type(o) is Literal and o.datatype == _XSD_STRING_IRI:
        return Literal(str(o))
    return o


# --------------------------------------------------------------------------- SPARQL text

_LANG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*\Z")
_ESCAPES = {
    **{i: f"\\u{i:04X}" for i in range(0x20)},
    0x7F: "\\u007F",
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}


def iri_to_sparql(iri: str) -> str:
    """``<iri>``, refusing any character that could end the IRI token."""
    if not iri or _BAD_IRI.search(iri):
        raise unexpected(URIRef(iri) if not isinstance(iri, URIRef) else iri)
    return f"<{iri}>"


def literal_to_sparql(lit: Literal) -> str:
    """A literal as SPARQL (and N-Triples) text, escaped so that its content cannot end it."""
    text = '"' + str(lit).translate(_ESCAPES) + '"'
    lang = lit.language
    if lang:
        if not _LANG.match(lang):
            raise unexpected(lit)
        return f"{text}@{lang}"
    dt = lit.datatype
    if dt is None or dt == _XSD_STRING_IRI:
        return text
    return f"{text}^^{iri_to_sparql(dt)}"


def to_sparql(term: object) -> str:
    """One term as SPARQL text for a ``VALUES`` block (blank nodes cannot be bound there)."""
    if isinstance(term, URIRef):
        return iri_to_sparql(term)
    if isinstance(term, Literal):
        return literal_to_sparql(term)
    raise unexpected(term)


class _IriCache(dict[str, str]):
    """IRI -> ``<IRI>`` text; IRIs repeat a lot (predicates, classes, forces)."""

    def __missing__(self, iri: str) -> str:
        if len(self) > _CACHE_LIMIT:
            self.clear()
        text = self[iri] = iri_to_sparql(iri)
        return text


def triples_to_sparql(triples: Iterable[Triple], counter: list[int]) -> Iterator[str]:
    """Yield one ``s p o .`` line per triple, checking each term; count them in ``counter[0]``.

    The lines are both SPARQL ``INSERT DATA`` and N-Triples syntax. Blank nodes get labels
    local to this call (``_:b0``, ``_:b1`` ...): ``INSERT DATA`` and Oxigraph's loader make
    fresh nodes of them anyway, so the caller's labels need no validation and cannot inject.
    """
    iris = _IriCache()
    bnodes: dict[object, str] = {}
    lit_text = literal_to_sparql
    n = 0
    try:
        for s, p, o in triples:
            ts = type(s)
            if ts is URIRef:
                s_text = iris[s]
            elif ts is BNode:
                s_text = bnodes.get(s) or bnodes.setdefault(s, f"_:b{len(bnodes)}")
            else:
                s_text = _other_subject(s, iris, bnodes)
            if type(p) is URIRef:
                p_text = iris[p]
            elif isinstance(p, URIRef):
                p_text = iris[URIRef(str(p))]
            else:
                raise unexpected(p)
            to = type(o)
            if to is Literal:
                o_text = lit_text(o)  # type: ignore[arg-type]  # narrowed by type() above
            elif to is URIRef:
                o_text = iris[o]
            elif to is BNode:
                o_text = bnodes.get(o) or bnodes.setdefault(o, f"_:b{len(bnodes)}")
            else:
                o_text = _other_object(o, iris, bnodes)
            n += 1
            yield f"{s_text} {p_text} {o_text} .\n"
    finally:
        counter[0] = n


def _other_subject(s: object, iris: _IriCache, bnodes: dict[object, str]) -> str:
    if isinstance(s, URIRef):
        return iris[URIRef(str(s))]
    if isinstance(s, BNode):
        return bnodes.get(s) or bnodes.setdefault(s, f"_:b{len(bnodes)}")
    raise unexpected(s)


def _other_object(o: object, iris: _IriCache, bnodes: dict[object, str]) -> str:
    if isinstance(o, Literal):
        return literal_to_sparql(o)
    return _other_subject(o, iris, bnodes)


# --------------------------------------------------------------------------- SPARQL JSON


def from_sparql_json(value: Mapping[str, Any]) -> Node:
    """One binding of the SPARQL 1.1 Query Results JSON format as an rdflib term."""
    kind = value.get("type")
    text = value.get("value")
    if not isinstance(text, str):
        raise unexpected(value)
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return Literal(text, lang=lang)
        datatype = value.get("datatype")
        if datatype is None or datatype == XSD_STRING:
            return Literal(text)
        if datatype == RDF_LANG_STRING:
            raise unexpected(value)
        return Literal(text, datatype=URIRef(datatype))
    raise unexpected(value)


# --------------------------------------------------------------------------- pyoxigraph


class OxTerms:
    """rdflib <-> pyoxigraph conversion, with caches for the IRIs that repeat.

    One instance per store; pyoxigraph is imported when the first instance is made.
    """

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.ox = ox
        self._named_node = ox.NamedNode
        self._blank_node = ox.BlankNode
        self._literal = ox.Literal
        self._to_ox_iris: dict[str, pyoxigraph.NamedNode] = {}
        # the engine's IRIs and short literals seen, and None (unbound) for None
        self._from_ox_seen: dict[Any, Node | None] = {None: None}
        #: ``from_ox(term)``: the rdflib term of an engine term (``None`` for ``None``).
        self.from_ox = self._make_from_ox()
        #: ``rows_from_ox(solutions)``: the rdflib terms of each solution's terms, as tuples.
        self.rows_from_ox = self._make_rows_from_ox()

    # rdflib -> pyoxigraph

    def to_ox(
        self, term: object
    ) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
        try:
            if isinstance(term, URIRef):
                return self._iri(str(term))
            if isinstance(term, Literal):
                if term.language:
                    return self._literal(str(term), language=term.language)
                if term.datatype is not None and term.datatype != _XSD_STRING_IRI:
                    return self._literal(str(term), datatype=self._iri(str(term.datatype)))
                return self._literal(str(term))
            if isinstance(term, BNode):
                return self._blank_node(str(term))
        except ValueError:
            raise unexpected(term) from None
        raise unexpected(term)

    def _iri(self, iri: str) -> pyoxigraph.NamedNode:
        node = self._to_ox_iris.get(iri)
        if node is None:
            try:
                node = self._named_node(iri)
            except ValueError:
                raise unexpected(URIRef(iri)) from None
            if len(self._to_ox_iris) > _CACHE_LIMIT:
                self._to_ox_iris.clear()
            self._to_ox_iris[iri] = node
        return node

    def graph_to_ox(self, graph: URIRef | None) -> pyoxigraph.NamedNode | pyoxigraph.DefaultGraph:
        if graph is None:
            return self.ox.DefaultGraph()
        if not isinstance(graph, URIRef):
            raise unexpected(graph)
        return self._iri(str(graph))

    # pyoxigraph -> rdflib

    def _make_from_ox(self) -> Any:
        """``from_ox``: one closure with the engine's classes and the caches as locals (it runs
        once per term of every answer, so an attribute look-up saved is a tenth of its time).
        IRIs and short literals repeat (line numbers, file names, grades) and an rdflib term
        costs microseconds to make: the ones seen are kept, keyed by the engine's own term."""
        named_node, literal, blank_node = self.ox.NamedNode, self.ox.Literal, self.ox.BlankNode
        seen: dict[Any, Node | None] = self._from_ox_seen
        literal_from_ox = self._literal_from_ox

        def keep(term: Any, node: Node) -> None:
            if len(seen) > _CACHE_LIMIT:
                seen.clear()
                seen[None] = None
            seen[term] = node

        def from_ox(term: Any) -> Node:
            tt = type(term)
            if tt is named_node:
                node = seen.get(term)
                if node is None:
                    node = URIRef(term.value)
                    keep(term, node)
                return node
            if tt is literal:
                # A long text is never kept, so not looked up either: the engine hashes a
                # literal's whole text for a look-up (6 us for 33 kB; making shared-gaps' 144
                # rows, 0.7 MB of evidence lists, took 0.56 ms with the look-ups, 0.45 without)
                value = term.value
                if len(value) > _SHORT_LITERAL:
                    return literal_from_ox(term, value)
                cached = seen.get(term)
                if cached is not None:
                    return cached
                lit = literal_from_ox(term, value)
                keep(term, lit)
                return lit
            if tt is blank_node:
                return BNode(term.value)
            if term is None:  # an unbound variable of a solution
                return None  # type: ignore[return-value]
            raise unexpected(term)

        return from_ox

    def _make_rows_from_ox(self) -> Any:
        """``rows_from_ox``: each solution's terms looked up among the terms seen, in C
        (``map`` of the dictionary's ``get``), and made one by one by ``from_ox`` only in a row
        where one is new; a Python call per term was half of what hmickg adds to a 70 us
        look-up. Where the first rows all have a new term (a finding's text is never kept),
        the rest go term by term: looking them up first cost about 1.5 us a row more."""
        get = self._from_ox_seen.get
        from_ox = self.from_ox
        new = object()
        news = repeat(new)
        is_ = operator.is_

        def rows_from_ox(solutions: Iterable[Any]) -> list[tuple[Node | None, ...]]:
            rows: list[tuple[Node | None, ...]] = []
            append = rows.append
            solutions = iter(solutions)
            with_new = 0  # rows so far with a new term
            for solution in solutions:
                terms = tuple(solution)  # (each read of a solution makes its terms again)
                row = tuple(map(get, terms, news))
                if any(map(is_, row, news)):
                    row = tuple(map(from_ox, terms))
                    with_new += 1
                    if with_new == _ALL_NEW and len(rows) == _ALL_NEW - 1:
                        append(row)
                        rows.extend([tuple(map(from_ox, s)) for s in solutions])
                        break
                append(row)
            return rows

        return rows_from_ox

    def _literal_from_ox(self, lit: pyoxigraph.Literal, value: str) -> Literal:
        """``lit`` as an rdflib literal; ``value`` is its text (``lit.value``, read already)."""
        lang = lit.language
        if lang:
            return string_literal(value, lang)
        datatype = lit.datatype
        if datatype.value == XSD_STRING:
            return string_literal(value)
        return Literal(value, datatype=self.from_ox(datatype))

    def triple_from_ox(self, quad: pyoxigraph.Quad | pyoxigraph.Triple) -> Triple:
        f = self.from_ox
        return (f(quad.subject), f(quad.predicate), f(quad.object))


def ntriples(triples: Iterable[Triple]) -> tuple[str, int]:
    """The triples as an N-Triples document (the same escaping as SPARQL), and how many."""
    counter = [0]
    text = "".join(triples_to_sparql(triples, counter))
    return text, counter[0]


def replace_graph_update(graph: URIRef, triples: Iterable[Triple]) -> tuple[str, int]:
    """One SPARQL update that makes ``graph`` hold exactly ``triples``, and how many there are.

    ``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }`` (just the DROP when there are
    none). The text is complete before anything is sent, so an iterable that raises midway
    changes nothing; a SPARQL 1.1 update request is applied as one transaction by Oxigraph.
    """
    g = iri_to_sparql(graph)
    counter = [0]
    body = "".join(
        chain(
            (f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n",),
            triples_to_sparql(triples, counter),
            ("} }\n",),
        )
    )
    if counter[0] == 0:
        return f"DROP SILENT GRAPH {g}", 0
    return body, counter[0]
