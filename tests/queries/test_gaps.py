"""The gap derivation: summaries that answer shared-gaps as its old join did, and an
incremental derivation that leaves exactly the graph a full one does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from graph_store import open_store
from hmickg.pipeline import derive, ingest_many
from ontology.namespace import HMIC
from queries import catalog, run
from queries.gaps import GAPS_GRAPH, PROV_INVALIDATED, GapScope, gap_scope
from queries.links import LINKS_GRAPH, links_current
from queries.runner import bind_params

ROOT = Path(__file__).resolve().parents[2]

# shared-gaps as it was before the gap summaries: the 6-way join, aggregated on every call
# (the reference its answers must keep).
OLD_SHARED_GAPS = """
PREFIX hmic: <https://w3id.org/hmickg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?area ?theme (COUNT(DISTINCT ?force) AS ?forces)
       (GROUP_CONCAT(DISTINCT ?forceName; SEPARATOR="; ") AS ?forceNames)
       (GROUP_CONCAT(DISTINCT ?where; SEPARATOR="; ") AS ?evidence)
       (GROUP_CONCAT(DISTINCT ?agreementName; SEPARATOR="; ") AS ?addressedBy)
       (GROUP_CONCAT(DISTINCT ?leadName; SEPARATOR="; ") AS ?lead)
