"""Stable IRIs, derived from canonical names, so re-ingesting changes nothing.

Same real thing, same IRI: ``id:force/leicestershire`` whichever report names
it. Nodes that belong to one report (findings, passages, sections) hang under the
report's own IRI, numbered in reading order.
"""

from __future__ import annotations

import re
import unicodedata

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
