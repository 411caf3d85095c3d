"""Network projections and analytics on a real Oxigraph store holding the two bundled reports."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Literal, URIRef

from hmickg.cli_analytics import network
from queries import analytics as A
from queries.projections import (
    PROJECTIONS,
    find_entities,
    from_rdf,
    projection,
    to_networkx,
    write_network,
)
from queries.runner import ParamError

ID = "https://w3id.org/hmickg/id/"
HMIC = "https://w3id.org/hmickg/def#"
LEICESTERSHIRE = ID + "force/leicestershire"
SOCA = ID + "agency/soca"
TOPIC = ID + "operation/topic"
SOCA_AGREEMENT = ID + "agreement/collaborative-agreement-soca"


@pytest.fixture(scope="module")
def store(report_paths):
    from graph_store import open_store
    from hmickg.pipeline import ingest_many

    st = open_store("oxigraph:")
    done, failed = ingest_many(st, list(report_paths.values()))
    assert len(done) == 2 and not failed
    yield st
    st.close()


@pytest.fixture(scope="module")
def organisations(store):
    return to_networkx(store, "organisations")


@pytest.fixture(scope="module")
def entities(store):
    return to_networkx(store, "entities")


@pytest.fixture(scope="module")
def report_lines(report_paths):
    from ingest import read_report

    return {p.name: read_report(p) for p in report_paths.values()}


# ---------------------------------------------------------------------------- projections


def test_projections_carry_labels_types_predicates_and_evidence(organisations, entities):
    assert type(organisations) is nx.MultiGraph and type(entities) is nx.MultiDiGraph
    for G in (organisations, entities):
        assert G.number_of_nodes() > 20 and G.number_of_edges() > 20
        for _, d in G.nodes(data=True):
            assert d["label"] and d["type"]
        for _, _, d in G.edges(data=True):
            assert d["predicate"].startswith((HMIC, "http://www.w3.org/ns/org#"))
            assert d["evidence"] and all(e.startswith(ID) for e in d["evidence"])
    assert organisations.nodes[SOCA] == {
        "label": "Serious Organised Crime Agency",
        "type": "PartnerAgency",
    }
    # the organisations SOCA shares Operation Topic with, each link through the operation
    via_topic = {v for _, v, d in organisations.edges(SOCA, data=True) if d.get("via") == TOPIC}
    assert LEICESTERSHIRE in via_topic and ID + "force/west-midlands" in via_topic
    assert entities.has_edge(TOPIC, SOCA) and not entities.has_edge(SOCA, TOPIC)


def test_gap_projection_links_forces_sharing_a_gap_theme(store):
    theme = "urn:test:theme/fingerprint-backlog"
    graph = URIRef("urn:test:graph/more-gaps")  # the query reads gaps in any graph
    triples = [
        (
            URIRef(theme),
            URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
            Literal("Fingerprint backlog"),
        )
    ]
    for slug in ("derbyshire", "lincolnshire", "nottinghamshire"):
        gap = URIRef(f"urn:test:gap/{slug}")
        triples += [
            (gap, RDF.type, URIRef(HMIC + "ProtectiveServiceGap")),
            (gap, URIRef(HMIC + "gapForce"), URIRef(f"{ID}force/{slug}")),
            (gap, URIRef(HMIC + "gapTheme"), URIRef(theme)),
        ]
    store.replace_graph(graph, triples)
    try:
        G = to_networkx(store, "gaps", theme=theme)
        assert type(G) is nx.MultiGraph and G.number_of_nodes() == 3
        assert G.number_of_edges() == 3  # each pair of the three forces, once
        for _, _, d in G.edges(data=True):
            assert d["predicate"] == HMIC + "sharesGap" and d["via"] == theme
            assert d["via_label"] == "Fingerprint backlog" and len(d["evidence"]) == 2
        assert G.nodes[ID + "force/derbyshire"]["type"] == "PoliceForce"
    finally:
        store.drop_graph(graph)
    # the gaps derived from the reports: every link through a theme, with passages behind it
    G = to_networkx(store, "gaps")
    assert all(d["via"] != theme for _, _, d in G.edges(data=True))
    for _, _, d in list(G.edges(data=True))[:5]:
        passages = A.evidence(store, d["evidence"])
        assert all(passages[e] for e in d["evidence"]), d


def _same_graph(G: nx.MultiGraph, H: nx.MultiGraph) -> None:
    """The same nodes, links, attributes and order (order decides ties in NetworkX)."""
    assert type(G) is type(H)
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))


@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_select_companion_gives_the_construct_network(store, name):
    """Each projection's ``select:`` rows make the graph its CONSTRUCT makes."""
    from queries import run

    proj = projection(name)
    assert proj.select is not None
    answer = run(proj.spec, store)
    from_construct = from_rdf(answer.graph, directed=proj.directed)
    from_select = to_networkx(store, name)
    assert from_construct.number_of_edges() > 0
    _same_graph(from_select, from_construct)
    assert from_select.graph == {"projection": name, "query": proj.spec.name}