WHERE {
  ?gap a hmic:ProtectiveServiceGap ; hmic:gapForce ?force ;
       hmic:protectiveServiceArea ?psa ; hmic:evidence ?e .
  ?force rdfs:label ?forceName .
  ?psa skos:prefLabel ?area .
  ?e prov:wasDerivedFrom ?passage .
  ?passage hmic:lineStart ?ls ; hmic:lineEnd ?le ; dct:source/hmic:sourceFile ?file .
  OPTIONAL { ?gap hmic:gapTheme/skos:prefLabel ?themeLabel }
  OPTIONAL { ?gap rdfs:label ?gapLabel }
  OPTIONAL { ?gap hmic:addressedBy/rdfs:label ?agreementName }
  OPTIONAL { ?gap hmic:leadForce/rdfs:label ?leadName }
  BIND(COALESCE(?themeLabel, ?gapLabel, "overall grade") AS ?theme)
  BIND(CONCAT(?file, ":", STR(?ls), IF(?le != ?ls, CONCAT("-", STR(?le)), "")) AS ?where)
}
GROUP BY ?area ?theme ?min
HAVING (COUNT(DISTINCT ?force) >= COALESCE(?min, 1))
ORDER BY DESC(?forces) ?area ?theme
"""
LISTS = ("forceNames", "evidence", "addressedBy", "lead")


def _canonical(result) -> list[tuple[object, ...]]:
    """Rows with each "; "-joined list as a sorted tuple: SPARQL leaves the order of
    GROUP_CONCAT open, the summaries sort their lists."""
    rows = []
    for row in result.dicts():
        rows.append(
            tuple(
                tuple(sorted(str(v).split("; "))) if k in LISTS and v is not None else v
                for k, v in row.items()
            )
        )
    return rows


def _lists(result, column: str) -> dict[tuple[str, str], set[str]]:
    return {
        (str(r["area"]), str(r["theme"])): set(str(r[column]).split("; "))
        for r in result.dicts()
        if r[column] is not None
    }


def _names_by_group(store, path: str, least: int) -> dict[tuple[str, str], set[str]]:
    """The names reached by ``path`` from any gap of each (area, theme) shared by ``least``
    forces or more, straight from the gaps (no summaries)."""
    rows = store.query(
        f"""PREFIX hmic: <https://w3id.org/hmickg/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?area ?theme ?force ?name WHERE {{
          ?gap a hmic:ProtectiveServiceGap ; hmic:gapForce ?force ;
               hmic:protectiveServiceArea/skos:prefLabel ?area .
          OPTIONAL {{ ?gap hmic:gapTheme/skos:prefLabel ?themeLabel }}
          OPTIONAL {{ ?gap rdfs:label ?gapLabel }}
          OPTIONAL {{ ?gap {path}/rdfs:label ?name }}
          BIND(COALESCE(?themeLabel, ?gapLabel, "overall grade") AS ?theme)
        }}"""
    ).rows
    forces: dict[tuple[str, str], set[str]] = {}
    names: dict[tuple[str, str], set[str]] = {}
    for area, theme, force, name in rows:
        key = (str(area), str(theme))
        forces.setdefault(key, set()).add(str(force))
        if name is not None:
            names.setdefault(key, set()).add(str(name))
    return {k: v for k, v in names.items() if len(forces[k]) >= least}


@pytest.mark.parametrize("params", [{}, {"min": "1"}, {"min": "2"}, {"min": "3"}, {"min": "9"}])
def test_shared_gaps_answers_as_the_join_did(loaded_store, params):
    spec = catalog()["shared-gaps"]
    new = run(spec, loaded_store, params)
    bindings = bind_params(spec, params) or None
    old = loaded_store.query(OLD_SHARED_GAPS, bindings=bindings)
    assert new.variables == old.variables
    # every column as the join gave it but the agreements and lead forces: the join's
    # GROUP_CONCAT failed as a whole where one gap of the group had none
    shared = [i for i, v in enumerate(new.variables) if v not in ("addressedBy", "lead")]
    assert [[r[i] for i in shared] for r in _canonical(new)] == [
        [r[i] for i in shared] for r in _canonical(old)
    ]
    for column, path in (("addressedBy", "hmic:addressedBy"), ("lead", "hmic:leadForce")):
        assert _lists(new, column) == _names_by_group(loaded_store, path, int(params.get("min", 1)))
    if params.get("min") == "2":
        assert len(new.rows) == 8  # the East Midlands work programme's items


def test_summaries_lead_back_to_report_lines(loaded_store):
    rows = loaded_store.query(
        """PREFIX hmic: <https://w3id.org/hmickg/def#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?summary ?list ?where ?ls WHERE {
          ?summary a hmic:GapSummary ; hmic:evidenceList ?list ; prov:wasDerivedFrom ?gap .
          ?gap hmic:evidenceLocation ?where ; hmic:evidence/prov:wasDerivedFrom ?p .
          ?p hmic:lineStart ?ls }"""
    ).rows
    assert rows
    for _summary, listed, where, _line in rows:
        assert str(where) in str(listed).split("; ")
        assert re.fullmatch(r".+\.txt:\d+(-\d+)?", str(where))
    assert any(str(where).endswith(f":{line}") for _, _, where, line in rows)


def test_gaps_graph_conforms_to_its_shapes(loaded_store):
    import pyshacl

    from ontology import gaps_shapes_graph, ontology_graph

    triples = list(loaded_store.triples(GAPS_GRAPH))
    data = Graph()
    for triple in triples:
        data.add(triple)
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=gaps_shapes_graph(), ont_graph=ontology_graph(), inference="rdfs"
    )
    assert conforms, text[:2000]
    kinds = {o for _, p, o in triples if p == URIRef(str(HMIC) + "gapSource")}
    assert {str(k) for k in kinds} == {"finding", "grade", "programme"}


def test_findings_rule_for_one_force_is_its_part_of_the_whole(loaded_store):
    specs = catalog()
    whole = loaded_store.query(specs["construct-gaps-from-findings"].text).graph
    force = URIRef("https://w3id.org/hmickg/id/force/leicestershire")
    part = loaded_store.query(
        specs["construct-force-gaps-from-findings"].text, bindings={"force": force}
    ).graph
    gaps = set(whole.subjects(HMIC.gapForce, force))
    assert gaps and set(part) == {t for t in whole if t[0] in gaps}


def test_findings_rule_for_given_findings_is_their_part_of_the_whole(loaded_store):
    """What an incremental derivation runs to make gaps again from all their evidence: given
    findings (and other evidence, which gives nothing), their part of the whole rule."""
    from graph_store._sparql import inject_values

    specs = catalog()
    whole = loaded_store.query(specs["construct-gaps-from-findings"].text).graph
    findings = sorted(set(whole.objects(None, HMIC.evidence)))[::3]
    assessment = next(iter(loaded_store.query(
        "SELECT ?a WHERE { ?r <https://w3id.org/hmickg/def#hasAssessment> ?a } LIMIT 1"
    ).rows))[0]  # fmt: skip
    rows = [{"f": f} for f in [*findings, assessment]]
    part = loaded_store.query(
        inject_values(specs["construct-gaps-from-evidence-findings"].text, *rows)
    ).graph
    gaps = {g for g, _, f in whole.triples((None, HMIC.evidence, None)) if f in findings}
    evidence = (HMIC.evidence, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    expected = {t for t in whole if t[0] in gaps and (t[1] not in evidence or t[2] in findings)}
    assert findings and set(part) == expected


# ------------------------------------------------------------------ incremental derivation


def _gaps(store) -> set[tuple[object, ...]]:
    return {t for t in store.triples(GAPS_GRAPH) if t[1] != PROV_INVALIDATED}


def _full(store) -> set[tuple[object, ...]]:
    derive(store)
    return _gaps(store)


@pytest.fixture
def scopes(monkeypatch) -> list[object]:
    """The forces each derivation derived again (None: all of them)."""
    import queries.gaps

    seen: list[object] = []
    real = queries.gaps._derive

    def spy(store, specs, scope):
        seen.append(None if scope is None else frozenset(scope.forces))
        return real(store, specs, scope)

    monkeypatch.setattr(queries.gaps, "_derive", spy)
    return seen


def test_incremental_ingest_gives_the_full_derivation(reports, scopes, full_links):
    """The gaps, and the link index (queries/links.py): derived in full once, then from the
    graphs each run wrote, both end as one run over every report leaves them."""
    names = ["real-2008", "gen-0", "gen-1", "real-2007", "gen-2"]
    with open_store("oxigraph:") as once:
        ingest_many(once, [reports[n] for n in names])
        everything = _gaps(once)
        all_links = set(once.triples(LINKS_GRAPH))
    del scopes[:], full_links[:]
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports[names[0]]])  # the first derivation is a full one
        ingest_many(store, [reports[n] for n in names[1:3]])
        ingest_many(store, [reports[n] for n in names[3:]])
        assert not [t for t in store.triples(GAPS_GRAPH) if t[1] == PROV_INVALIDATED]
        # in full for the first run, then for a few forces twice
        assert scopes[0] is None and all(scopes[1:3]), scopes
        assert all(len(s) < 12 for s in scopes[1:3]), [len(s) for s in scopes[1:]]
        assert full_links == [1] and links_current(store)
        assert set(store.triples(LINKS_GRAPH)) == all_links and len(all_links) > 100
        assert _gaps(store) == everything == _full(store)
        assert any(p == HMIC.GapSummary for _, _, p in everything)


def test_replacing_a_report_gives_the_full_derivation(reports, scopes, full_links):
    """The gaps, and the link index: the replaced graphs' links read before and after, and
    those only they stated gone."""
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["real-2008"], reports["real-2007"], reports["gen-0"]])
        before, links = _gaps(store), set(store.triples(LINKS_GRAPH))
        ingest_many(store, [reports["real-2007-fewer"], reports["gen-0-fewer"]])
        fewer, fewer_links = _gaps(store), set(store.triples(LINKS_GRAPH))
        assert scopes[-1], "derived in part"
        assert full_links == [1], "the links of the replaced graphs only"
        assert fewer != before and fewer == _full(store)
        assert fewer_links < links, "the bullets left out took links with them"
        assert fewer_links == set(store.triples(LINKS_GRAPH))  # _full derived both again
        ingest_many(store, [reports["real-2007"], reports["gen-0"]])
        assert _gaps(store) == before and set(store.triples(LINKS_GRAPH)) == links


def test_reports_ingested_again_unchanged_are_not_written_nor_derived(reports, scopes, full_links):
    """Nothing is written (not even the ontology, whose blank nodes would be new ones) and
    nothing derived again; the marks of the derived graphs go."""
    paths = [reports["real-2008"], reports["gen-0"]]
    with open_store("oxigraph:") as store:
        ingest_many(store, paths)
        before = {g: set(store.triples(g)) for g in store.graphs()}
        del scopes[:], full_links[:]
        done, failed = ingest_many(store, paths)
        assert len(done) == 2 and not failed and all(item.unchanged for item in done)
        assert scopes == [frozenset()] and not full_links
        assert {g: set(store.triples(g)) for g in store.graphs()} == before
        assert links_current(store)


def test_another_version_of_a_report_is_read_ahead_the_same_file_is_not(reports, monkeypatch):
    """What a stored report graph stands for is read in a thread beside the comparison of the
    graphs only where the file's digest differs from the stored one: a file ingested again as
    it is has nothing read, and an edited one has its scope and links read once, ahead."""
    import threading

    from hmickg.pipeline import _Changes

    reads: list[str] = []
    real = _Changes._read

    def spy(self, graph):
        reads.append(threading.current_thread().name)
        return real(self, graph)

    monkeypatch.setattr(_Changes, "_read", spy)
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["real-2007"], reports["gen-0"]])
        assert reads == []  # new graphs: nothing to read
        ingest_many(store, [reports["real-2007"], reports["gen-0"]])
        assert reads == []  # the same files: unchanged, not read
        ingest_many(store, [reports["real-2007-fewer"]])
        assert len(reads) == 1 and reads[0].startswith("hmickg-read"), reads
        assert [t.name for t in threading.enumerate() if t.name.startswith("hmickg-read")] == []
        assert _gaps(store) == _full(store)


def test_a_party_a_replaced_graph_no_longer_states_has_no_gaps_left(reports):
    """The link index holds each link once, in the union too: a party that the only graph
    stating it no longer states is still in the union until the index lets it go, so the
    gaps are derived after the link index, or a gap of that party's work programme stays."""
    from rdflib import RDF, RDFS, Literal

    from queries.gaps import invalidate_gaps
    from queries.links import graph_links, invalidate_links

    ex, force = "https://w3id.org/hmickg/id/", "https://w3id.org/hmickg/id/force/"
    g = URIRef(ex + "graph/report/test-agreement")
    agreement, item = URIRef(ex + "agreement/test"), URIRef(ex + "agreement/test/item/1")
    parties = [URIRef(force + "leicestershire"), URIRef(force + "nottinghamshire")]

    def graph(with_parties: list[URIRef]) -> list[tuple[object, ...]]:
        triples = [(agreement, HMIC.programmeItem, item), (item, RDFS.label, Literal("Test"))]
        for i, party in enumerate(with_parties):
            st = URIRef(ex + f"agreement/test/statement/{i}")
            triples += [(agreement, HMIC.party, party), (st, RDF.type, RDF.Statement),
                        (st, RDF.subject, agreement), (st, RDF.predicate, HMIC.party),
                        (st, RDF.object, party)]  # fmt: skip
        return triples

    def write(triples: list[tuple[object, ...]]) -> None:
        before = gap_scope(store, g) if g in store.graphs() else GapScope()
        links = graph_links(store, g)
        invalidate_gaps(store)
        invalidate_links(store)
        store.replace_graph(g, triples)
        derive(store, changed={g: before}, links_before={g: links})

    def programme_forces() -> set[object]:
        return {o for gap, p, o in store.triples(GAPS_GRAPH) if p == HMIC.gapForce
                and (gap, HMIC.evidence, item) in set(store.triples(GAPS_GRAPH))}  # fmt: skip

    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["gen-0"]])
        write(graph(parties))
        assert programme_forces() == set(parties)
        write(graph(parties[:1]))
        assert programme_forces() == set(parties[:1])
        assert _gaps(store) == _full(store)


