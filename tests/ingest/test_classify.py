"""Finding themes and protective-service areas (ingest/classify.py, gazetteer/themes.yaml)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from ingest.classify import (
    ACTIVITY,
    THEME,
    THEME_SCHEME,
    Classification,
    GoldLabel,
    classification_triples,
    classify,
    default_rules,
    parse_gold,
    report_findings,
    rules_from_mapping,
    score_against,
)
from ontology import FRAMEWORK, HMIC_NS, ONTOLOGY_IRI, PSA, ontology_graph, vocabulary_graph

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "benchmarks" / "gold" / "themes.yaml"
RULES_YAML = ROOT / "ingest" / "gazetteer" / "themes.yaml"

THEME_IDS = (
    "analytical-capacity",
    "intelligence-management",
    "information-sharing",
    "data-quality-and-audit",
    "it-systems",
    "staffing-and-resilience",
    "succession-planning",
    "training-and-accreditation",
    "vetting-and-professional-standards",
    "cold-case-review",
    "case-review-and-debrief",
    "business-continuity",
    "risk-management",
    "policy-and-procedures",
    "partnership-working",
    "community-engagement",
    "performance-management",
    "governance-and-accountability",
    "victim-and-witness-care",
    "offender-management",
)
KINDS = ("Strength", "WorkInProgress", "AreaForImprovement", "Recommendation", "GoodPractice")
MAJOR_CRIME = str(FRAMEWORK["major-crime"])
CHILD_ABUSE = str(FRAMEWORK["child-abuse"])
NEIGHBOURHOOD = str(FRAMEWORK["neighbourhood-policing"])

# Wordings from the two bundled reports (000: Major Crime 2008; 003: 2007 inspection).
ANALYSTS = (
    "The force employs a total of 29 analysts; the operations intelligence bureau (OIB) has "
    "five analysts dedicated to level 2, operating a desk structure."
)
COLD_CASES = (
    "There is limited capacity to conduct cold case reviews, and although the team is reviewing "
    "some cases, it is not able to complete them all."
)
VETTING = "The PSD is leading a project to implement the ACPO national vetting policy by 2010."
VETTED = "All public protection staff have been vetted to security clearance level."


def _ids(c: Classification) -> list[str]:
    return [t.id for t in c.themes]


# --- the scheme and the rules file ----------------------------------------------------------


def test_scheme_has_exactly_the_twenty_themes() -> None:
    vocab = vocabulary_graph()
    concepts = {c for c in vocab.subjects(SKOS.inScheme, THEME_SCHEME)}
    assert concepts == {THEME[t] for t in THEME_IDS}
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in vocab
        assert (concept, SKOS.topConceptOf, THEME_SCHEME) in vocab
        assert (THEME_SCHEME, SKOS.hasTopConcept, concept) in vocab
        assert vocab.value(concept, RDFS.label) == vocab.value(concept, SKOS.prefLabel)
        assert len(str(vocab.value(concept, SKOS.definition))) > 40
        assert list(vocab.objects(concept, SKOS.altLabel))


@pytest.mark.parametrize(
    "name", ["ThemeAssignment", "assignedConcept", "score", "matchedTerm", "rule"]
)
def test_explanation_terms_are_declared(name: str) -> None:
    graph = ontology_graph()
    term = HMIC_NS[name]
    assert graph.value(term, RDFS.label)
    assert graph.value(term, SKOS.definition)
    assert graph.value(term, RDFS.isDefinedBy) == ONTOLOGY_IRI
    assert (HMIC_NS.ThemeAssignment, RDFS.subClassOf, PROV.Entity) in graph


def test_rules_cover_every_theme_and_area() -> None:
    rules = default_rules()
    assert set(rules.themes) == set(THEME_IDS)
    assert set(rules.areas) == {
        str(c)[len(PSA) :]
        for c in vocabulary_graph().subjects(
            SKOS.inScheme, URIRef("https://w3id.org/hmickg/def/scheme/protective-service-areas")
        )
    }


def test_rules_reject_an_unknown_theme() -> None:
    data = yaml.safe_load(RULES_YAML.read_text(encoding="utf-8"))
    data["themes"]["hot-dogs"] = {"sausages?": 1}
    with pytest.raises(ValueError, match="unknown theme: hot-dogs"):
        rules_from_mapping(data)


def test_rules_reject_a_bad_pattern() -> None:
    data = yaml.safe_load(RULES_YAML.read_text(encoding="utf-8"))
    data["themes"]["cold-case-review"]["cold (case"] = 1
    with pytest.raises(ValueError, match="bad pattern"):
        rules_from_mapping(data)


def test_framework_areas_follow_exact_match_and_broader() -> None:
    areas = default_rules().framework_areas
    assert areas[MAJOR_CRIME] == "major-crime"
    assert areas[CHILD_ABUSE] == "protecting-vulnerable-people"  # skos:broader PVP, exactMatch psa
    assert NEIGHBOURHOOD not in areas


# --- themes, with their explanation ----------------------------------------------------------


def test_explanation_names_the_matched_terms_and_offsets() -> None:
    c = classify(ANALYSTS, kind="Strength", framework=MAJOR_CRIME)
    main = c.main_theme
    assert main is not None and main.id == "analytical-capacity"
    assert main.terms == ("analysts",)
    assert [m.start for m in main.matches] == [
        ANALYSTS.index("analysts"),
        ANALYSTS.rindex("analysts"),
    ]
    for decision in (*c.themes, c.area):
        assert decision is not None
        for m in decision.matches:
            assert ANALYSTS[m.start : m.end] == m.term
    assert "term" in main.rules and "lead-sentence" in main.rules
    assert '"analysts"@32' in c.explain()


def test_cold_case_review() -> None:
    c = classify(COLD_CASES, kind="AreaForImprovement", framework=MAJOR_CRIME)
    assert _ids(c)[0] == "cold-case-review"
    # "cold case reviews" is one longer match: no evidence for case-review-and-debrief
    assert "case-review-and-debrief" not in _ids(c)


@pytest.mark.parametrize("text", [VETTING, VETTED])
def test_vetting(text: str) -> None:
    c = classify(text, kind="Strength", framework=None)
    assert _ids(c)[0] == "vetting-and-professional-standards"
    assert any("vett" in t for t in c.themes[0].terms)


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        (
            "The force has a generic business continuity plan that includes a flu pandemic.",
            "business-continuity",
        ),
        (
            "Consideration should be given to developing a formal risk matrix for the register.",
            "risk-management",
        ),
        ("Succession planning is a proactive and robust process.", "succession-planning"),
        (
            "The force needs to reinvigorate its debrief process to share good practice.",
            "case-review-and-debrief",
        ),
        (
            "Records have been created on ViSOR for all risk levels for RSO initial home visits.",
            "offender-management",
        ),
        (
            "The MIG is not updated daily, which makes assessment of performance across the indicators difficult.",
            "performance-management",
        ),
        (
            "Memoranda of understanding formalise information-sharing agreements with the DWP.",
            "information-sharing",
        ),
        (
            "The CRAVE survey asks residents whether they are confident in the police.",
            "community-engagement",
        ),
    ],
)
def test_main_theme_of_plain_findings(text: str, theme: str) -> None:
    assert _ids(classify(text, kind="Strength", framework=None))[0] == theme


def test_one_to_three_themes_and_ranked() -> None:
    text = (
        "The PA is considering expanding the existing performance committee that would be "
        "responsible for monitoring major crime. It is also considering having vetted members."
    )
    c = classify(text, kind="WorkInProgress", framework=MAJOR_CRIME)
    assert 1 <= len(c.themes) <= 3
    raws = [t.raw for t in c.themes]
    assert raws == sorted(raws, reverse=True)
    assert all(0 < t.score < 1 for t in c.themes)


def test_framework_prior_gives_a_theme_to_a_finding_without_terms() -> None:
    c = classify("Good progress has been made.", kind="Strength", framework=NEIGHBOURHOOD)
    assert _ids(c) == ["community-engagement"]
    assert c.themes[0].rules == ("framework-theme",)
    assert classify("Good progress has been made.", kind="Strength", framework=None).themes == ()


def test_kind_may_be_a_finding_kind_and_must_be_known() -> None:
    from ingest.model import FindingKind

    assert classify(VETTING, kind=FindingKind.STRENGTH, framework=None).themes
    with pytest.raises(ValueError, match="Unknown finding kind"):
        classify(VETTING, kind="Strenght", framework=None)


def test_framework_may_be_the_printed_heading() -> None:
    c = classify(
        VETTED, kind="Strength", framework="Protecting Vulnerable People – Public Protection"
    )
    assert c.area is not None and c.area.concept == PSA["protecting-vulnerable-people"]
    with pytest.raises(ValueError, match="Unknown framework"):
        classify(VETTED, kind="Strength", framework="Flower arranging")


# --- protective-service area ---------------------------------------------------------------


def test_area_from_framework() -> None:
    c = classify(VETTING, kind="WorkInProgress", framework=MAJOR_CRIME)
    assert c.area is not None and c.area.id == "major-crime"
    assert c.area.rules == ("framework-area",)
    assert c.area.matches == ()


def test_area_from_broader_framework() -> None:
    c = classify(
        "Succession planning is a proactive and robust process.",
        kind="Strength",
        framework=CHILD_ABUSE,
    )
    assert c.area is not None and c.area.id == "protecting-vulnerable-people"
    assert "framework-area" in c.area.rules


def test_area_terms_can_dominate_the_framework_area() -> None:
    text = (
        "Organised crime and counter-terrorism issues are threaded into neighbourhood policing. "
        "The 'prevent' element of the national counter-terrorism strategy is championed by the "
        "ACC, and counter-terrorism is a standing item of the board."
    )
    c = classify(text, kind="Strength", framework=MAJOR_CRIME)
    assert c.area is not None and c.area.id == "counter-terrorism-and-domestic-extremism"
    assert c.area.rules == ("area-terms", "area-dominates")
    assert "counter-terrorism" in c.area.terms


def test_no_area_without_a_framework_area_or_strong_terms() -> None:
    assert classify(VETTING, kind="Strength", framework=NEIGHBOURHOOD).area is None
    c = classify(
        "The audit regime needs strengthening in the protecting vulnerable people (PVP) disciplines.",
        kind="AreaForImprovement",
        framework=str(FRAMEWORK["performance-management"]),
    )
    assert c.area is not None and c.area.id == "protecting-vulnerable-people"
    assert c.area.rules == ("area-terms",)


# --- never crashes --------------------------------------------------------------------------

FRAMEWORKS = [
    None,
    MAJOR_CRIME,
    CHILD_ABUSE,
    NEIGHBOURHOOD,
    str(FRAMEWORK["performance-management"]),
]
WORDS = st.sampled_from(
    [
        "analysts",
        "vetting",
        "cold case",
        "risk",
        "MAPPA",
        "(",
        "[",
        "\\",
        "—",
        "’",
        ".",
        " ",
        "\n",
        "PIP",
        "audit",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    text=st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=60).map(" ".join)),
    kind=st.sampled_from(KINDS),
    framework=st.sampled_from(FRAMEWORKS),
)
def test_classify_never_crashes_and_keeps_at_most_three_themes(
    text: str, kind: str, framework: str | None
) -> None:
    c = classify(text, kind=kind, framework=framework)
    assert len(c.themes) <= 3
    assert len({t.concept for t in c.themes}) == len(c.themes)
    for d in (*c.themes, *([c.area] if c.area else [])):
        assert 0 <= d.score < 1
        assert d.rules
        for m in d.matches:
            assert text[m.start : m.end] == m.term
    assert all(str(t.concept).startswith(str(THEME)) for t in c.themes)
    assert c.area is None or str(c.area.concept).startswith(str(PSA))


# --- RDF ------------------------------------------------------------------------------------

FINDING = URIRef("https://w3id.org/hmickg/id/report/x/finding/0001")
PASSAGE = URIRef("https://w3id.org/hmickg/id/report/x/passage/L10-10")


def test_classification_triples() -> None:
    c = classify(COLD_CASES, kind="AreaForImprovement", framework=MAJOR_CRIME)
    g = Graph()
    for triple in classification_triples(FINDING, c, passage=PASSAGE):
        g.add(triple)
    assert set(g.objects(FINDING, DCTERMS.subject)) == {t.concept for t in c.themes}
    assert g.value(FINDING, HMIC_NS.protectiveServiceArea) == PSA["major-crime"]
    nodes = sorted(g.subjects(RDF.type, HMIC_NS.ThemeAssignment))
    assert nodes == [URIRef(f"{FINDING}/classification/{n}") for n in range(1, len(c.themes) + 2)]
    first = URIRef(f"{FINDING}/classification/1")
    assert (first, RDF.type, PROV.Entity) in g
    assert g.value(first, HMIC_NS.assignedConcept) == THEME["cold-case-review"]
    assert Literal("cold case reviews") in set(g.objects(first, HMIC_NS.matchedTerm))
    assert Literal("term") in set(g.objects(first, HMIC_NS.rule))
    score = g.value(first, HMIC_NS.score)
    assert isinstance(score, Literal) and score.datatype == XSD.decimal
    assert Decimal(str(score)) == Decimal(f"{c.themes[0].score:.2f}")
    assert set(g.objects(first, PROV.wasDerivedFrom)) == {FINDING, PASSAGE}
    assert g.value(first, PROV.wasGeneratedBy) == ACTIVITY
    area_node = URIRef(f"{FINDING}/classification/{len(c.themes) + 1}")
    assert g.value(area_node, HMIC_NS.assignedConcept) == PSA["major-crime"]
    assert Literal("framework-area") in set(g.objects(area_node, HMIC_NS.rule))
    assert (ACTIVITY, RDF.type, PROV.Activity) in g


def test_no_decision_no_triples() -> None:
    c = classify("Good progress has been made.", kind="Strength", framework=None)
    assert list(classification_triples(FINDING, c)) == []


# --- the bundled reports --------------------------------------------------------------------


def test_report_findings_have_the_iris_of_to_rdf(parsed, ingested) -> None:
    for key in ("2008", "2007"):
        triples = set(ingested[key].graph.triples)
        found = list(report_findings(parsed[key]))
        assert len(found) == len(parsed[key].findings())
        for rf in found:
            assert (rf.iri, HMIC_NS.text, Literal(rf.finding.text)) in triples


REPORT_2007 = (
    "https://w3id.org/hmickg/id/report/"
    "leicestershire-2007-neighbourhood-policing-performance-management-protecting-vulnerable-people"
)

# A few findings labelled for these tests (not taken from benchmarks/gold).
OWN_LABELS = [
    {
        "finding": "https://w3id.org/hmickg/id/report/leicestershire-2008-07-major-crime/finding/0001",
        "themes": ["analytical-capacity"],
        "area": "major-crime",
    },
    {
        "finding": "https://w3id.org/hmickg/id/report/leicestershire-2008-07-major-crime/finding/0051",
        "themes": ["cold-case-review", "staffing-and-resilience"],
        "area": "major-crime",
    },
    {
        "finding": "https://w3id.org/hmickg/id/report/leicestershire-2008-07-major-crime/finding/0107",
        "themes": ["vetting-and-professional-standards"],
        "area": "major-crime",
    },
    {
        "finding": "https://w3id.org/hmickg/id/report/leicestershire-2008-07-major-crime/finding/0040",
        "themes": ["risk-management"],
        "area": "major-crime",
    },
    {"finding": f"{REPORT_2007}/finding/0041", "themes": ["performance-management"], "area": None},
    {
        "finding": f"{REPORT_2007}/finding/0077",
        "themes": ["succession-planning"],
        "area": "protecting-vulnerable-people",
    },
]


def test_score_against_counts() -> None:
    good = classify(VETTING, kind="WorkInProgress", framework=MAJOR_CRIME)
    cold = classify(COLD_CASES, kind="AreaForImprovement", framework=MAJOR_CRIME)
    gold = [
        GoldLabel("a", ("vetting-and-professional-standards",), "major-crime"),
        GoldLabel("b", ("staffing-and-resilience", "cold-case-review"), None),
        GoldLabel("c", ("risk-management",), None),  # no prediction
    ]
    s = score_against(gold, {"a": good, "b": cold})
    assert s.n == 3 and s.missing == 1
    assert s.main_accuracy == pytest.approx(2 / 3)
    assert s.area_accuracy == pytest.approx(1 / 3)  # b: major-crime, not null; c: no prediction
    assert s.per_theme["cold-case-review"].correct == 1
    assert s.per_theme["risk-management"].support == 1
    assert s.per_theme["risk-management"].recall == 0
    tp = 1 + len({"staffing-and-resilience", "cold-case-review"} & {t.id for t in cold.themes})
    assert s.precision == pytest.approx(tp / (len(good.themes) + len(cold.themes)))
    assert s.recall == pytest.approx(tp / 4)
    assert len(s.errors) == 2


def test_parse_gold_accepts_iris_and_nulls() -> None:
    labels = parse_gold(
        {
            "findings": [
                {
                    "finding": "f",
                    "line": 3,
                    "themes": [str(THEME["it-systems"])],
                    "area": "psa:major-crime",
                },
                {"finding": "g", "themes": "vetting-and-professional-standards", "area": None},
            ]
        }
    )
    assert labels == [
        GoldLabel("f", ("it-systems",), "major-crime", 3),
        GoldLabel("g", ("vetting-and-professional-standards",), None, None),
    ]
    with pytest.raises(ValueError, match="no 'finding'"):
        parse_gold([{"themes": []}])


def test_themes_command_on_own_labels(tmp_path: Path, parsed) -> None:
    from click.testing import CliRunner

    from hmickg.cli_themes import themes

    slugs = {str(rf.iri) for p in parsed.values() for rf in report_findings(p)}
    labels = [item for item in OWN_LABELS if item["finding"] in slugs]
    assert len(labels) == len(OWN_LABELS)
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump(labels), encoding="utf-8")
    result = CliRunner().invoke(themes, ["--gold", str(gold), "--show-errors"])
    assert result.exit_code == 0, result.output
    assert f"labelled findings: {len(labels)}" in result.output
    assert "main-theme accuracy: 1.000" in result.output
    assert "area accuracy:" in result.output
    assert "cold-case-review" in result.output


def test_themes_command_rejects_a_malformed_gold_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from hmickg.cli_themes import themes

    gold = tmp_path / "gold.yaml"
    gold.write_text("- {themes: [x]}\n", encoding="utf-8")
    result = CliRunner().invoke(themes, ["--gold", str(gold)])
    assert result.exit_code == 1
    assert "no 'finding'" in result.output


# --- the gold sample ------------------------------------------------------------------------


@pytest.mark.skipif(not GOLD.exists(), reason=f"{GOLD} not written yet")
def test_main_theme_accuracy_on_the_gold_sample(parsed) -> None:
    from ingest.classify import classify_report

    gold = parse_gold(yaml.safe_load(GOLD.read_text(encoding="utf-8")))
    predictions = {}
    for p in parsed.values():
        predictions.update(classify_report(p))
    scores = score_against(gold, predictions)
    assert scores.n >= 50 and scores.missing == 0
    assert scores.main_accuracy >= 0.85, scores.main_accuracy


def test_programme_rules_differ_in_the_area_threshold_and_share_the_term_indexes() -> None:
    from ingest.to_rdf import _programme_rules

    rules, programme = default_rules(), _programme_rules()
    assert programme.area_min_score == 1.0 != rules.area_min_score
    assert programme.themes is rules.themes and programme.areas is rules.areas
    assert programme._theme_index is rules._theme_index
    assert programme._area_index is rules._area_index