def test_select_companion_takes_the_construct_parameters(store):
    from queries import run

    proj = projection("gaps")
    G = to_networkx(store, "gaps")
    theme = next(d["via"] for _, _, d in G.edges(data=True))
    answer = run(proj.spec, store, {"theme": theme})
    one = to_networkx(store, "gaps", theme=theme)
    _same_graph(one, from_rdf(answer.graph, directed=False))
    assert 0 < one.number_of_edges() < G.number_of_edges()
    assert {d["via"] for _, _, d in one.edges(data=True)} == {theme}


def test_a_store_without_query_strings_gets_the_construct_network(store):
    class Plain:
        """A store answering ``query`` only (a GraphStore of another project)."""

        def query(self, *args, **kwargs):
            return store.query(*args, **kwargs)

    for name in PROJECTIONS:
        _same_graph(to_networkx(Plain(), name), to_networkx(store, name))


def test_organisation_links_rest_on_the_memberships_of_both_ends(store, organisations):
    """A link's evidence: every stored statement putting either end in the operation."""
    rows = store.query_strings(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "PREFIX hmic: <https://w3id.org/hmickg/def#> "
        "SELECT ?st ?x WHERE { ?st rdf:subject ?via ; rdf:predicate hmic:involves ; "
        "rdf:object ?x }",
        bindings={"via": URIRef(TOPIC)},
    ).rows
    said: dict[str, set[str]] = {}
    for statement, x in rows:
        said.setdefault(x, set()).add(statement)
    assert len(said) >= 3
    links = [(u, v, d) for u, v, d in organisations.edges(data=True) if d.get("via") == TOPIC]
    assert len(links) == len(said) * (len(said) - 1) // 2
    for u, v, d in links:
        assert d["evidence"] == sorted(said[u] | said[v])


def test_unknown_projection_names_the_known_ones(store):
    with pytest.raises(ValueError, match="organisations"):
        to_networkx(store, "nope")


# ---------------------------------------------------------------------------- paths


def _names(store, node: str) -> set[str]:
    rows = store.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?n WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } ?node ?p ?n }",
        bindings={"node": URIRef(node)},
    ).rows
    names = {str(r[0]).lower() for r in rows}
    # agreements are named by kind and party: "collaborative agreements with SOCA"
    names |= {n.split(" with ")[0] for n in names if " with " in n}
    return names


def _named(text: str, names: set[str], *, inspected: bool) -> bool:
    low = text.lower()
    # a report calls the force it inspects "the force"
    return any(n in low for n in names) or (inspected and "force" in low)


def test_leicestershire_reaches_soca_through_topic_and_the_agreement(store, entities, report_lines):
    chains = A.paths(entities, LEICESTERSHIRE, SOCA, max_paths=3, store=store)
    assert len(chains) == 3
    shortest = [c for c in chains if len(c) == len(chains[0])]
    assert len(chains[0]) == 2
    assert {c.nodes[1] for c in shortest} == {TOPIC, SOCA_AGREEMENT}
    assert [len(c) for c in chains] == sorted(len(c) for c in chains)
    for chain in shortest:
        assert chain.nodes[0] == LEICESTERSHIRE and chain.nodes[-1] == SOCA
        for hop in chain.hops:
            assert hop.links
            for link in hop.links:
                assert link.predicate in (HMIC + "involves", HMIC + "party")
                assert link.evidence and link.passages
                for passage in link.passages:
                    src = report_lines[passage.file]
                    assert src.sha256 == passage.sha256
                    text = " ".join(
                        src.line(n) for n in range(passage.line_start, passage.line_end + 1)
                    )
                    for end in (hop.source, hop.target):
                        assert _named(text, _names(store, end), inspected=end == LEICESTERSHIRE), (
                            f"{passage}: {end} not named in {text[:200]!r}"
                        )


