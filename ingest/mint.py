"""Stable IRIs, derived from canonical names, so re-ingesting changes nothing.

Same real thing, same IRI: ``id:force/leicestershire`` whichever report names
it. Nodes that belong to one report (findings, passages, sections) hang under the
report's own IRI, numbered in reading order.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rdflib import URIRef

ID = "https://w3id.org/hmickg/id/"


def slug(text: str) -> str:
    """``"Area(s) for Improvement – Öland"`` → ``"areas-for-improvement-oland"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("&", " and ").replace("(s)", "s")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def force(force_slug: str) -> URIRef:
    return URIRef(f"{ID}force/{force_slug}")


def report(report_slug: str) -> URIRef:
    return URIRef(f"{ID}report/{report_slug}")


def report_graph(report_slug: str) -> URIRef:
    return URIRef(f"{ID}graph/report/{report_slug}")


def in_report(report_slug: str, *parts: str | int) -> URIRef:
    return URIRef(f"{ID}report/{report_slug}/" + "/".join(str(p) for p in parts))


def passage(report_slug: str, start: int, end: int) -> URIRef:
    return in_report(report_slug, "passage", f"L{start}-{end}")


def last_segment(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


class Terms:
    """The terms of an rdflib namespace, each built once.

    rdflib builds (and checks) a new URIRef on every ``RDF.type`` or ``HMIC.text``; code
    that writes thousands of triples reads them through ``Terms(RDF).type`` instead, which
    after the first read is a plain attribute. ``terms["count"]`` reads a term whose name is
    also a ``str`` method, as ``HMIC["count"]`` does.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term: URIRef = getattr(self._namespace, name)
        self.__dict__[name] = term
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]
        return term
