"""The reference data graph: every UK police force and the regions that group them.

Built from ``reference/police_forces_uk.csv`` (data.police.uk ids, ONS codes,
official and older names), so that forces found in reports resolve to one node
each: ``id:force/leicestershire`` is "Leicestershire Police" and also
"Leicestershire Constabulary".
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .keys import name_key_triples

HMIC = Namespace("https://w3id.org/hmickg/def#")
ORG = Namespace("http://www.w3.org/ns/org#")
ID = "https://w3id.org/hmickg/id/"
REFERENCE_GRAPH_IRI = URIRef(f"{ID}graph/reference")


def region_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def reference_sources() -> tuple[str, ...]:
    """The package files :func:`reference_graph` is built from: the CSV, this module and the
    name keys' (for :func:`ontology.source_digest`)."""
    return ("reference/police_forces_uk.csv", "reference.py", "keys.py")


def force_rows() -> list[dict[str, str]]:
    text = resources.files("ontology").joinpath("reference/police_forces_uk.csv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _reference_graph() -> Graph:
    g = Graph()
    g.bind("hmic", HMIC)
    g.bind("org", ORG)
    g.bind("skos", SKOS)
    regions: dict[str, tuple[str, str]] = {}
    for row in force_rows():
        force = URIRef(f"{ID}force/{row['data_police_uk_id']}")
        g.add((force, RDF.type, HMIC.PoliceForce))
        g.add((force, RDF.type, ORG.FormalOrganization))
        g.add((force, RDFS.label, Literal(row["name_data_police_uk"])))
        g.add((force, SKOS.prefLabel, Literal(row["name_data_police_uk"])))
        short = row["short_name"].strip()
        names = {short, f"{short} Police", f"{short} Constabulary"}
        names.update(a.strip() for a in re.split(r"[|;]", row["aliases"]) if a.strip())
        names.discard(row["name_data_police_uk"])
        for name in sorted(names):
            g.add((force, SKOS.altLabel, Literal(name)))
        g.add((force, DCTERMS.identifier, Literal(row["data_police_uk_id"])))
        if row["ons_pfa_code"]:
            g.add((force, SKOS.notation, Literal(row["ons_pfa_code"])))
        if row["force_type"]:
            g.add((force, RDFS.comment, Literal(row["force_type"])))
        region = row["region"].strip()
        if region:
            rnode = URIRef(f"{ID}region/{region_slug(region)}")
            g.add((force, HMIC.inRegion, rnode))
            regions[region] = (str(rnode), row["ons_region_code"])
    for name, (iri, code) in regions.items():
        rnode = URIRef(iri)
        g.add((rnode, RDF.type, HMIC.PolicingRegion))
        g.add((rnode, RDFS.label, Literal(name)))
        g.add((rnode, SKOS.prefLabel, Literal(name)))
        if code:
            g.add((rnode, SKOS.notation, Literal(code)))
    for t in tuple(name_key_triples(g)):  # look-up keys of the names (ontology.keys)
        g.add(t)
    return g


def reference_graph() -> Graph:
    """A copy of the reference graph (forces and regions)."""
    out = Graph()
    for t in _reference_graph():
        out.add(t)
    return out