def test_path_in_the_organisation_network_is_one_hop_through_both(store, organisations):
    (chain,) = A.paths(organisations, LEICESTERSHIRE, SOCA, max_paths=1, store=store)
    (hop,) = chain.hops
    assert {lk.via for lk in hop.links} >= {TOPIC, SOCA_AGREEMENT}
    assert all(lk.passages for lk in hop.links)


def test_paths_errors(entities):
    with pytest.raises(A.NodeNotInNetwork, match="not in the entities network"):
        A.paths(entities, LEICESTERSHIRE, ID + "force/nowhere")
    with pytest.raises(ValueError):
        A.paths(entities, SOCA, SOCA)
    island = entities.copy()
    island.add_node("urn:x:alone", label="alone", type="")
    assert A.paths(island, SOCA, "urn:x:alone") == []


def _pairs(G: nx.MultiGraph, n: int) -> list[tuple[str, str]]:
    """``n`` pairs of entities spread over the graph, the Leicestershire-SOCA one first."""
    nodes = sorted(G.nodes)
    step = max(1, len(nodes) // n)
    picks = nodes[::step]
    spread = [(a, b) for a, b in zip(picks, reversed(picks), strict=True) if a != b]
    return [(LEICESTERSHIRE, SOCA), (SOCA, LEICESTERSHIRE), *spread[:n]]


def test_find_paths_gives_the_chains_paths_gives(store, entities):
    """Searching the store from both ends finds what the whole entity graph finds, ties and
    evidence included."""
    pairs = _pairs(entities, 12)
    for source, target in pairs:
        for k in (1, 3, 5):
            expected = A.paths(entities, source, target, max_paths=k, store=store)
            assert A.find_paths(store, source, target, max_paths=k) == expected, (source, target)
    chains = A.find_paths(store, LEICESTERSHIRE, SOCA)
    assert {c.nodes[1] for c in chains[:2]} == {TOPIC, SOCA_AGREEMENT}
    assert all(lk.passages for c in chains for h in c.hops for lk in h.links)


def test_link_statements_for_many_links_at_once(store, entities):
    """The evidence of the chains' links is asked in one query (a VALUES row per link): each
    link gets the statements the whole entity graph gives it."""
    links = [(s, d["predicate"], o) for s, o, d in entities.edges(data=True)][:40]
    rows = [{"s": s, "p": p, "o": o} for s, p, o in links]
    answer = store.query_strings(A._values_query("link-statements", rows))
    found: dict[tuple[str, str, str], set[str]] = {}
    for s, p, o, statement in answer.rows:
        found.setdefault((s, p, o), set()).add(statement)
    for s, o, d in list(entities.edges(data=True))[:40]:
        assert found[(s, d["predicate"], o)] == set(d["evidence"])
    with pytest.raises(ParamError):  # every value checked as a bound parameter is
        A._values_query("link-statements", [{"s": "not an iri", "p": SOCA, "o": SOCA}])


def test_find_paths_errors(store, entities):
    with pytest.raises(A.NodeNotInNetwork, match="not in the entities network"):
        A.find_paths(store, LEICESTERSHIRE, ID + "force/nowhere")
    with pytest.raises(ValueError):
        A.find_paths(store, SOCA, SOCA)
    # a node of the network with no link: no chain (paths says the same)
    lonely = [n for n in entities if entities.degree(n) == 0]
    for node in lonely[:2]:
        assert A.find_paths(store, SOCA, node) == [] == A.paths(entities, SOCA, node)


def test_names_resolve_to_entities(store):
    assert [e.iri for e in find_entities(store, "Leicestershire Constabulary")] == [LEICESTERSHIRE]
    assert [e.iri for e in find_entities(store, "soca")] == [SOCA]
    assert len(find_entities(store, "West Midlands")) == 2  # the region and the force
    assert find_entities(store, "nobody at all") == []


# ---------------------------------------------------------------------------- centrality


def test_centrality_ranks_leicestershire_among_the_top_organisations(organisations):
    result = A.centrality(organisations)
    assert result.k is None  # small: exact
    assert result.rank(LEICESTERSHIRE) <= 3
    assert {s.node for s in result.scores} == set(organisations.nodes)
    assert result.scores[0].betweenness >= result.scores[-1].betweenness
    soca = next(s for s in result.scores if s.node == SOCA)
    assert soca.degree >= 3 and soca.links >= soca.degree


def test_sampled_betweenness_is_repeatable(entities):
    a = A.centrality(entities, k=20, seed=7)
    b = A.centrality(entities, k=20, seed=7)
    assert a.k == 20 and a.scores == b.scores
    assert "sampled from 20 sources" in a.description


def test_region_brokers(store, entities):
    from queries.projections import region_forces

    forces = region_forces(store, ID + "region/east-midlands")
    assert LEICESTERSHIRE in forces and len(forces) == 5
    result = A.centrality(entities, between=forces)
    assert result.between and result.scores[0].betweenness > 0
    assert result.scores[0].type in ("CollaborationAgreement", "Operation", "PoliceForce")


# ---------------------------------------------------------------------------- communities


@pytest.mark.parametrize("method", ["louvain", "greedy"])
def test_communities_cover_every_node_once(organisations, method):
    result = A.communities(organisations, method=method)
    members = [m for c in result.communities for m in c.members]
    assert sorted(members) == sorted(organisations.nodes)
    assert len(members) == len(set(members))
    assert [len(c.members) for c in result.communities] == sorted(
        (len(c.members) for c in result.communities), reverse=True
    )
    assert result.of(LEICESTERSHIRE).number >= 1


def test_louvain_is_repeatable(entities):
    assert A.communities(entities, seed=3) == A.communities(entities, seed=3)


# ---------------------------------------------------------------------------- neighbourhood


def test_neighbourhood(entities):
    one = A.neighbourhood(entities, SOCA, 1)
    assert set(one.nodes) == {SOCA, TOPIC, SOCA_AGREEMENT}
    assert one.nodes[TOPIC]["distance"] == 1 and one.is_directed()
    two = A.neighbourhood(entities, SOCA, 2)
    assert LEICESTERSHIRE in two and two.nodes[LEICESTERSHIRE]["distance"] == 2
    assert set(A.neighbourhood(entities, SOCA, 0).nodes) == {SOCA}


# ---------------------------------------------------------------------------- write back


def test_write_back_is_idempotent_and_keeps_the_other_kind(store, organisations):
    cen = A.centrality(organisations)
    com = A.communities(organisations)
    first = A.write_back(store, [cen, com])
    assert first == A.write_back(store, [cen, com]) == store.count(A.ANALYTICS_GRAPH)
    assert A.write_back(store, cen) < first  # replaced as a whole: only centrality now
    assert A.write_back(store, com, keep=True) == first
    rows = store.query(
        "PREFIX hmic: <https://w3id.org/hmickg/def#> SELECT ?b ?c WHERE { GRAPH "
        "<https://w3id.org/hmickg/id/graph/analytics> { ?n hmic:betweenness ?b ; hmic:community ?c } }",
        bindings={"n": URIRef(LEICESTERSHIRE)},
    ).rows
    ((b, c),) = rows
    assert float(b) == pytest.approx(cen.scores[cen.rank(LEICESTERSHIRE) - 1].betweenness, abs=1e-6)
    assert str(c).startswith(ID + "community/")


# ---------------------------------------------------------------------------- export


def test_export_rereads(organisations, entities, tmp_path):
    write_network(organisations, tmp_path / "o.graphml", format="graphml")
    back = nx.read_graphml(tmp_path / "o.graphml")
    assert set(back.nodes) == set(organisations.nodes)
    assert back.number_of_edges() == organisations.number_of_edges()
    assert back.nodes[SOCA]["label"] == "Serious Organised Crime Agency"
    write_network(entities, tmp_path / "e.gexf", format="gexf")
    assert nx.read_gexf(tmp_path / "e.gexf").number_of_edges() == entities.number_of_edges()
    write_network(entities, tmp_path / "e.json", format="json")
    data = json.loads((tmp_path / "e.json").read_text("utf-8"))
    again = nx.node_link_graph(data, edges="links")
    assert again.is_directed() and again.number_of_edges() == entities.number_of_edges()
    with pytest.raises(ValueError, match="graphml"):
        write_network(entities, tmp_path / "e.x", format="dot")


# ---------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def disk_store(report_paths, tmp_path_factory):
    from graph_store import open_store
    from hmickg.pipeline import ingest_many

    folder = tmp_path_factory.mktemp("analytics") / "store"
    with open_store(f"oxigraph:{folder}") as st:
        ingest_many(st, list(report_paths.values()))
    return str(folder)


@pytest.fixture
def cli(disk_store):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(network, [*args, "--store", disk_store])

    return invoke


def test_cli_path_prints_hops_with_file_lines_and_text(cli):
    res = cli("path", "Leicestershire Constabulary", "SOCA")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "3 shortest chains in the entities network" in out
    assert "Operation Topic —hmic:involves→ Serious Organised Crime Agency" in out
    assert "000_7d85d815ae289cfe.txt:732" in out and "the SOCA to deal with a kidnap" in out
    assert "000_7d85d815ae289cfe.txt:877" in out
    res = cli(
        "path",
        ID + "force/leicestershire",
        "id:agency/soca",
        "--max",
        "1",
        "--projection",
        "organisations",
    )
    assert res.exit_code == 0, res.output
    assert "[via Operation Topic]" in res.stdout and "(1 hop)" in res.stdout


def test_cli_path_names_unfound_report_files_in_one_line(disk_store, report_paths, tmp_path):
    """A store ingested from elsewhere: the lines cannot be quoted, and one note says so,
    however many files the chains cite; --reports then quotes them."""
    from hmickg import cli_analytics

    folder = tmp_path / "elsewhere"
    folder.mkdir()
    for path in report_paths.values():
        (folder / path.name).write_bytes(path.read_bytes())
    lines = cli_analytics._Lines([])
    lines.files.folders = [tmp_path / "empty"]  # not even the bundled copies
    for n in range(5):
        assert lines.source(f"report-{n}.txt", None) is None
    notes = lines.all_notes()
    assert len(notes) == 1
    assert notes[0].startswith(
        "5 report files (report-0.txt, report-1.txt, report-2.txt and 2 more)"
    )
    assert "--reports" in notes[0]
    found = cli_analytics._Lines([folder])
    path = next(iter(report_paths.values()))
    assert found.source(path.name, None) is not None and found.all_notes() == []
    # a file of the same name that is not the one ingested is named, not quoted
    edited = tmp_path / "edited"
    edited.mkdir()
    (edited / path.name).write_text(path.read_text("utf-8") + "\nan added line\n", "utf-8")
    differs = cli_analytics._Lines([edited])
    differs.files.folders = [edited]
    import hashlib

    assert differs.source(path.name, hashlib.sha256(path.read_bytes()).hexdigest()) is None
    (note,) = differs.all_notes()
    assert note.startswith(f"{edited / path.name} differs from the ingested {path.name}")
    assert note.endswith("not quoted")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("path", "nobody", "SOCA"), "no entity is named 'nobody'"),
        (("path", "West Midlands", "SOCA"), "'West Midlands' is ambiguous"),
        (("path", "SOCA", "soca"), "two different entities"),
        (("path", "SOCA", "id:force/kent"), "is not in the entities network"),
        (("centrality", "--projection", "nope"), "no network projection named 'nope'"),
    ],
)
def test_cli_errors_are_one_line(cli, args, message):
    res = cli(*args)
    assert res.exit_code != 0
    assert res.stderr.startswith("hmickg: error: ") and message in res.stderr
    assert res.stderr.count("\n") == 1


