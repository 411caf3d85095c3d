"""Statistics tables: the SPI table of the 2008 report as RDF Data Cube observations."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

from graph_store import open_store
from ingest.model import Line
from ingest.parse.layout import numbered, page_header_lines
from ingest.parse.statistics import INDICATOR_SCHEME, SPI_DSD, indicator_iri, read_statistics
from ingest.rules import template_rules
from ontology import HMIC_NS, HMICSH, ontology_graph
from ontology.validate import validate

QB = Namespace("http://purl.org/linked-data/cube#")
H = HMIC_NS
MURDERS = "Number of murders per 10,000 population"
LEICESTERSHIRE = URIRef("https://w3id.org/hmickg/id/force/leicestershire")


def _lines(*texts: str, first: int = 1) -> list[Line]:
    return [Line(first + i, t) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def table(parsed):
    (only,) = parsed["2008"].statistics
    return only


@pytest.fixture(scope="module")
def rows(table):
    return {r.indicator: r for r in table.rows}


@pytest.fixture(scope="module")
def graph_2008(ingested) -> Graph:
    g = Graph()
    for t in ingested["2008"].graph.triples:
        g.add(t)
    return g


def _observation(graph: Graph, indicator: str, year: str) -> URIRef:
    (obs,) = [
        o
        for o in graph.subjects(H.indicator, indicator_iri(indicator))
        if (o, H.refPeriod, Literal(year, datatype=XSD.gYear)) in graph
    ]
    return obs


# --- the parsed table ----------------------------------------------------------------


def test_2008_table_has_15_indicators_over_two_years(table) -> None:
    assert table.periods == ("2006", "2007")
    assert table.latest == "2007"
    assert len(table.rows) == 15
    assert sum(1 for r in table.rows for v in r.values if v.value is not None) == 30
    assert table.span.start == 326 and table.span.end == 344
    assert table.mean_heading == "MSF group mean" and table.msf


def test_murder_rate(rows) -> None:
    murders = rows[MURDERS]
    assert [(v.period, v.value) for v in murders.values] == [
        ("2006", Decimal("0.115")),
        ("2007", Decimal("0.126")),
    ]
    assert murders.mean == Decimal("0.112")
    assert murders.change == "+9.57%"
    assert murders.unit == "rate per 10,000 population"
    assert murders.span.start == murders.span.end == 341


def test_percentages_are_numbers(rows) -> None:
    attempted = rows["% of attempted murder crimes detected/convicted"]
    assert [v.value for v in attempted.values] == [Decimal("116.67"), Decimal("54.55")]
    assert [v.printed for v in attempted.values] == ["116.67%", "54.55%"]
    assert attempted.mean == Decimal("84.37")
    assert attempted.change == "-62.12pp"  # footnote marker dropped
    assert attempted.unit == "percent"
    assert rows["Life-threatening and gun crime per 1,000 population"].unit == (
        "rate per 1,000 population"
    )


def test_page_header_mid_table_is_skipped(table, rows) -> None:
    assert not any("Inspection Report" in r.indicator for r in table.rows)
    lines = [r.span.start for r in table.rows]
    assert lines == [*range(327, 337), *range(340, 345)]
    assert rows["% of manslaughter crimes detected/convicted"].span.start == 340


def test_not_applicable_gives_no_mean(rows) -> None:
    for label in (
        "% of abduction crimes detected/convicted",
        "% of manslaughter crimes detected/convicted",
    ):
        assert rows[label].mean is None
        assert all(v.value is not None for v in rows[label].values)


def test_footnotes(table) -> None:
    notes = {n.marker: n for n in table.notes}
    assert notes["*"].text == "'pp' is percentage points."
    assert notes["**"].text.startswith("Most similar force (MSF) group for Leicestershire is")
    assert notes["**"].span.start == 353


def test_other_tab_tables_are_not_statistics(report_paths) -> None:
    text = report_paths["2008"].read_text(encoding="utf-8").splitlines()
    lines = numbered(text)
    dates, programme = lines[81:90], lines[249:260]
    assert dates[0].text.startswith("Inspection area\tDates")
    assert any("\t" in line.text for line in programme)
    assert read_statistics(dates) == []
    assert read_statistics(programme) == []
    tables = read_statistics(lines, page_header_lines(lines, template_rules()))
    assert [t.span.start for t in tables] == [326]


def test_2007_report_has_no_statistics(parsed, ingested) -> None:
    assert parsed["2007"].statistics == ()
    triples = ingested["2007"].graph.triples
    assert not [t for t in triples if t[1] == RDF.type and t[2] == QB.Observation]


# --- the parser on other layouts ---------------------------------------------------------


def test_header_is_read_generically() -> None:
    lines = _lines(
        "Indicator\t2005\t2006\t2007\tNational average\tChange",
        "Burglaries per 1,000 households\t12.1\t11.0\t10.2\t9.5\t-7.3%",
        "Total recorded crime\t1,204\tNot applicable\t1,180\t\t",
        "",
        "The table shows…",
        first=10,
    )
    (t,) = read_statistics(lines)
    assert t.periods == ("2005", "2006", "2007")
    assert t.mean_heading == "National average" and not t.msf
    burglary, total = t.rows
    assert burglary.unit == "rate per 1,000 households"
    assert burglary.change == "-7.3%" and burglary.mean == Decimal("9.5")
    assert [v.value for v in total.values] == [Decimal("1204"), None, Decimal("1180")]
    assert total.unit is None and total.change is None and total.mean is None
    assert t.span.start == 10 and t.span.end == 12


def test_words_under_a_year_column_are_no_statistics() -> None:
    lines = _lines("Project\t2008\t2009", "Witness protection\tlead force\tsupport")
    assert read_statistics(lines) == []


def test_table_without_rows_is_dropped() -> None:
    assert read_statistics(_lines("\t2006\t2007\tChange", "", "Some prose.")) == []


def test_indicator_iri_is_shared_and_keeps_percent() -> None:
    assert indicator_iri(MURDERS) == URIRef(
        "https://w3id.org/hmickg/id/indicator/number-of-murders-per-10-000-population"
    )
    assert indicator_iri("% of murders detected/convicted") == URIRef(
        f"{INDICATOR_SCHEME}/percent-of-murders-detected-convicted"
    )


# --- triples ---------------------------------------------------------------------------------


def test_rdf_data_set(ingested, graph_2008) -> None:
    report = ingested["2008"].graph.report
    (dataset,) = graph_2008.objects(report, H.hasStatistics)
    assert dataset == URIRef(f"{report}/statistics/1")
    assert (dataset, RDF.type, QB.DataSet) in graph_2008
    assert (dataset, RDF.type, H.StatisticsTable) in graph_2008
    assert (dataset, QB.structure, SPI_DSD) in graph_2008
    assert graph_2008.value(dataset, URIRef("http://purl.org/dc/terms/isPartOf")) == report
    assert str(graph_2008.value(dataset, RDFS.label)).startswith(
        "Major Crime statistics, 2006–2007: "
    )
    assert len(list(graph_2008.objects(dataset, PROV.wasDerivedFrom))) == 3  # table, 2 footnotes


def test_rdf_observations(graph_2008) -> None:
    observations = set(graph_2008.subjects(RDF.type, QB.Observation))
    assert len(observations) == 30
    for obs in observations:
        for prop in (QB.dataSet, H.indicator, H.refPeriod, H.refArea, H.value, H.unit):
            assert len(list(graph_2008.objects(obs, prop))) == 1, (obs, prop)
        assert graph_2008.value(obs, H.refArea) == LEICESTERSHIRE
        (passage,) = graph_2008.objects(obs, PROV.wasDerivedFrom)
        start = graph_2008.value(passage, H.lineStart).toPython()
        assert start == graph_2008.value(passage, H.lineEnd).toPython()
        assert 327 <= start <= 344 and start not in (337, 338, 339)
    murders_2007 = _observation(graph_2008, MURDERS, "2007")
    assert graph_2008.value(murders_2007, H.value) == Literal(
        Decimal("0.126"), datatype=XSD.decimal
    )
    assert graph_2008.value(murders_2007, H.msfGroupMean).toPython() == Decimal("0.112")
    assert graph_2008.value(murders_2007, H.change) == Literal("+9.57%")
    murders_2006 = _observation(graph_2008, MURDERS, "2006")
    assert (murders_2006, H.msfGroupMean, None) not in graph_2008
    assert (murders_2006, H.change, None) not in graph_2008
    attempted = _observation(graph_2008, "% of attempted murder crimes detected/convicted", "2006")
    assert graph_2008.value(attempted, H.value).toPython() == Decimal("116.67")
    assert graph_2008.value(attempted, H.unit) == Literal("percent")


def test_rdf_not_applicable_has_no_mean(graph_2008) -> None:
    obs = _observation(graph_2008, "% of abduction crimes detected/convicted", "2007")
    assert (obs, H.msfGroupMean, None) not in graph_2008
    assert graph_2008.value(obs, H.change) == Literal("0pp")
    means = list(graph_2008.subject_objects(H.msfGroupMean))
    assert len(means) == 13


def test_rdf_indicator_concepts(graph_2008) -> None:
    concepts = set(graph_2008.objects(None, H.indicator))
    assert len(concepts) == 15
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in graph_2008
        assert (concept, SKOS.inScheme, INDICATOR_SCHEME) in graph_2008
        assert len(list(graph_2008.objects(concept, SKOS.prefLabel))) == 1
    assert graph_2008.value(indicator_iri(MURDERS), SKOS.prefLabel) == Literal(MURDERS)


def test_sparql_over_observations_in_a_store(ingested) -> None:
    result = ingested["2008"].graph
    with open_store("oxigraph:") as store:
        store.replace_graph(result.graph, result.triples)
        answer = store.query(
            """
            PREFIX qb:   <http://purl.org/linked-data/cube#>
            PREFIX hmic: <https://w3id.org/hmickg/def#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            PREFIX prov: <http://www.w3.org/ns/prov#>
            SELECT ?value ?mean ?line WHERE {
              ?obs a qb:Observation ;
                   hmic:indicator/skos:prefLabel "Number of murders per 10,000 population" ;
                   hmic:refPeriod "2007"^^<http://www.w3.org/2001/XMLSchema#gYear> ;
                   hmic:value ?value ;
                   prov:wasDerivedFrom/hmic:lineStart ?line .
              OPTIONAL { ?obs hmic:msfGroupMean ?mean }
            }
            """
        )
    ((value, mean, line),) = answer.rows
    assert value.toPython() == Decimal("0.126")
    assert mean.toPython() == Decimal("0.112")
    assert line.toPython() == 341


# --- ontology and shapes -----------------------------------------------------------------------


def test_data_structure_definition() -> None:
    onto = ontology_graph()
    assert (SPI_DSD, RDF.type, QB.DataStructureDefinition) in onto
    specs = list(onto.objects(SPI_DSD, QB.component))
    assert len(specs) == 7
    dimensions = {onto.value(s, QB.dimension) for s in specs} - {None}
    assert dimensions == {H.indicator, H.refPeriod, H.refArea}
    assert {onto.value(s, QB.measure) for s in specs} - {None} == {H.value}
    assert {onto.value(s, QB.attribute) for s in specs} - {None} == {
        H.unit,
        H.msfGroupMean,
        H.change,
    }
    for prop in dimensions:
        assert (prop, RDF.type, QB.DimensionProperty) in onto
    assert (INDICATOR_SCHEME, RDF.type, SKOS.ConceptScheme) in onto


def test_2008_graph_conforms_and_an_incomplete_observation_does_not(graph_2008) -> None:
    report = validate(graph_2008)
    assert report.conforms, report.messages()[:5]
    broken = Graph()
    broken += graph_2008
    obs = _observation(broken, MURDERS, "2007")
    broken.remove((obs, H.value, None))
    broken.add((obs, H.refPeriod, Literal("2008", datatype=XSD.gYear)))
    report = validate(broken)
    assert not report.conforms
    assert report.source_shapes() == {
        HMICSH["Observation-value"],
        HMICSH["Observation-refPeriod"],
    }
