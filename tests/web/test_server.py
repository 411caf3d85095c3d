"""``hmickg serve`` over HTTP: the SPARQL endpoint with real clients, the JSON API the page
reads, the page's files, and the command itself."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

ID = "https://w3id.org/hmickg/id/"
LEICS, SOCA, TOPIC = ID + "force/leicestershire", ID + "agency/soca", ID + "operation/topic"
REPORTS = Path(__file__).resolve().parents[2] / "hmickg" / "sample_reports"
FINDING = ID + "report/leicestershire-2008-07-major-crime/finding/0001"
COUNT_REPORTS = (
    "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/hmickg/def#InspectionReport> }"
)

pytestmark = pytest.mark.server


# ---------------------------------------------------------------------- SPARQL endpoint


def test_sparqlwrapper_reads_the_endpoint_in_every_format(app):
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(app.url + "sparql")
    sw.setQuery(COUNT_REPORTS)
    sw.setReturnFormat(JSON)
    data = sw.query().convert()
    assert data["results"]["bindings"][0]["n"]["value"] == "2"

    sw.setReturnFormat(XML)
    doc = sw.query().convert()  # a minidom Document
    assert doc.getElementsByTagName("literal")[0].firstChild.data == "2"

    sw.setReturnFormat(CSV)
    assert sw.query().convert().decode().splitlines() == ["n", "2"]

    sw.setQuery(f"ASK {{ <{LEICS}> ?p ?o }}")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True

    sw.setQuery(f"CONSTRUCT {{ <{TOPIC}> ?p ?o }} WHERE {{ <{TOPIC}> ?p ?o }}")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert len(g) > 3 and all(str(s) == TOPIC for s in g.subjects())


def test_hmickg_itself_queries_the_endpoint_as_a_store(app, loaded_store):
    """The `sparql:` store of hmickg, pointed at the served one, answers catalogue queries
    with the rows the store itself gives."""
    from graph_store import open_store
    from queries import catalog, run

    remote = open_store(f"sparql:{app.url}sparql")
    try:
        for name, params in [
            ("assessment-grades", {"force": LEICS}),
            ("shared-gaps", {"min": "2"}),
            (
                "organisations-linking-operations",
                {"op1": ID + "operation/lucky", "op2": ID + "operation/beanbag"},
            ),
        ]:
            spec = catalog()[name]
            here, there = run(spec, loaded_store, params), run(spec, remote, params)
            assert there.variables == here.variables
            assert sorted(map(repr, there.rows)) == sorted(map(repr, here.rows)), name
            assert here.rows
    finally:
        remote.close()


def test_post_forms_content_negotiation_and_errors(http):
    body = ("query=" + COUNT_REPORTS).encode()
    status, headers, data = http.request(
        "/sparql",
        data=body.replace(b" ", b"+").replace(b"(", b"%28").replace(b")", b"%29"),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "text/tab-separated-values",
        },
    )
    assert status == 200 and headers["Content-Type"].startswith("text/tab-separated-values")
    assert data.decode().splitlines() == ["?n", '"2"^^<http://www.w3.org/2001/XMLSchema#integer>']
    assert headers["Access-Control-Allow-Origin"] == "*"

    status, headers, data = http.request(
        "/sparql",
        data=COUNT_REPORTS.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+xml",
        },
    )
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+xml"
    assert (
        ET.fromstring(data).find(".//{http://www.w3.org/2005/sparql-results#}literal").text == "2"
    )

    status, _, data = http.request("/sparql", params={"query": "SELECT WHERE"})
    assert status == 400 and b"SPARQL query failed" in data
    status, _, data = http.request(
        "/sparql", params={"query": COUNT_REPORTS}, headers={"Accept": "image/png"}
    )
    assert status == 406 and b"choose one of" in data
    status, _, data = http.request(
        "/sparql", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 400 and b"read-only" in data
    status, _, _ = http.request("/sparql", method="OPTIONS")
    assert status == 204


def test_without_a_query_the_endpoint_describes_itself(http, app):
    status, headers, data = http.request("/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=data, format="turtle")
    endpoints = list(
        g.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"))
    )
    assert [str(e) for e in endpoints] == [app.url + "sparql"]
    status, headers, _ = http.request("/sparql", headers={"Accept": "text/html"})
    assert status == 200  # urllib follows the redirect to the page's SPARQL tab


def test_the_endpoint_changes_nothing(http, loaded_store):
    before = loaded_store.count()
    for update in ("DROP ALL", "CLEAR DEFAULT"):
        http.request("/sparql", params={"update": update})
        http.request(
            "/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
        )
        http.request("/sparql", params={"query": update})
    assert loaded_store.count() == before


# ---------------------------------------------------------------------- JSON API


def test_catalogue_and_answers(http, monkeypatch):
    from hmickg.web import api

    listing = http.json("/api/catalogue")
    names = {q["name"] for q in listing}
    assert {"shared-gaps", "grade-changes", "where-from", "entity-search"} <= names
    grade = next(q for q in listing if q["name"] == "grade-changes")
    assert grade["params"][0]["name"] == "force" and "SELECT" in grade["text"]

    answer = http.json("/api/query/grade-changes", force=LEICS)
    assert answer["kind"] == "select" and answer["total"] == len(answer["rows"]) >= 1
    row = dict(zip(answer["vars"], answer["rows"][0], strict=True))
    assert row["gradeBefore"]["value"] == "Poor" and row["gradeAfter"]["value"] == "Fair"

    gaps = http.json("/api/query/shared-gaps", min="2")
    forces = gaps["vars"].index("forces")
    assert gaps["rows"] and all(int(r[forces]["value"]) >= 2 for r in gaps["rows"])

    grades = http.json("/api/query/assessment-grades", force=LEICS)
    assert grades["labels"][LEICS] == "Leicestershire Police"

    monkeypatch.setattr(api, "MAX_ROWS", 100)  # the page gets the first rows of a long answer
    network = http.json("/api/query/construct-entity-graph")
    assert network["kind"] == "construct" and network["vars"] == ["subject", "predicate", "object"]
    assert network["total"] > len(network["rows"]) == 100 and network["truncated"]


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/query/no-such-query", {}, 404, "no catalogue query"),
        ("/api/query/grade-changes", {}, 400, "missing parameter"),
        ("/api/query/grade-changes", {"force": "leicestershire"}, 400, "not a valid iri"),
        ("/api/query/shared-gaps", {"min": "two"}, 400, "not a valid integer"),
        ("/api/neighbours", {"node": "not an iri"}, 400, "absolute IRI"),
        ("/api/neighbours", {"node": ID + "force/atlantis"}, 404, "not in the entities network"),
        ("/api/path", {"from": LEICS, "to": LEICS}, 400, "two different"),
        ("/api/source", {"file": "../../etc/passwd", "start": "1"}, 404, "bare file name"),
        (
            "/api/source",
            {"file": "000_7d85d815ae289cfe.txt", "start": "5000"},
            404,
            "not in the file",
        ),
        ("/api/source", {"file": "000_7d85d815ae289cfe.txt", "start": "x"}, 400, "line numbers"),
        (
            "/api/source",
            {"file": "000_7d85d815ae289cfe.txt", "start": "1", "sha256": "00"},
            404,
            "differs from the ingested",
        ),
        ("/api/nothing", {}, 404, "no such call"),
    ],
)
def test_api_errors_say_what_is_wrong(http, path, params, status, words):
    got, headers, body = http.request(path, params=params)
    assert got == status
    assert headers["Content-Type"].startswith("application/json")
    assert words.lower() in json.loads(body)["error"].lower()


def test_search_neighbours_and_chains(http):
    found = http.json("/api/search", q="  serious ORGANISED crime ag")
    assert found[0] == {
        "iri": SOCA,
        "type": "PartnerAgency",
        "label": "Serious Organised Crime Agency",
    }
    assert http.json("/api/search", q="") == []

    hood = http.json("/api/neighbours", node=TOPIC)
    ids = {n["id"] for n in hood["nodes"]}
    assert {TOPIC, LEICS, SOCA} <= ids and hood["neighbours"] == len(ids) - 1
    link = next(lk for lk in hood["links"] if lk["target"] == SOCA)
    assert link["label"] == "involves" and link["evidence"]
    passages = http.json("/api/evidence", statement=link["evidence"])
    assert passages[0]["file"] == "000_7d85d815ae289cfe.txt" and passages[0]["sha256"]

    chains = http.json("/api/path", **{"from": LEICS, "to": SOCA})
    assert len(chains["chains"]) == 3
    assert any(TOPIC in c["nodes"] for c in chains["chains"])
    assert chains["types"][SOCA] == "PartnerAgency"
    first = chains["chains"][0]
    assert first["nodes"][0] == LEICS and first["nodes"][-1] == SOCA
    assert all(lk["passages"] for hop in first["hops"] for lk in hop["links"])


def test_the_gap_network_is_the_gaps_projection_by_pair_of_forces(http, loaded_store):
    from queries.projections import to_networkx

    G = to_networkx(loaded_store, "gaps")
    net = http.json("/api/gap-network")
    assert {n["id"] for n in net["nodes"]} == set(G.nodes)
    assert sum(lk["count"] for lk in net["links"]) == G.number_of_edges()
    derbyshire = ID + "force/derbyshire"
    link = next(lk for lk in net["links"] if {lk["source"], lk["target"]} == {LEICS, derbyshire})
    # the themes of a link, as the page asks for them on a click
    pair = http.json("/api/gap-pair", a=link["source"], b=link["target"])
    themes = {t["label"]: t for t in pair["themes"]}
    assert "Cold case review" in themes and link["count"] == len(themes)
    expected = {d["via"] for u, v, d in G.edges(data=True) if {u, v} == {LEICS, derbyshire}}
    assert {t["iri"] for t in pair["themes"]} == expected
    gaps = themes["Cold case review"]["gaps"]
    assert {g.split("/")[-3] for g in gaps} == {"leicestershire", "derbyshire"}


def test_where_from_gives_the_cited_lines_of_the_report_itself(http):
    where = http.json("/api/where", node=FINDING)
    (p,) = where["passages"]
    assert (p["file"], p["lineStart"], p["lineEnd"]) == ("000_7d85d815ae289cfe.txt", 387, 389)
    texts = [s["o"]["value"] for s in where["statements"] if s["p"].endswith("#text")]
    source = http.json(
        "/api/source", file=p["file"], start=p["lineStart"], end=p["lineEnd"], sha256=p["sha256"]
    )
    on_disk = (REPORTS / p["file"]).read_text("utf-8").splitlines()
    cited = [ln for ln in source["lines"] if ln["cited"]]
    assert [ln["n"] for ln in cited] == [387, 388, 389]
    assert [ln["text"] for ln in source["lines"]] == on_disk[384:391]
    # the finding's text is those lines, bullet and hard line breaks gone
    joined = " ".join(ln["text"].strip(" -•") for ln in cited)
    assert re.sub(r"\s+", " ", texts[0]) in re.sub(r"\s+", " ", joined)


def test_answers_and_networks_download_whole(http, loaded_store, monkeypatch):
    from hmickg.web import api

    monkeypatch.setattr(api, "MAX_ROWS", 3)  # the page's tables are cut; a download is not
    status, headers, body = http.request("/api/download/reports")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert headers["Content-Disposition"] == 'attachment; filename="reports.csv"'
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in REPORTS.glob("*.txt"))

    status, headers, body = http.request("/api/download/construct-entity-graph")
    assert headers["Content-Type"].startswith("text/turtle")
    from queries import catalog, run

    whole = run(catalog()["construct-entity-graph"], loaded_store)
    assert len(Graph().parse(data=body, format="turtle")) == len(whole) > 3

    import networkx as nx

    hood = http.json("/api/neighbours", node=TOPIC)
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        status, headers, body = http.request("/api/network", params={"node": TOPIC, "format": fmt})
        assert status == 200 and f"topic-links.{fmt}" in headers["Content-Disposition"]
        G = read(io.BytesIO(body))
        assert set(G.nodes) == {n["id"] for n in hood["nodes"]}, fmt
        assert G.nodes[SOCA]["label"] == "Serious Organised Crime Agency"
    status, _, body = http.request("/api/network", params={"node": TOPIC, "format": "json"})
    data = json.loads(body)
    assert {lk["label"] for lk in data["links"]} >= {"involves"}
    assert all(lk["evidence"] for lk in data["links"])
    status, headers, body = http.request("/api/network", params={"node": TOPIC, "format": "svg"})
    assert headers["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(body)
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert sum(t.endswith("\n" + n["id"]) for t in titles for n in hood["nodes"]) == len(
        hood["nodes"]
    )
    assert "The links of Operation Topic" in {
        t.text for t in root.iter("{http://www.w3.org/2000/svg}text")
    }
    status, _, body = http.request("/api/network", params={"node": TOPIC, "format": "png"})
    assert status == 400 and b"graphml" in body


def test_a_failure_inside_a_call_is_a_500_and_the_server_goes_on(http, monkeypatch):
    from hmickg.web import api

    def broken(store, text):
        raise RuntimeError("the store went away")

    monkeypatch.setattr(api, "search", broken)
    status, headers, body = http.request("/api/search", params={"q": "soca"})
    assert status == 500 and headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["error"] == "RuntimeError: the store went away"
    monkeypatch.undo()
    assert http.json("/api/search", q="soca")[0]["iri"] == SOCA


def test_where_from_a_hub_sends_the_first_passages_and_says_how_many(http, monkeypatch):
    from hmickg.web import api

    whole = http.json("/api/where", node=LEICS)
    assert whole["passagesTotal"] == len(whole["passages"]) > 3
    assert all(p["sha256"] for p in whole["passages"])  # one query for all their reports
    # the passages are the panel's "where from", not statements of it
    assert not any(s["p"].endswith("wasDerivedFrom") for s in whole["statements"])
    monkeypatch.setattr(api, "MAX_PASSAGES", 2)
    monkeypatch.setattr(api, "MAX_STATEMENTS", 1)
    cut = http.json("/api/where", node=LEICS)
    assert cut["passages"] == whole["passages"][:2]
    assert cut["passagesTotal"] == whole["passagesTotal"]
    assert cut["statements"] == whole["statements"][:1]
    assert cut["statementsTotal"] == whole["statementsTotal"] > 1


# ---------------------------------------------------------------------- the page's files


def test_the_page_and_its_assets_are_served_from_the_package(http):
    status, headers, page = http.request("/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+)"', page)
    assert b"/static/vendor/cytoscape.min.js" in assets
    for asset in assets:
        status, _, body = http.request(asset.decode())
        assert status == 200 and body, asset
    # nothing is fetched from elsewhere: no absolute URL in the page or its scripts
    for path in ("/", "/static/app.js", "/static/app.css"):
        assert not re.search(
            rb"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", http.request(path)[2]
        )


@pytest.mark.parametrize(
    "path", ["/static/../server.py", "/static/%2e%2e/server.py", "/etc/passwd", "/static/"]
)
def test_no_file_outside_the_assets_is_served(http, path):
    assert http.request(path)[0] == 404


# ---------------------------------------------------------------------- the command


@pytest.mark.parametrize("command", ["serve", "demo --serve", "serve (empty)"])
def test_the_commands_serve_until_stopped(http_at, tmp_path, command):
    """`hmickg serve` (on a store with one report) and `hmickg demo --serve` (what `make run`
    runs: the bundled reports, the showcase answers, then the page) on a free port: each
    prints where it listens, answers, and stops on Ctrl-C. (Their own stores: the session's is
    open in this process, and Oxigraph locks a folder.)"""
    store = tmp_path / "db"
    reports = {"serve": 1, "demo --serve": 2, "serve (empty)": 0}[command]
    if command == "serve":
        first = str(REPORTS / "000_7d85d815ae289cfe.txt")
        subprocess.run(
            [sys.executable, "-m", "hmickg", "ingest", "--store", str(store), first],
            check=True,
            capture_output=True,
        )
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "hmickg", *command.split(" (")[0].split()),
            *("--store", str(store), "--port", "0"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        printed = []
        while not printed or not printed[-1].startswith("Serving"):
            line = proc.stdout.readline()
            assert line, "".join(printed)
            printed.append(line)
        url = re.search(r"at (http://127\.0\.0\.1:\d+/)", printed[-1])
        assert url, printed[-1]
        status, _, body = http_at(url.group(1)).request("/api/status")
        assert status == 200
        assert json.loads(body)["reports"] == reports
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert ("the store holds no report yet" in out) == (reports == 0)
    if command == "demo --serve":
        assert "Q10. How is Leicestershire Constabulary linked to the SOCA?" in "".join(printed)
    assert re.search(r"GET /api/status 200 \d+ ms", err)