def test_cli_centrality_and_write(cli, disk_store):
    res = cli("centrality", "--top", "3", "--write")
    assert res.exit_code == 0, res.output
    assert "Leicestershire Police" in res.stdout
    assert "wrote" in res.stderr and "graph/analytics" in res.stderr
    res = cli("centrality", "--format", "json", "--region", "West Midlands", "-P", "entities")
    assert res.exit_code == 0, res.output  # the region, not the force of that name
    between = json.loads(res.stdout)["between"]
    assert ID + "force/west-midlands" in between and ID + "force/leicestershire" not in between


def test_cli_communities_and_neighbourhood(cli, tmp_path):
    res = cli("communities", "--write")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("Communities of the organisations network")
    res = cli("neighbourhood", "SOCA", "--depth", "1", "-o", str(tmp_path / "n.graphml"))
    assert res.exit_code == 0, res.output
    assert "3 nodes within 1 link" in res.stdout
    assert nx.read_graphml(tmp_path / "n.graphml").number_of_nodes() == 3


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_cli_export_network(cli, tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    res = cli("export-network", "--projection", "organisations", "--format", fmt, "-o", str(out))
    assert res.exit_code == 0, res.output
    if fmt == "graphml":
        G = nx.read_graphml(out)
    elif fmt == "gexf":
        G = nx.read_gexf(out)
    else:
        G = nx.node_link_graph(json.loads(out.read_text("utf-8")), edges="links")
    assert SOCA in G and G.number_of_edges() > 50


def test_every_command_has_an_example_in_its_help():
    from hmickg.cli_analytics import COMMANDS

    for command in COMMANDS:
        assert "Example:" in (command.help or ""), command.name


# ---------------------------------------------------------------------------- rows and RDF

_MEMBERSHIPS = st.lists(
    st.tuples(
        st.sampled_from(["urn:op:1", "urn:op:2", "urn:op:3"]),
        st.sampled_from(["urn:org:a", "urn:org:b", "urn:org:c", "urn:org:d"]),
        st.sampled_from(["urn:st:1", "urn:st:2", "urn:st:3", "urn:st:4", "urn:st:5"]),
    ),
    max_size=25,
)


@given(_MEMBERSHIPS)
@settings(max_examples=60, deadline=None)
def test_membership_rows_make_the_network_their_construct_makes(memberships):
    """from_rows pairs co-members as the organisation CONSTRUCT does, evidence of both ends
    reached through the memberships (from_rdf follows them)."""
    from rdflib import Graph
    from rdflib.namespace import PROV, RDFS

    from queries.projections import from_rows

    shares = HMIC + "sharesOperation"
    rows = [(via, shares, member, ev, None, None, None) for via, member, ev in memberships]
    rows += [(None, None, None, None, m, m[-1].upper(), None) for _, m, _ in memberships]
    G = from_rows(
        ["via", "p", "member", "evidence", "node", "label", "class"], rows, directed=False
    )

    g = Graph()
    held: dict[tuple[str, str], set[str]] = {}
    for via, member, ev in memberships:
        held.setdefault((via, member), set()).add(ev)
        g.add((URIRef(member), RDFS.label, Literal(member[-1].upper())))
    for (via, member), evs in held.items():
        for ev in evs:
            g.add((URIRef(f"urn:m:{via}|{member}"), PROV.wasDerivedFrom, URIRef(ev)))
    for via, a in held:
        for via2, b in held:
            if via2 != via or not a < b:
                continue
            link = URIRef(f"urn:link:{via}|{a}|{b}")
            g.add((link, RDF.type, RDF.Statement))
            g.add((link, RDF.subject, URIRef(a)))
            g.add((link, RDF.predicate, URIRef(shares)))
            g.add((link, RDF.object, URIRef(b)))
            g.add((link, URIRef(HMIC + "via"), URIRef(via)))
            g.add((link, PROV.wasDerivedFrom, URIRef(f"urn:m:{via}|{a}")))
            g.add((link, PROV.wasDerivedFrom, URIRef(f"urn:m:{via}|{b}")))
    H = from_rdf(g, directed=False)
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert [n for n in G.nodes if G.degree(n)] == [n for n in H.nodes if H.degree(n)]
    for u, v, d in G.edges(data=True):
        assert d["evidence"] == sorted(held[(d["via"], u)] | held[(d["via"], v)])
