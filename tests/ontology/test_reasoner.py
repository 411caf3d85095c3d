"""OWL 2 DL reasoning over the ontology with HermiT and Pellet (owlready2 0.49, Java).

Marked ``reasoner``; they run in the normal test command and are skipped only
when no ``java`` is on the PATH.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from ontology.reasoning import ConsistencyResult, _write, check_consistency

pytestmark = [
    pytest.mark.reasoner,
    pytest.mark.skipif(shutil.which("java") is None, reason="no java on PATH"),
]

EXAMPLES = Path(__file__).resolve().parents[2] / "ontology" / "examples" / "valid"

PREFIXES = """
@prefix hmic: <https://w3id.org/hmickg/def#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id:   <https://w3id.org/hmickg/id/> .
"""


def _graph(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def _pellet(individuals: Graph | None = None) -> ConsistencyResult:
    """Pellet, skipped (with the reason) if this JVM cannot run owlready2's Pellet jar."""
    import owlready2

    try:
        return check_consistency("pellet", individuals=individuals)
    except owlready2.OwlReadyJavaError as error:  # pragma: no cover - depends on the JVM
        if "UnsupportedClassVersionError" in str(error):
            pytest.skip("owlready2's Pellet jar needs a newer Java than this machine's")
        raise


# --- HermiT ---------------------------------------------------------------------------


def test_hermit_finds_the_ontology_consistent() -> None:
    result = check_consistency("hermit")
    assert result.consistent, result.message
    assert result.unsatisfiable == ()
    assert result.ok


def test_hermit_strength_and_area_for_improvement_is_inconsistent() -> None:
    """owl:AllDisjointClasses: one finding cannot stand under two kinds of heading."""
    both = _graph("id:finding-x a hmic:Strength , hmic:AreaForImprovement .")
    result = check_consistency("hermit", individuals=both)
    assert not result.consistent
    assert not result.ok


def test_hermit_a_plain_strength_is_consistent() -> None:
    """The control for the test above: the same individual with one kind is fine."""
    one = _graph("id:finding-x a hmic:Strength .")
    assert check_consistency("hermit", individuals=one).consistent


def test_hermit_operation_is_not_a_report() -> None:
    """hmic:Operation ⊑ prov:Activity, hmic:InspectionReport ⊑ prov:Entity, disjoint in PROV-O."""
    odd = _graph("id:operation-lucky a hmic:Operation , hmic:InspectionReport .")
    assert not check_consistency("hermit", individuals=odd).consistent


def test_hermit_reports_unsatisfiable_classes() -> None:
    odd = _graph("hmic:Odd a owl:Class ; rdfs:subClassOf hmic:Strength , hmic:Recommendation .")
    result = check_consistency("hermit", individuals=odd)
    assert result.consistent
    assert result.unsatisfiable == ("https://w3id.org/hmickg/def#Odd",)
    assert not result.ok


def test_hermit_valid_examples_are_consistent_with_the_ontology() -> None:
    """Domains and ranges do not clash with the instance data the shapes accept."""
    data = Graph()
    for path in sorted(EXAMPLES.glob("*.ttl")):
        data.parse(path)
    result = check_consistency("hermit", individuals=data)
    assert result.consistent, result.message
    assert result.unsatisfiable == ()


def test_hermit_accepts_individuals_that_rdf_xml_cannot_write(tmp_path: Path) -> None:
    """A predicate ending in digits has no RDF/XML form; the graph goes as N-Triples."""
    odd = _graph("id:finding-x a hmic:Strength ; <https://example.org/p/123> id:y .")
    assert _write(odd, tmp_path).suffix == ".nt"
    assert check_consistency("hermit", individuals=odd).consistent


def test_unknown_reasoner() -> None:
    with pytest.raises(ValueError, match="Unknown reasoner"):
        check_consistency("fact++")  # type: ignore[arg-type]


# --- Pellet ---------------------------------------------------------------------------


def test_pellet_finds_the_ontology_consistent() -> None:
    result = _pellet()
    assert result.consistent, result.message
    assert result.unsatisfiable == ()


def test_pellet_strength_and_area_for_improvement_is_inconsistent() -> None:
    both = _graph("id:finding-x a hmic:Strength , hmic:AreaForImprovement .")
    result = _pellet(both)
    assert not result.consistent
    assert "inconsistent" in result.message.lower()
