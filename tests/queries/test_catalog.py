"""Every catalogue query parses, documents itself and answers on the bundled reports."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Literal

from queries import ParamError, catalog, load_spec, prepare, run
from queries._gen_docs import render
from queries.catalog import BIND_MODES, CatalogError

SPECS = catalog()
QUESTIONS = [s for s in SPECS.values() if not s.is_check and not s.name.startswith("construct-")]
CHECKS = [s for s in SPECS.values() if s.is_check]


def test_catalogue_is_large_enough():
    assert len(QUESTIONS) >= 20, sorted(SPECS)


@pytest.mark.parametrize("spec", SPECS.values(), ids=lambda s: s.name)
def test_headers_are_complete(spec):
    assert spec.summary and spec.tags
    for p in spec.params:
        assert p.type in ("iri", "string", "integer", "decimal", "date")
        assert p.example is not None, f"{spec.name}: parameter {p.name} has no example"
    assert "#+ summary:" in spec.text


@pytest.mark.parametrize("spec", QUESTIONS, ids=lambda s: s.name)
def test_question_answers_with_its_example(spec, loaded_store):
    result = run(spec, loaded_store, spec.example_params())
    assert result.kind == "select"
    assert len(result.rows) >= 1, f"{spec.name} returned no rows with {spec.example_params()}"
    # every variable the header promises as output is bound in at least one row
    for i, var in enumerate(result.variables):
        if var in {p.name for p in spec.params}:
            continue
        assert any(row[i] is not None for row in result.rows) or var in {
            "summary",
            "page",
            "about",
            "arrests",
            "convictions",
            "charged",
            "valueRecovered",
            "issued",
            "area",
            "alsoCalled",
            "rank",
            "forceGrade",
            "contactRole",
            "contactUnit",
            "problem",
            "outcome",
            "year",
            "evidence",
        }, f"{spec.name}: ?{var} never bound"


@pytest.mark.parametrize("spec", CHECKS, ids=lambda s: s.name)
def test_checks_return_no_rows(spec, loaded_store):
    assert run(spec, loaded_store, {}).rows == []


def test_grade_history_shows_public_protection_regraded(loaded_store):
    rows = run(
        SPECS["grade-history"],
        loaded_store,
        {
            "force": "https://w3id.org/hmickg/id/force/leicestershire",
            "framework": "https://w3id.org/hmickg/def/framework/public-protection",
        },
    ).dicts()
    seen = [(str(r["when"]), str(r["grade"])) for r in rows]
    assert ("2007", "Poor") in seen and ("2008-02", "Fair") in seen
    changes = run(
        SPECS["grade-changes"],
        loaded_store,
        {"force": "https://w3id.org/hmickg/id/force/leicestershire"},
    ).dicts()
    assert any(
        str(c["gradeBefore"]) == "Poor" and str(c["gradeAfter"]) == "Fair" and int(c["change"]) == 1
        for c in changes
    )


def test_findings_by_theme_are_in_force_report_and_line_order(loaded_store):
    """The query sorts by keys it makes from the IRIs (cheaper for the engine than the IRIs):
    the order must be the IRIs' own."""
    rows = run(
        SPECS["findings-by-theme"],
        loaded_store,
        {"theme": "https://w3id.org/hmickg/def/theme/partnership-working"},
    ).dicts()
    assert len({r["report"] for r in rows}) == 2
    keys = [(str(r["force"]), str(r["report"]), int(r["lineStart"])) for r in rows]
    assert keys == sorted(keys)


