"""Generate ``ontology/namespace.py`` (``class HMIC(DefinedNamespace)``) from ``hmic.ttl``.

Run ``python -m ontology._gen_namespace`` after editing ``hmic.ttl``;
``tests/ontology/test_namespace_current.py`` fails while the checked-in file
differs from :func:`render`. A closed namespace (``_fail = True``) turns a
misspelt term such as ``HMIC.AreaForImprovment`` into an ``AttributeError``
where it is used.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from ontology import HMIC_NS, _parse

__all__ = ["NAMESPACE_PY", "main", "render", "terms"]

NAMESPACE_PY = Path(__file__).with_name("namespace.py")

_KINDS = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (OWL.AnnotationProperty, "Annotation properties"),
)

_HEADER = '''\
"""The hmickg ontology terms as a closed rdflib namespace.

GENERATED from ontology/hmic.ttl by ``python -m ontology._gen_namespace``: do not edit.
Each term is annotated with its rdfs:label.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class HMIC(DefinedNamespace):
    """hmickg ontology (https://w3id.org/hmickg/def)."""

    _fail = True
    _NS = Namespace("{ns}")
'''


def terms(graph: Graph) -> list[tuple[str, list[tuple[str, str]]]]:
    """The hmic: terms of ``graph`` grouped by kind: ``[(heading, [(name, label)])]``."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    seen: set[URIRef] = set()
    for kind, heading in _KINDS:
        members = []
        for term in graph.subjects(RDF.type, kind):
            if isinstance(term, URIRef) and term.startswith(HMIC_NS) and term not in seen:
                seen.add(term)
                name = term[len(HMIC_NS) :]
                label = graph.value(term, RDFS.label)
                members.append((name, "" if label is None else " ".join(str(label).split())))
        if members:
            groups.append((heading, sorted(members, key=lambda m: (m[0].casefold(), m[0]))))
    return groups


def render(graph: Graph | None = None) -> str:
    """The text of ``namespace.py`` for ``graph`` (default: the packaged ``hmic.ttl``)."""
    if graph is None:  # hmic.ttl and the scheme files, which declare a few terms of their own
        from . import _SCHEME_FILES

        graph = _parse("hmic.ttl", *(f"schemes/{name}" for name in _SCHEME_FILES))
    lines = [_HEADER.format(ns=HMIC_NS)]
    for heading, members in terms(graph):
        lines.append(f"    # {heading}")
        for name, label in members:
            if not name.isidentifier():
                raise ValueError(f"hmic:{name} is not a Python identifier")
            lines.append(f"    {name}: URIRef  # {label}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    """Rewrite ``ontology/namespace.py``."""
    NAMESPACE_PY.write_text(render(), encoding="utf-8")
    print(f"wrote {NAMESPACE_PY}")


if __name__ == "__main__":
    main()