def _drop(store, path: Path) -> None:
    """Drop the graph of the report at ``path`` as hmickg would (marks, scope and links read
    before, derivations after), if the store has it."""
    from hmickg.pipeline import prepare
    from queries.gaps import invalidate_gaps
    from queries.links import graph_links, invalidate_links

    graph = prepare(path).graph
    if graph in store.graphs():
        invalidate_gaps(store)
        invalidate_links(store)
        before, links = gap_scope(store, graph), graph_links(store, graph)
        store.drop_graph(graph)
        derive(store, changed={graph: before}, links_before={graph: links})


def test_the_other_forces_part_of_a_summary_stays_when_a_forces_report_goes(reports, scopes):
    """A summary made again after one force's gaps changed keeps what the other forces' gaps
    gave it, read rather than made again (their evidence locations by difference): the
    locations only the dropped report gave go, those of the others stay."""
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports[n] for n in ("gen-0", "gen-1", "gen-2", "gen-3")])
        lists = {s: str(o) for s, _, o in store.triples(GAPS_GRAPH) if _ == HMIC.evidenceList}
        del scopes[:]
        _drop(store, reports["gen-1"])
        assert scopes and scopes[-1] and len(scopes[-1]) < 4, "derived again in part"
        after = {s: str(o) for s, _, o in store.triples(GAPS_GRAPH) if _ == HMIC.evidenceList}
        file = reports["gen-1"].name
        shrunk = [s for s in after if file in lists.get(s, "") and file not in after[s]]
        assert shrunk, "summaries of several forces lost the dropped report's locations only"
        for s in shrunk:  # the dropped report's locations went, and only they
            gone = set(lists[s].split("; ")) - set(after[s].split("; "))
            assert after[s] and gone and all(w.startswith(f"{file}:") for w in gone)
        assert _gaps(store) == _full(store)


