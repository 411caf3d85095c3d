"""SKOS schemes (ontology/schemes/*.ttl) and the label index the ingest code uses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from ontology import (
    FRAMEWORK,
    GRADE,
    HMIC_NS,
    PSA,
    SCHEME,
    concept_labels,
    normalise_label,
    vocabulary_graph,
)

SCHEMES = (
    SCHEME.frameworks,
    SCHEME["grades-four-point"],
    SCHEME["grades-standard"],
    SCHEME["protective-service-areas"],
)

FRAMEWORK_SLUGS = (
    "neighbourhood-policing",
    "performance-management",
    "protecting-vulnerable-people",
    "child-abuse",
    "domestic-violence",
    "public-protection",
    "missing-persons",
    "major-crime",
    "serious-and-organised-crime",
    "strategic-resource-management",
    "customer-service-and-accessibility",
    "critical-incident-management",
    "professional-standards",
    "public-order",
    "civil-contingencies",
    "information-management",
    "strategic-roads-policing",
    "leadership",
    "developing-citizen-focus",
    "fairness-and-equality-in-service-delivery",
    "volume-crime-reduction",
    "volume-crime-investigation",
    "improving-forensic-performance",
    "criminal-justice-processes",
    "reducing-anti-social-behaviour",
    "contact-management",
    "training-development-and-organisational-learning",
)
PSA_SLUGS = (
    "counter-terrorism-and-domestic-extremism",
    "serious-organised-and-cross-border-crime",
    "civil-contingencies",
    "critical-incident-management",
    "major-crime",
    "public-order",
    "strategic-roads-policing",
    "protecting-vulnerable-people",
)
PVP_PARTS = ("child-abuse", "domestic-violence", "public-protection", "missing-persons")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return vocabulary_graph()


def _concepts(graph: Graph, scheme: URIRef) -> list[URIRef]:
    return sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))


# --- the cases the brief names ---------------------------------------------------


def test_meets_the_standard_with_its_full_stop() -> None:
    labels = concept_labels(SCHEME["grades-standard"])
    assert labels["meets the standard."] == GRADE["meets-the-standard"]
    assert labels[normalise_label("Meets the standard.")] == GRADE["meets-the-standard"]


def test_protecting_vulnerable_people_in_capitals() -> None:
    labels = concept_labels(SCHEME.frameworks)
    assert (
        labels["PROTECTING VULNERABLE PEOPLE".casefold()]
        == FRAMEWORK["protecting-vulnerable-people"]
    )
    assert (
        labels[normalise_label("PROTECTING VULNERABLE PEOPLE")]
        == FRAMEWORK["protecting-vulnerable-people"]
    )


@pytest.mark.parametrize("part", PVP_PARTS)
def test_pvp_parts_have_broader_pvp(vocab: Graph, part: str) -> None:
    pvp = FRAMEWORK["protecting-vulnerable-people"]
    assert (FRAMEWORK[part], SKOS.broader, pvp) in vocab
    assert (pvp, SKOS.narrower, FRAMEWORK[part]) in vocab
    assert (FRAMEWORK[part], SKOS.topConceptOf, None) not in vocab


@pytest.mark.parametrize("slug", PSA_SLUGS)
def test_protective_service_area_exists(vocab: Graph, slug: str) -> None:
    assert (PSA[slug], RDF.type, SKOS.Concept) in vocab
    assert (PSA[slug], SKOS.topConceptOf, SCHEME["protective-service-areas"]) in vocab


def test_exactly_eight_protective_service_areas(vocab: Graph) -> None:
    assert len(_concepts(vocab, SCHEME["protective-service-areas"])) == 8


@pytest.mark.parametrize("slug", FRAMEWORK_SLUGS)
def test_framework_exists(vocab: Graph, slug: str) -> None:
    assert (FRAMEWORK[slug], SKOS.inScheme, SCHEME.frameworks) in vocab


# --- wordings printed in the two sample reports -----------------------------------


@pytest.mark.parametrize(
    ("wording", "slug"),
    [
        ("Major Crime", "major-crime"),
        ("Neighbourhood Policing", "neighbourhood-policing"),
        ("Neighbourhood policing", "neighbourhood-policing"),
        ("Performance management", "performance-management"),
        ("Protecting vulnerable people", "protecting-vulnerable-people"),
        ("Protection of vulnerable people", "protecting-vulnerable-people"),
        ("PVP", "protecting-vulnerable-people"),
        ("Child abuse", "child-abuse"),
        ("Domestic violence", "domestic-violence"),
        ("Public protection", "public-protection"),
        ("Management of sex and dangerous offenders", "public-protection"),
        ("Missing persons", "missing-persons"),
        ("Vulnerable missing persons", "missing-persons"),
        ("Serious and organised crime", "serious-and-organised-crime"),
        ("Strategic resource management", "strategic-resource-management"),
        ("Customer service and accessibility", "customer-service-and-accessibility"),
        ("Critical incident management", "critical-incident-management"),
        ("Critical incidents", "critical-incident-management"),
        ("Professional standards", "professional-standards"),
        ("Public order", "public-order"),
        ("Civil contingencies", "civil-contingencies"),
        ("Information management", "information-management"),
        ("Strategic roads policing", "strategic-roads-policing"),
        ("Leadership", "leadership"),
        ("Developing citizen focus", "developing-citizen-focus"),
        ("Fairness and equality in service delivery ", "fairness-and-equality-in-service-delivery"),
        ("Volume crime reduction", "volume-crime-reduction"),
        ("Volume crime investigation", "volume-crime-investigation"),
        ("Improving forensic performance", "improving-forensic-performance"),
        ("Criminal justice processes", "criminal-justice-processes"),
        ("Reducing anti-social behaviour", "reducing-anti-social-behaviour"),
        ("Contact management", "contact-management"),
        (
            "Training, development and organisational learning",
            "training-development-and-organisational-learning",
        ),
    ],
)
def test_report_framework_wording(wording: str, slug: str) -> None:
    assert concept_labels(SCHEME.frameworks)[normalise_label(wording)] == FRAMEWORK[slug]


@pytest.mark.parametrize(
    ("scheme", "wording", "slug"),
    [
        ("grades-standard", "Meets the standard.", "meets-the-standard"),
        ("grades-standard", "Meeting the standard", "meets-the-standard"),
        ("grades-standard", "Exceeding the standard", "exceeds-the-standard"),
        ("grades-standard", "Exceeds the standard.", "exceeds-the-standard"),
        ("grades-standard", "Failing to meet the standard", "fails-to-meet-the-standard"),
        ("grades-standard", "Fails to meet the standard.", "fails-to-meet-the-standard"),
        ("grades-standard", "Fails the standard", "fails-to-meet-the-standard"),
        ("grades-four-point", "EXCELLENT", "excellent"),
        ("grades-four-point", "Excellent", "excellent"),
        ("grades-four-point", "Good", "good"),
        ("grades-four-point", "Fair", "fair"),
        ("grades-four-point", "Poor", "poor"),
    ],
)
def test_report_grade_wording(scheme: str, wording: str, slug: str) -> None:
    assert concept_labels(SCHEME[scheme])[normalise_label(wording)] == GRADE[slug]


@pytest.mark.parametrize(
    ("wording", "slug"),
    [
        ("terrorism and extremism", "counter-terrorism-and-domestic-extremism"),
        ("counter-terrorism", "counter-terrorism-and-domestic-extremism"),
        ("serious organised and cross border crime", "serious-organised-and-cross-border-crime"),
        ("serious and organised crime", "serious-organised-and-cross-border-crime"),
        ("SOC", "serious-organised-and-cross-border-crime"),
        ("civil contingencies and emergency planning", "civil-contingencies"),
        ("critical incident management", "critical-incident-management"),
        ("critical incidents", "critical-incident-management"),
        ("homicide and other serious violence", "major-crime"),
        ("significant public order incidents", "public-order"),
        ("strategic roads policing.", "strategic-roads-policing"),
        ("protecting vulnerable people", "protecting-vulnerable-people"),
    ],
)
def test_report_protective_service_wording(wording: str, slug: str) -> None:
    labels = concept_labels(SCHEME["protective-service-areas"])
    assert labels[normalise_label(wording)] == PSA[slug]


# --- SKOS discipline ---------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_concepts_are_complete(vocab: Graph, scheme: URIRef) -> None:
    assert (scheme, RDF.type, SKOS.ConceptScheme) in vocab
    assert vocab.value(scheme, SKOS.prefLabel) and vocab.value(scheme, SKOS.definition)
    concepts = _concepts(vocab, scheme)
    assert concepts
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in vocab
        pref = list(vocab.objects(concept, SKOS.prefLabel))
        assert len(pref) == 1, concept
        assert isinstance(pref[0], Literal) and pref[0].language is None
        assert pref[0].datatype is None, "plain string, no language tag"
        assert vocab.value(concept, RDFS.label) == pref[0]
        assert vocab.value(concept, SKOS.definition), concept
        is_top = (concept, SKOS.topConceptOf, scheme) in vocab
        has_broader = (concept, SKOS.broader, None) in vocab
        assert is_top != has_broader, f"{concept}: top concept exactly when it has no broader"
        assert is_top == ((scheme, SKOS.hasTopConcept, concept) in vocab)
        for broader in vocab.objects(concept, SKOS.broader):
            assert (broader, SKOS.narrower, concept) in vocab
            assert (broader, SKOS.inScheme, scheme) in vocab


@pytest.mark.parametrize("scheme", SCHEMES)
def test_labels_are_unambiguous_within_a_scheme(scheme: URIRef) -> None:
    """concept_labels() raises if two concepts of one scheme share a label."""
    assert concept_labels(scheme)


@pytest.mark.parametrize(
    ("scheme", "ranks"),
    [
        ("grades-four-point", {"excellent": 4, "good": 3, "fair": 2, "poor": 1}),
        (
            "grades-standard",
            {"exceeds-the-standard": 3, "meets-the-standard": 2, "fails-to-meet-the-standard": 1},
        ),
    ],
)
def test_grade_ranks(vocab: Graph, scheme: str, ranks: dict[str, int]) -> None:
    concepts = _concepts(vocab, SCHEME[scheme])
    assert {c[len(GRADE) :] for c in concepts} == set(ranks)
    for slug, rank in ranks.items():
        assert vocab.value(GRADE[slug], HMIC_NS.gradeRank).toPython() == rank


def test_grade_pref_labels(vocab: Graph) -> None:
    expected = {
        "excellent": "Excellent",
        "good": "Good",
        "fair": "Fair",
        "poor": "Poor",
        "exceeds-the-standard": "Exceeds the standard",
        "meets-the-standard": "Meets the standard",
        "fails-to-meet-the-standard": "Fails to meet the standard",
    }
    for slug, label in expected.items():
        assert vocab.value(GRADE[slug], SKOS.prefLabel) == Literal(label)
    assert Literal("Meets the standard.") in set(
        vocab.objects(GRADE["meets-the-standard"], SKOS.altLabel)
    )


def test_exact_matches_are_symmetric_and_cross_scheme(vocab: Graph) -> None:
    pairs = set(vocab.subject_objects(SKOS.exactMatch))
    assert len(pairs) == 14
    for a, b in pairs:
        assert (b, a) in pairs
        assert str(a).startswith(str(FRAMEWORK)) != str(b).startswith(str(FRAMEWORK))
    assert (
        FRAMEWORK["serious-and-organised-crime"],
        PSA["serious-organised-and-cross-border-crime"],
    ) in pairs


def test_unknown_scheme_is_an_error() -> None:
    with pytest.raises(ValueError, match="Unknown concept scheme"):
        concept_labels(URIRef("https://w3id.org/hmickg/def/scheme/nope"))


def test_concept_labels_returns_a_copy() -> None:
    labels = concept_labels(SCHEME.frameworks)
    labels.clear()
    assert concept_labels(SCHEME.frameworks)


def test_normalise_label() -> None:
    assert normalise_label("  Meets the\n standard. ") == "meets the standard"
    assert normalise_label("PVP") == "pvp"


_ALL_LABELS = sorted(
    (str(label), scheme, concept)
    for scheme in SCHEMES
    for concept in vocabulary_graph().subjects(SKOS.inScheme, scheme)
    for p in (SKOS.prefLabel, SKOS.altLabel)
    for label in vocabulary_graph().objects(concept, p)
)


@given(
    entry=st.sampled_from(_ALL_LABELS),
    flips=st.lists(st.booleans(), min_size=120, max_size=120),
    space=st.sampled_from([" ", "  ", "\n", " \t"]),
    stop=st.booleans(),
)
def test_any_capitalisation_or_spacing_finds_the_concept(
    entry: tuple[str, URIRef, URIRef], flips: list[bool], space: str, stop: bool
) -> None:
    label, scheme, concept = entry
    mangled = "".join(c.upper() if f else c.lower() for c, f in zip(label, flips, strict=False))
    mangled = space + mangled.replace(" ", space) + ("." if stop else "") + space
    assert concept_labels(scheme)[normalise_label(mangled)] == concept
