"""Generated files are current: ontology/namespace.py and docs/ontology.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from ontology import HMIC_NS, ontology_graph
from ontology._gen_docs import QUERIES
from ontology._gen_docs import render as render_docs
from ontology._gen_namespace import NAMESPACE_PY
from ontology._gen_namespace import render as render_namespace
from ontology.namespace import HMIC

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "ontology.md"
EXAMPLES = ROOT / "ontology" / "examples" / "valid"


def test_namespace_py_is_current() -> None:
    assert NAMESPACE_PY.read_text(encoding="utf-8") == render_namespace(), (
        "ontology/namespace.py is stale: run `python -m ontology._gen_namespace`"
    )


def test_docs_are_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_docs(), (
        "docs/ontology.md is stale: run `python -m ontology._gen_docs > docs/ontology.md`"
    )


def test_namespace_is_closed() -> None:
    assert HMIC.AreaForImprovement == URIRef(HMIC_NS["AreaForImprovement"])
    with pytest.raises(AttributeError):
        _ = HMIC.AreaForImprovment  # the misspelling the closed namespace exists to catch


def test_namespace_terms_that_shadow_str_methods() -> None:
    """rdflib's Namespace is a str: ``Namespace(...).count`` is str.count. HMIC is not."""
    assert HMIC.count == URIRef("https://w3id.org/hmickg/def#count")
    assert HMIC["count"] == URIRef("https://w3id.org/hmickg/def#count")
    assert HMIC.text == URIRef("https://w3id.org/hmickg/def#text")


def test_generator_rejects_a_non_identifier() -> None:
    graph = Graph().parse(
        data="@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/hmickg/def#not-a-name> a owl:Class .",
        format="turtle",
    )
    with pytest.raises(ValueError, match="not a Python identifier"):
        render_namespace(graph)


@pytest.mark.parametrize(("title", "query"), QUERIES, ids=[t for t, _ in QUERIES])
def test_documented_queries_answer_on_the_examples(title: str, query: str) -> None:
    data = ontology_graph()
    for path in sorted(EXAMPLES.glob("*.ttl")):
        data.parse(path)
    rows = list(data.query(query))
    assert rows, f"{title}: no rows"