def test_a_location_another_forces_gap_has_too_stays_in_the_summary() -> None:
    """What the other forces' gaps give a summary (queries.gaps._rest): a location the
    re-derived force's old gap had goes only if no gap of another force in the summary has it."""
    from rdflib import RDF, RDFS, Literal

    from queries.gaps import PROV_DERIVED, SUMMARY_NS, _rest

    ex = "https://example.org/"
    summary, area = URIRef(SUMMARY_NS + "area/theme"), URIRef(ex + "area")
    a, b = URIRef(ex + "force/a"), URIRef(ex + "force/b")
    gap_a, gap_b, agreement = URIRef(ex + "gap/a"), URIRef(ex + "gap/b"), URIRef(ex + "agr")
    shared, own_a, own_b = (Literal(f"r.txt:{n}") for n in (1, 2, 3))
    old_summary = {
        (summary, RDF.type, HMIC.GapSummary),
        (summary, HMIC.protectiveServiceArea, area),
        (summary, HMIC.themeLabel, Literal("theme")),
        (summary, HMIC.evidenceList, Literal(f"{shared}; {own_a}; {own_b}")),
        (summary, PROV_DERIVED, gap_a),
        (summary, PROV_DERIVED, gap_b),
    }
    old_a = {(gap_a, HMIC.gapForce, a), (gap_a, HMIC.evidenceLocation, shared),
             (gap_a, HMIC.evidenceLocation, own_a)}  # fmt: skip
    gap_b_triples = [(gap_b, HMIC.gapForce, b), (gap_b, HMIC.evidenceLocation, shared),
                     (gap_b, HMIC.evidenceLocation, own_b), (gap_b, HMIC.addressedBy, agreement)]  # fmt: skip
    with open_store("oxigraph:") as store:
        # force A's gap is gone from the gaps graph (derived again without it); B's is as it was
        store.replace_graph(GAPS_GRAPH, [*old_summary, *gap_b_triples])
        store.replace_graph(URIRef(ex + "labels"), [(b, RDFS.label, Literal("B")),
                            (agreement, RDFS.label, Literal("The agreement"))])  # fmt: skip
        rest = _rest(store, catalog(), {gap_a}, old_summary, old_a, {})
        # a file name that holds the lists' separator: they cannot be split, and the caller
        # derives everything again
        odd = Literal(f"{shared}; HMIC report; 2008.txt:4; {own_a}; {own_b}")
        odd_summary = {t for t in old_summary if t[1] != HMIC.evidenceList}
        odd_summary.add((summary, HMIC.evidenceList, odd))
        assert _rest(store, catalog(), {gap_a}, odd_summary, old_a, {}) is None
    assert rest is not None and set(rest) == {summary}
    part = rest[summary]
    assert part.gaps == {gap_b} and part.forces == {b} and part.addressed == {gap_b}
    assert {str(w) for w in part.wheres} == {str(shared), str(own_b)}
    assert {str(n) for n in part.names} == {"B"}
    assert {str(n) for n in part.agreements} == {"The agreement"}


