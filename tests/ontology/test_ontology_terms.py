"""The OWL ontology (hmic.ttl): contract terms, annotations, hierarchy, OWL 2 DL hygiene."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection

import ontology
from ontology import HMIC_NS, ONTOLOGY_GRAPH_IRI, ONTOLOGY_IRI, _parse

SKOS_CONCEPT = URIRef("http://www.w3.org/2004/02/skos/core#Concept")

CONTRACT = Path("/work/shared/design/ontology.md")

# A copy of the terms of shared/design/ontology.md, used where that file is not
# available (e.g. a clean checkout in CI). test_contract_copy_is_current keeps
# the copy honest while the file is there.
CONTRACT_TERMS = frozenset(
    {
        "hmic:AreaForImprovement",
        "hmic:Assessment",
        "hmic:CollaborationAgreement",
        "hmic:Finding",
        "hmic:GoodPractice",
        "hmic:InformationSystem",
        "hmic:InspectionReport",
        "hmic:Operation",
        "hmic:OrganisedCrimeGroup",
        "hmic:PartnerAgency",
        "hmic:Partnership",
        "hmic:PoliceForce",
        "hmic:PolicingRegion",
        "hmic:Recommendation",
        "hmic:SourcePassage",
        "hmic:Strength",
        "hmic:Unit",
        "hmic:WorkInProgress",
        "hmic:finding",
        "hmic:framework",
        "hmic:grade",
        "hmic:hasAssessment",
        "hmic:inRegion",
        "hmic:inspectedForce",
        "hmic:involves",
        "hmic:lineEnd",
        "hmic:lineStart",
        "hmic:mentions",
        "hmic:mostSimilarForce",
        "hmic:nationalDistribution",
        "hmic:party",
        "hmic:protectiveServiceArea",
        "hmic:targets",
        "hmic:text",
        "hmic:usesSystem",
        "hmic:year",
        "hmic:gradeCount",
        "hmic:count",
        "org:FormalOrganization",
        "org:OrganizationalUnit",
        "org:Organization",
        "org:unitOf",
        "prov:Entity",
        "prov:wasDerivedFrom",
        "skos:Concept",
        "skos:ConceptScheme",
        "skos:altLabel",
        "skos:prefLabel",
        "dct:issued",
        "dct:source",
        "dct:subject",
        "qb:Observation",
    }
)

# Terms the ingest code uses beyond the contract (the brief's extension list).
EXTENSION_CLASSES = (
    "ReportSection",
    "GradeDistribution",
    "GradeCount",
    "Glossary",
    "GlossaryEntry",
    "ContactPoint",
    "ProtectiveServiceGap",
    "StatisticsTable",
)
EXTENSION_OBJECT_PROPERTIES = (
    "section",
    "hasSection",
    "hasGoodPractice",
    "contact",
    "glossary",
    "gradeCount",
)
EXTENSION_DATATYPE_PROPERTIES = {
    "lineStart": "integer",
    "lineEnd": "integer",
    "page": "integer",
    "count": "integer",
    "sequence": "integer",
    "number": "integer",
    "heading": "string",
    "summary": "string",
    "text": "string",
    "problem": "string",
    "solution": "string",
    "outcome": "string",
    "role": "string",
    "contactUnit": "string",
    "contactName": "string",
    "telephone": "string",
    "sourceFile": "string",
    "sha256": "string",
    "lineCount": "integer",
    "assessmentPeriod": "string",
    "gradeRank": "integer",
    "year": "gYear",
}

# Classes allowed to have no rdfs:subClassOf, with the reason. Empty: every
# hmic: class sits under an ORG, PROV-O, SKOS or Data Cube class, or under another hmic: class.
DOCUMENTED_ROOTS: dict[str, str] = {}

NAMESPACES = {
    "hmic": "https://w3id.org/hmickg/def#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "qb": "http://purl.org/linked-data/cube#",
}
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL_PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _contract_terms() -> frozenset[str]:
    if not CONTRACT.exists():
        return CONTRACT_TERMS
    text = CONTRACT.read_text(encoding="utf-8")
    return frozenset(re.findall(r"\b(?:hmic|org|prov|skos|dct|qb):[A-Za-z][A-Za-z0-9]*", text))


def _iri(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(NAMESPACES[prefix] + local)


@pytest.fixture(scope="module")
def hmic() -> Graph:
    """hmic.ttl alone (no schemes)."""
    return _parse("hmic.ttl")


def _hmic_subjects(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s in HMIC_NS
    )


def test_contract_copy_is_current() -> None:
    if not CONTRACT.exists():
        pytest.skip(f"{CONTRACT} not available; using the copied term list")
    assert _contract_terms() == CONTRACT_TERMS


@pytest.mark.parametrize("curie", sorted(_contract_terms()))
def test_contract_term_is_declared(hmic: Graph, curie: str) -> None:
    term = _iri(curie)
    kinds = set(hmic.objects(term, RDF.type))
    assert kinds & {OWL.Class, *OWL_PROPERTY_KINDS}, f"{curie} is not declared in hmic.ttl"
    if curie.startswith("hmic:"):
        assert hmic.value(term, RDFS.label), f"{curie} has no rdfs:label"
        assert hmic.value(term, SKOS.definition), f"{curie} has no skos:definition"
        assert hmic.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_ontology_header(hmic: Graph) -> None:
    dct = "http://purl.org/dc/terms/"
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in hmic
    assert hmic.value(ONTOLOGY_IRI, URIRef(dct + "title"))
    assert hmic.value(ONTOLOGY_IRI, URIRef(dct + "description"))
    assert hmic.value(ONTOLOGY_IRI, URIRef(dct + "creator")) == Literal("hmickg")
    assert hmic.value(ONTOLOGY_IRI, URIRef(dct + "license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert hmic.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert not list(hmic.objects(None, OWL.imports)), "nothing may be fetched at run time"


def test_every_hmic_term_is_annotated(hmic: Graph) -> None:
    terms = {t for kind in (OWL.Class, *OWL_PROPERTY_KINDS) for t in _hmic_subjects(hmic, kind)}
    assert len(terms) > 60
    for term in terms:
        labels = list(hmic.objects(term, RDFS.label))
        definitions = list(hmic.objects(term, SKOS.definition))
        assert len(labels) == 1, term
        assert len(definitions) == 1 and len(str(definitions[0])) > 15, term
        assert hmic.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI, term


def test_no_stray_hmic_iris(hmic: Graph) -> None:
    """Every hmic: IRI used anywhere in hmic.ttl is declared (catches typos such as hmic:Findng)."""
    declared = {t for kind in (OWL.Class, *OWL_PROPERTY_KINDS) for t in _hmic_subjects(hmic, kind)}
    used = {n for triple in hmic for n in triple if isinstance(n, URIRef) and n in HMIC_NS}
    assert used <= declared, used - declared


@pytest.mark.parametrize("name", EXTENSION_CLASSES)
def test_extension_class(hmic: Graph, name: str) -> None:
    assert (HMIC_NS[name], RDF.type, OWL.Class) in hmic


@pytest.mark.parametrize("name", EXTENSION_OBJECT_PROPERTIES)
def test_extension_object_property(hmic: Graph, name: str) -> None:
    assert (HMIC_NS[name], RDF.type, OWL.ObjectProperty) in hmic


@pytest.mark.parametrize(("name", "datatype"), sorted(EXTENSION_DATATYPE_PROPERTIES.items()))
def test_extension_datatype_property(hmic: Graph, name: str, datatype: str) -> None:
    assert (HMIC_NS[name], RDF.type, OWL.DatatypeProperty) in hmic
    assert hmic.value(HMIC_NS[name], RDFS.range) == URIRef(XSD + datatype)


def test_every_class_has_a_superclass_or_is_a_documented_root(hmic: Graph) -> None:
    for cls in _hmic_subjects(hmic, OWL.Class):
        name = cls[len(HMIC_NS) :]
        supers = list(hmic.objects(cls, RDFS.subClassOf))
        assert supers or name in DOCUMENTED_ROOTS, f"hmic:{name} has no superclass"
        for sup in supers:
            assert isinstance(sup, URIRef)
            assert (sup, RDF.type, OWL.Class) in hmic, f"superclass {sup} is not declared"


@pytest.mark.parametrize(
    ("cls", "superclass"),
    [
        ("hmic:PoliceForce", "org:FormalOrganization"),
        ("hmic:PolicingRegion", "prov:Location"),
        ("hmic:Unit", "org:OrganizationalUnit"),
        ("hmic:PartnerAgency", "org:Organization"),
        ("hmic:Partnership", "org:Organization"),
        ("hmic:CollaborationAgreement", "prov:Entity"),
        ("hmic:Operation", "prov:Activity"),
        ("hmic:OrganisedCrimeGroup", "prov:Agent"),
        ("hmic:InformationSystem", "prov:Entity"),
        ("hmic:InspectionReport", "prov:Entity"),
        ("hmic:SourcePassage", "prov:Entity"),
        ("hmic:Strength", "hmic:Finding"),
        ("hmic:WorkInProgress", "hmic:Finding"),
        ("hmic:AreaForImprovement", "hmic:Finding"),
        ("hmic:Recommendation", "hmic:Finding"),
        ("hmic:Glossary", "skos:ConceptScheme"),
        ("hmic:GlossaryEntry", "skos:Concept"),
        ("hmic:StatisticsTable", "qb:DataSet"),
    ],
)
def test_superclass(hmic: Graph, cls: str, superclass: str) -> None:
    assert (_iri(cls), RDFS.subClassOf, _iri(superclass)) in hmic


def test_organised_crime_group_is_not_an_organisation(hmic: Graph) -> None:
    closure = set(hmic.transitive_objects(_iri("hmic:OrganisedCrimeGroup"), RDFS.subClassOf))
    assert _iri("org:Organization") not in closure


def test_finding_kinds_are_pairwise_disjoint(hmic: Graph) -> None:
    groups = [
        {*Collection(hmic, hmic.value(node, OWL.members))}
        for node in hmic.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    expected = {
        HMIC_NS[n] for n in ("Strength", "WorkInProgress", "AreaForImprovement", "Recommendation")
    }
    assert expected in groups


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        ("hmic:inRegion", "hmic:PoliceForce", "hmic:PolicingRegion"),
        ("hmic:mostSimilarForce", "hmic:PoliceForce", "hmic:PoliceForce"),
        ("hmic:hasAssessment", "hmic:InspectionReport", "hmic:Assessment"),
        ("hmic:nationalDistribution", "hmic:Assessment", "hmic:GradeDistribution"),
        ("hmic:finding", "hmic:Assessment", "hmic:Finding"),
        ("hmic:involves", "hmic:Operation", "org:Organization"),
        ("hmic:targets", "hmic:Operation", "hmic:OrganisedCrimeGroup"),
        ("hmic:party", "hmic:CollaborationAgreement", "org:Organization"),
        ("hmic:usesSystem", "org:Organization", "hmic:InformationSystem"),
        ("hmic:section", "hmic:Finding", "hmic:ReportSection"),
        ("hmic:hasSection", "hmic:Assessment", "hmic:ReportSection"),
        ("hmic:hasGoodPractice", "hmic:InspectionReport", "hmic:GoodPractice"),
        ("hmic:contact", "hmic:GoodPractice", "hmic:ContactPoint"),
        ("hmic:glossary", "hmic:InspectionReport", "hmic:Glossary"),
        ("hmic:gradeCount", "hmic:GradeDistribution", "hmic:GradeCount"),
    ],
)
def test_object_property_domain_and_range(hmic: Graph, prop: str, domain: str, range_: str) -> None:
    term = _iri(prop)
    assert (term, RDF.type, OWL.ObjectProperty) in hmic
    assert list(hmic.objects(term, RDFS.domain)) == [_iri(domain)]
    assert list(hmic.objects(term, RDFS.range)) == [_iri(range_)]


@pytest.mark.parametrize(
    ("prop", "members"),
    [
        # grades of assessments, of national grade counts, and grades a report states in prose
        ("grade", {"Assessment", "GradeCount", "GradeStatement"}),
        # frameworks of assessments, of the sections findings stand under, of examples, of statements
        ("framework", {"Assessment", "ReportSection", "GoodPractice", "GradeStatement"}),
        ("inspectedForce", {"InspectionReport", "GradeStatement"}),
    ],
)
def test_shared_properties_have_union_domains(hmic: Graph, prop: str, members: set[str]) -> None:
    """A property used on several classes has their union as its domain, never one of them."""
    domains = list(hmic.objects(HMIC_NS[prop], RDFS.domain))
    assert len(domains) == 1
    union = set(Collection(hmic, hmic.value(domains[0], OWL.unionOf)))
    assert union == {HMIC_NS[m] for m in members}
    range_ = {
        "grade": SKOS_CONCEPT,
        "framework": SKOS_CONCEPT,
        "inspectedForce": HMIC_NS.PoliceForce,
    }
    assert list(hmic.objects(HMIC_NS[prop], RDFS.range)) == [range_[prop]]


def test_property_kinds_are_exclusive(hmic: Graph) -> None:
    for kind in OWL_PROPERTY_KINDS:
        for term in _hmic_subjects(hmic, kind):
            others = {k for k in OWL_PROPERTY_KINDS if k != kind}
            assert not (set(hmic.objects(term, RDF.type)) & others), term


def test_every_predicate_and_class_used_is_declared(hmic: Graph) -> None:
    """OWL 2 DL: annotation properties (skos:definition, dct:*) and external terms are typed."""
    builtin = (str(RDF), str(RDFS), str(OWL))
    for predicate in set(hmic.predicates()):
        if str(predicate).startswith(builtin):
            continue
        assert set(hmic.objects(predicate, RDF.type)) & set(OWL_PROPERTY_KINDS), predicate
    for cls in set(hmic.objects(None, RDFS.subClassOf)) | set(hmic.objects(None, RDFS.domain)):
        if isinstance(cls, URIRef):
            assert (cls, RDF.type, OWL.Class) in hmic, cls
    for term in (
        "skos:definition",
        "dct:title",
        "dct:description",
        "dct:creator",
        "dct:license",
        "dct:source",
        "dct:subject",
        "dct:issued",
    ):
        assert (_iri(term), RDF.type, OWL.AnnotationProperty) in hmic


def test_graphs_are_fresh_copies() -> None:
    first = ontology.ontology_graph()
    size = len(first)
    first.remove((None, None, None))
    assert len(ontology.ontology_graph()) == size
    assert len(ontology.vocabulary_graph()) < size
    assert len(ontology.shapes_graph()) > len(ontology.shapes_graph(personal_data=True))


def test_ontology_graph_holds_ontology_and_schemes() -> None:
    graph = ontology.ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert (ontology.GRADE["meets-the-standard"], RDF.type, SKOS.Concept) in graph
    assert URIRef("https://w3id.org/hmickg/id/graph/ontology") == ONTOLOGY_GRAPH_IRI
    assert str(ontology.ID_NS) == "https://w3id.org/hmickg/id/"
    assert graph.namespace_manager.expand_curie("hmic:Finding") == HMIC_NS.Finding


def test_import_is_light() -> None:
    """Importing the package (and its modules) loads neither pySHACL nor owlready2."""
    code = (
        "import sys, ontology, ontology.validate, ontology.reasoning, ontology.namespace\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('pyshacl', 'owlready2')]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