def test_good_practice_answers_as_the_path_from_each_practice(loaded_store):
    """good-practice hash-joins the frameworks at or under the one asked for (a sub-select of
    the scheme) with the practices: the same rows, in the same order, as the plain shape that
    walks ``skos:broader*`` from each practice's framework, for every framework and for none."""
    spec = SPECS["good-practice"]
    plain = dataclasses.replace(
        spec,
        text=spec.text.split("WHERE {")[0]
        + """WHERE {
  ?report hmic:hasGoodPractice ?practice .
  ?practice dct:title ?title ; hmic:framework ?fw .
  ?fw skos:broader* ?framework .
  OPTIONAL { ?practice hmic:problem ?problem }
  OPTIONAL { ?practice hmic:outcome ?outcome }
  OPTIONAL { ?practice hmic:contact ?c . OPTIONAL { ?c hmic:role ?contactRole } OPTIONAL { ?c hmic:contactUnit ?contactUnit } }
}
ORDER BY ?report ?practice ?contactRole ?contactUnit""",
    )
    frameworks = [
        str(r[0])
        for r in loaded_store.query(
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?fw WHERE "
            "{ ?fw skos:inScheme <https://w3id.org/hmickg/def/scheme/frameworks> }"
        ).rows
    ]
    assert len(frameworks) >= 20
    answered = 0
    for params in [{}] + [{"framework": fw} for fw in frameworks]:
        rows = run(spec, loaded_store, params).rows
        assert rows == run(plain, loaded_store, params).rows, params
        answered += bool(rows)
    assert answered >= 3  # none, a framework, and the one above it at least


def test_parameters_are_bound_not_pasted(loaded_store):
    spec = SPECS["search-findings"]
    evil = 'x")) } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER(("'
    assert run(spec, loaded_store, {"phrase": evil}).rows == []
    assert run(spec, loaded_store, {"phrase": "cold case"}).rows
    with pytest.raises(ParamError):
        run(SPECS["findings-by-kind"], loaded_store, {"kind": "not an iri", "framework": "x"})
    with pytest.raises(ParamError, match="unknown parameter"):
        run(spec, loaded_store, {"phrase": "a", "nope": "b"})
    assert Literal("cold case") == Literal("cold case")


@pytest.mark.parametrize(
    "spec", [s for s in SPECS.values() if s.bind == "values"], ids=lambda s: s.name
)
def test_both_ways_of_binding_give_the_same_answer(spec, loaded_store):
    """``bind: values`` is a planning choice: constants and a VALUES block answer alike. (Not so
    for every query: ``operation-outcomes`` reads its ``?year`` in a nested group, where only a
    constant reaches it.)"""
    params = spec.example_params()
    answers = []
    for mode in BIND_MODES:
        r = run(dataclasses.replace(spec, bind=mode), loaded_store, params)
        answers.append(sorted(map(repr, r.rows if r.kind == "select" else r.triples)))
    assert answers[0] == answers[1]


def test_values_binding_is_written_into_the_text():
    spec = SPECS["entity-links"]
    assert spec.bind == "values"
    text, bindings = prepare(spec, {"entity": "https://w3id.org/hmickg/id/agency/soca"})
    assert bindings == {}
    assert "VALUES (?entity) { (<https://w3id.org/hmickg/id/agency/soca>) }" in text
    with pytest.raises(ParamError):  # still checked as a parameter
        prepare(spec, {"entity": "not an iri"})
    with pytest.raises(CatalogError, match="bind: both"):
        load_spec("#+ summary: x\n#+ bind: both\nASK {}", name="x", path="x.rq")


def test_prepared_values_are_kept_but_not_shared_with_the_caller():
    """``run`` keeps each spec's checked values; ``prepare`` hands out a copy, so a caller
    changing it changes no later run. Values that are not strings are checked, not kept."""
    spec = SPECS["assessment-grades"]
    params = spec.example_params()
    text, bindings = prepare(spec, params)
    bindings.clear()
    again_text, again = prepare(spec, params)
    assert again_text == text
    assert set(again) == set(params) and again is not bindings
    for value in (["not", "a", "string"], 42):  # (an unhashable value cannot be kept)
        with pytest.raises(ParamError, match=r"=(\[.*\]|42) is not a string$"):
            prepare(spec, {name: value for name in params})


def test_docs_are_current():
    path = Path(__file__).resolve().parents[2] / "docs" / "queries.md"
    assert path.read_text("utf-8") == render(), "run: python -m queries._gen_docs > docs/queries.md"


def test_queries_that_read_the_whole_store_say_so():
    assert SPECS["search-findings"].cost.startswith("reads the text of every finding")
    assert SPECS["entity-labels"].cost == ""
    spec = load_spec(
        "#+ summary: x\n#+ cost: >\n#+   reads every\n#+   finding\nASK {}", name="x", path="x.rq"
    )
    assert spec.cost == "reads every finding"
    assert "Cost: reads the text of every finding" in render()