def test_a_report_makes_again_only_the_gaps_it_can_change(reports, monkeypatch):
    """The 2008 report's work programme names the five East Midlands forces: adding it makes
    again the gaps of its own findings and grades and the work-programme gaps of the five,
    not every gap of the five; replacing it, the gaps its evidence was behind too. Both end as
    a full derivation does."""
    import queries.gaps

    made: list[tuple[GapScope, frozenset[URIRef] | None]] = []
    real = queries.gaps._derive

    def spy(store, specs, scope):
        out = real(store, specs, scope)
        made.append((scope, out))
        return out

    monkeypatch.setattr(queries.gaps, "_derive", spy)
    leicestershire = URIRef("https://w3id.org/hmickg/id/force/leicestershire")
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports[n] for n in ("gen-0", "gen-1", "gen-2", "gen-3")])
        del made[:]
        ingest_many(store, [reports["real-2008"]])
        [(scope, gaps)] = made
        assert scope is not None and gaps is not None and len(scope.forces) >= 4
        assert scope.reports and scope.agreements and not scope.gaps  # (a new graph)
        force_of = {s: o for s, p, o in store.triples(GAPS_GRAPH) if p == HMIC.gapForce}
        theirs = {g for g, f in force_of.items() if f in scope.forces}
        assert gaps < theirs, "not every gap of the forces in scope"
        programme = {s for s, p, o in store.triples(GAPS_GRAPH) if p == HMIC.gapSource and str(o) == "programme"}  # fmt: skip
        elsewhere = {g for g in gaps if force_of.get(g) != leicestershire}
        assert elsewhere and elsewhere <= programme, "of the other forces, programme gaps only"
        assert _gaps(store) == _full(store)
        graph = URIRef("https://w3id.org/hmickg/id/graph/report/leicestershire-2008-07-major-crime")
        before = gap_scope(store, graph)
        assert before is not None and before.gaps and leicestershire in before.forces
        assert {force_of[g] for g in before.gaps} <= set(before.forces)


