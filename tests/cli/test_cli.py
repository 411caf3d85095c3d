"""The hmickg command, end to end on a real on-disk Oxigraph store."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from hmickg.cli import main

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def store(tmp_path):
    return str(tmp_path / "store")


def count(runner, store) -> int:
    res = runner.invoke(main, ["sparql", COUNT_ALL, "--store", store, "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    return int(data["results"]["bindings"][0]["n"]["value"])


def test_ingest_twice_leaves_the_same_triples_and_says_so(runner, store, report_paths):
    files = [str(p) for p in report_paths.values()]
    res = runner.invoke(main, ["ingest", *files, "--store", store])
    assert res.exit_code == 0, res.output
    assert "2 report(s) ingested, 0 failed" in res.output
    first = count(runner, store)
    assert first > 6000
    res = runner.invoke(main, ["ingest", *files, "--store", store])
    assert res.exit_code == 0, res.output
    assert "2 report(s) ingested (2 unchanged), 0 failed" in res.output
    assert res.output.count("triples, unchanged -> <") == 2
    assert count(runner, store) == first


def test_sparql_json_is_w3c_results(runner, store, report_paths):
    runner.invoke(main, ["ingest", str(report_paths["2008"]), "--store", store])
    q = (
        "PREFIX hmic: <https://w3id.org/hmickg/def#> "
        "SELECT ?a ?grade ?n WHERE { ?a a hmic:Assessment ; hmic:grade ?grade . OPTIONAL { ?a hmic:nope ?n } }"
    )
    res = runner.invoke(main, ["sparql", q, "--store", store, "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["head"]["vars"] == ["a", "grade", "n"]
    (row,) = data["results"]["bindings"]
    assert row["grade"] == {
        "type": "uri",
        "value": "https://w3id.org/hmickg/def/grade/meets-the-standard",
    }
    assert "n" not in row  # unbound variables are left out, as the W3C format says


def test_sparql_csv_and_ask(runner, store, report_paths):
    runner.invoke(main, ["ingest", str(report_paths["2008"]), "--store", store])
    res = runner.invoke(
        main, ["sparql", "SELECT ?g WHERE { GRAPH ?g {} } ORDER BY ?g", "-s", store, "-f", "csv"]
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "g" and any(
        "/graph/report/leicestershire-2008-07-major-crime" in x for x in lines
    )
    res = runner.invoke(main, ["sparql", "ASK { ?s ?p ?o }", "-s", store, "-f", "json"])
    assert json.loads(res.stdout) == {"head": {}, "boolean": True}


def test_graph_keyword_sees_each_report_graph(runner, store, report_paths):
    runner.invoke(main, ["ingest", *map(str, report_paths.values()), "--store", store])
    q = (
        "PREFIX hmic: <https://w3id.org/hmickg/def#> SELECT ?g (COUNT(?f) AS ?n) "
        "WHERE { GRAPH ?g { ?f a hmic:Finding } } GROUP BY ?g ORDER BY ?g"
    )
    res = runner.invoke(main, ["sparql", q, "-s", store, "-f", "json"])
    rows = json.loads(res.stdout)["results"]["bindings"]
    assert [int(r["n"]["value"]) for r in rows] == [139, 150]


def test_query_catalogue_with_params(runner, store, report_paths):
    runner.invoke(main, ["ingest", *map(str, report_paths.values()), "--store", store])
    res = runner.invoke(
        main,
        [
            "query",
            "findings-by-kind",
            "-s",
            store,
            "-f",
            "json",
            "-p",
            "kind=https://w3id.org/hmickg/def#Recommendation",
            "-p",
            "framework=https://w3id.org/hmickg/def/framework/protecting-vulnerable-people",
        ],
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["results"]["bindings"]
    assert len(rows) == 2
    res = runner.invoke(
        main,
        ["query", "findings-by-kind", "-s", store, "-p", "kind=not an iri", "-p", "framework=x"],
    )
    assert res.exit_code != 0 and "not a valid iri" in res.output


def test_query_list_and_unknown(runner):
    res = runner.invoke(main, ["query", "--list"])
    assert res.exit_code == 0 and "assessment-grades" in res.output
    res = runner.invoke(main, ["query", "no-such-query"])
    assert res.exit_code == 2 and "no query named" in res.output


def test_bad_file_is_named_and_store_keeps_what_it_held(runner, store, report_paths, tmp_path):
    runner.invoke(main, ["ingest", str(report_paths["2008"]), "--store", store])
    before = count(runner, store)
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    res = runner.invoke(main, ["ingest", str(bad), "--store", store])
    assert res.exit_code == 1
    assert "broken.txt: is a binary file" in res.output
    assert count(runner, store) == before


def test_validate(runner, store, report_paths):
    runner.invoke(main, ["ingest", *map(str, report_paths.values()), "--store", store])
    res = runner.invoke(main, ["validate", "--store", store])
    assert res.exit_code == 0, res.output
    assert res.output.count("conforms") == 2


def test_a_folder_stands_for_its_report_files(runner, store, report_paths, tmp_path):
    folder = tmp_path / "reports"
    (folder / "2008").mkdir(parents=True)
    first, second = sorted(report_paths.values())
    shutil.copy(first, folder / "a.TXT")
    shutil.copy(second, folder / "2008" / "b.txt")
    (folder / "notes.md").write_text("not a report")
    res = runner.invoke(main, ["ingest", str(folder), "--store", store])
    assert res.exit_code == 0, res.output
    assert "[1/2]" in res.output and "2 report(s) ingested, 0 failed" in res.output
    (tmp_path / "empty").mkdir()
    res = runner.invoke(main, ["ingest", str(tmp_path / "empty"), "--store", store])
    assert res.exit_code == 1
    assert (
        res.output
        == f"hmickg: error: {tmp_path / 'empty'}: no report files in this folder (looked for .txt, .pdf)\n"
    )


def test_ingest_says_how_far_it_is_while_reports_stream_in(
    runner, store, report_paths, monkeypatch
):
    import hmickg.cli

    monkeypatch.setattr(hmickg.cli, "PROGRESS_EVERY", 1)
    res = runner.invoke(main, ["ingest", *map(str, report_paths.values()), "--store", store])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    progress = [i for i, line in enumerate(lines) if "prepared and streaming" in line]
    assert [lines[i] for i in progress] == [
        f"... {n} of 2 reports prepared and streaming into the bulk load" for n in (1, 2)
    ]
    assert progress[-1] < next(i for i, line in enumerate(lines) if line.startswith("[1/2]"))


def test_compact_keeps_every_triple(runner, store, report_paths):
    runner.invoke(main, ["ingest", *map(str, report_paths.values()), "--store", store])
    before = count(runner, store)
    res = runner.invoke(main, ["compact", "--store", store])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"compacted oxigraph:{store} in ")
    assert count(runner, store) == before
    res = runner.invoke(main, ["compact", "--store", "memory:"])
    assert res.exit_code == 0 and res.output.startswith("nothing to compact"), res.output


def test_sparql_syntax_error_is_one_line(runner, store):
    res = runner.invoke(main, ["sparql", "SELEC nonsense", "--store", store])
    assert res.exit_code == 1
    assert res.output.startswith("hmickg: error:") and res.output.count("\n") == 1


def test_every_command_has_help_with_an_example(runner):
    for name, cmd in main.commands.items():
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0, name
        assert cmd.help, name


def test_default_store_is_said_in_help(runner):
    res = runner.invoke(main, ["ingest", "--help"])
    assert "hmickg-data" in res.output


def test_python_dash_m_entry_point():
    out = subprocess.run(
        [sys.executable, "-m", "hmickg", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "0.1.0" in out.stdout


def test_demo_answers_every_showcase_question_and_runs_again_on_its_store(runner, store):
    """What `make run` runs: the bundled reports ingested, ten questions answered; run again
    on the same store, the reports are found unchanged and the answers are the same."""
    first = runner.invoke(main, ["demo", "--store", store])
    assert first.exit_code == 0, first.output
    questions = [line for line in first.output.splitlines() if line[:1] == "Q" and ". " in line]
    assert [q.split(".")[0] for q in questions] == [f"Q{n}" for n in range(1, 11)]
    assert "(0 rows)" not in first.output and "error" not in first.output.lower()
    again = runner.invoke(main, ["demo", "--store", store])
    assert again.exit_code == 0, again.output
    assert again.output.count(" triples, unchanged (") == 2
    answers = first.output.split("\n\nQ1. ", 1)[1]
    assert again.output.split("\n\nQ1. ", 1)[1] == answers


def test_evaluate_reads_the_gold_folder_as_the_readme_shows(runner):
    """The gold folder also holds the theme labels (themes.yaml, for `hmickg themes`): they are
    not extraction gold, and were read as such (a TypeError) until they were told apart."""
    from pathlib import Path

    gold = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"
    res = runner.invoke(main, ["evaluate", "--gold", str(gold)])
    assert res.exit_code == 0, res.output
    assert res.output.count("\n== ") == 3  # two reports, then all of them
    total = res.output.split("== all reports")[1]
    entities_all = next(ln for ln in total.splitlines() if ln.startswith("all"))
    recall, precision = map(float, entities_all.split()[-2:])
    assert recall >= 0.9 and precision >= 0.9
    res = runner.invoke(main, ["evaluate", "--gold", str(gold / "themes.yaml")])
    assert res.exit_code == 1
    assert "themes.yaml: not an extraction gold file" in res.output