def test_a_run_cut_short_gets_a_full_derivation(reports):
    from queries.gaps import derive_gaps, invalidate_gaps

    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["real-2008"]])
        invalidate_gaps(store)  # a run that wrote reports and stopped before its derivation
        g = URIRef("https://w3id.org/hmickg/id/graph/unrelated")
        store.replace_graph(g, [(g, HMIC.gapSource, g)])
        ingest_many(store, [reports["gen-1"]])  # two marks now: derived in full
        assert _gaps(store) == _full(store)
        # a derivation told of no changes, of a graph the store no longer has, and unmarked
        assert derive_gaps(store, {}) == store.count(GAPS_GRAPH)
        assert gap_scope(store, g) == GapScope()


def test_a_graph_that_describes_a_theme_gets_a_full_derivation(reports, scopes):
    from rdflib import SKOS, Literal

    from queries.gaps import derive_gaps, invalidate_gaps

    theme = URIRef("https://w3id.org/hmickg/def/theme/analytical-capacity")
    g = URIRef("https://w3id.org/hmickg/id/graph/themes-renamed")
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["real-2008"], reports["gen-0"]])
        invalidate_gaps(store)
        store.replace_graph(g, [(theme, SKOS.prefLabel, Literal("Analysis"))])
        assert gap_scope(store, g) is None
        derive_gaps(store, {g: frozenset()})
        assert scopes[-1] is None
        assert _gaps(store) == _full(store)


def test_a_graph_that_renames_an_agreement_sums_up_the_gaps_it_addresses_again(reports, scopes):
    """The summaries of the gaps an agreement addresses name it: a graph that gives it another
    name makes them again (not the gaps, which are as they were), and so does its drop."""
    from rdflib import RDFS, Literal

    from queries.gaps import derive_gaps, invalidate_gaps

    g = URIRef("https://w3id.org/hmickg/id/graph/agreement-renamed")
    with open_store("oxigraph:") as store:
        ingest_many(store, [reports[n] for n in ("real-2008", "gen-0", "gen-1")])
        gaps = list(store.triples(GAPS_GRAPH))
        programme = {gap for gap, p, o in gaps if p == HMIC.gapSource and str(o) == "programme"}
        # an agreement that addresses gaps of the reports' findings too (not only those of its
        # own work programme, which the scope makes again anyway)
        addressed = sorted(
            (o, gap) for gap, p, o in gaps if p == HMIC.addressedBy and gap not in programme
        )
        assert addressed, "the reports' agreements address some gaps"
        agreement = addressed[0][0]
        name = "An agreement named by a graph of its own"

        def names() -> set[str]:
            return {
                str(o)
                for _, p, o in store.triples(GAPS_GRAPH)
                if p == HMIC.addressedByList and name in str(o)
            }

        invalidate_gaps(store)
        store.replace_graph(g, [(agreement, RDFS.label, Literal(name))])
        del scopes[:]
        derive_gaps(store, {g: frozenset()})
        assert scopes[-1] is not None and agreement in gap_scope(store, g).agreements
        assert names(), "the summaries name it"
        assert _gaps(store) == _full(store)
        before = gap_scope(store, g)
        invalidate_gaps(store)
        store.drop_graph(g)
        del scopes[:]
        derive_gaps(store, {g: before})
        assert scopes[-1] is not None and not names()
        assert _gaps(store) == _full(store)


def test_scope_of_a_report_graph(loaded_store):
    g = URIRef("https://w3id.org/hmickg/id/graph/report/leicestershire-2008-07-major-crime")
    scope = gap_scope(loaded_store, g)
    assert scope is not None
    slugs = {str(f).rsplit("/", 1)[-1] for f in scope.forces}
    # the inspected force, and the five forces party to its regional work programme
    assert {"leicestershire", "derbyshire", "lincolnshire", "northamptonshire"} <= slugs


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.one_of(
            st.lists(
                st.sampled_from(
                    ["real-2008", "real-2007", "real-2007-fewer", "gen-0", "gen-0-fewer", "gen-3"]
                ),
                min_size=1,
                max_size=2,
            ),
            st.sampled_from(["drop real-2007", "drop gen-0"]),
        ),
        min_size=2,
        max_size=4,
    )
)
def test_any_sequence_of_ingests_and_drops_gives_the_full_derivation(reports, steps):
    """Both derived graphs: the gaps as a full derivation makes them, the link index as the
    entities projection has the links (tests/queries/test_links.py)."""
    from queries.projections import to_networkx

    with open_store("oxigraph:") as store:
        ingest_many(store, [reports["gen-1"]])
        for step in steps:
            if isinstance(step, str):
                _drop(store, reports[step.split()[1]])
            else:
                ingest_many(store, [reports[n] for n in step])
            assert _gaps(store) == _full(store), steps
            assert links_current(store)
            G = to_networkx(store, "entities")
            projected = {(str(s), d["predicate"], str(o)) for s, o, d in G.edges(data=True)}
            assert {tuple(map(str, t)) for t in store.triples(LINKS_GRAPH)} == projected, steps
