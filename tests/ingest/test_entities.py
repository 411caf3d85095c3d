"""Entities and links of the bundled reports, measured against the hand-made gold files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hmickg.evaluate import evaluate, load_gold
from ingest import parse_report
from ingest.source import source_from_bytes

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"
REQUIRED = ("PoliceForce", "Operation", "PartnerAgency", "InformationSystem", "Unit")
LINKS = ("involves", "targets", "unitOf", "inRegion", "party")


def _scores(gold_file: Path, parsed):
    return evaluate(load_gold(gold_file), parsed.entities)


@pytest.fixture(scope="module")
def golds(report_paths):
    return {k: GOLD / f"{p.stem}.yaml" for k, p in report_paths.items()}


@pytest.mark.parametrize("key", ["2008", "2007"])
def test_entities_meet_the_quality_bar(parsed, golds, key):
    ev = _scores(golds[key], parsed[key])
    for s in ev.classes:
        if s.name in REQUIRED and s.gold:
            assert s.recall >= 0.9 and s.precision >= 0.9, (s, ev.missed, ev.spurious)
    for s in ev.links:
        if s.name in LINKS and s.gold >= 3:
            assert s.recall >= 0.8, (s, [m for m in ev.missed if f" {s.name} " in m])


def _text(path: Path) -> str:
    return path.read_text("utf-8")


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: re.sub(r"^(\s*)[•-](?=\s)", r"\1▪", t, flags=re.M),
    ],
    ids=["crlf", "bullets"],
)
def test_entities_survive_layout_variants(report_paths, golds, variant):
    for key in ("2008", "2007"):
        text = variant(_text(report_paths[key]))
        parsed = parse_report(source_from_bytes(text.encode(), name="v.txt"))
        ev = _scores(golds[key], parsed)
        for s in ev.classes:
            if s.name in REQUIRED and s.gold:
                assert s.recall >= 0.9 and s.precision >= 0.9, (key, s)


def test_another_inspected_force_owns_the_units(report_paths):
    text = _text(report_paths["2008"]).replace("Leicestershire", "Northumbria")
    parsed = parse_report(source_from_bytes(text.encode(), name="v.txt"))
    units = [e for e in parsed.entities.entities if e.cls == "Unit"]
    assert any(e.key == "unit/northumbria/mcis" for e in units)
    owners = {link.o for link in parsed.entities.links if link.p == "unitOf"}
    assert "force/northumbria" in owners and "force/leicestershire" not in owners


def test_one_node_per_real_thing_across_reports(parsed):
    a, b = parsed["2008"].entities, parsed["2007"].entities
    keys_a = {e.key: e for e in a.entities}
    for e in b.entities:
        if e.key in keys_a:
            assert e.cls == keys_a[e.key].cls
    # the same unit, agency and system read from both reports is one IRI
    for key in ("unit/leicestershire/caiu", "agency/npia", "system/genie", "force/leicestershire"):
        assert key in keys_a and key in {e.key for e in b.entities}
    labels: dict[tuple[str, str], set[str]] = {}
    for e in (*a.entities, *b.entities):
        labels.setdefault((e.cls, e.label.casefold()), set()).add(e.key)
    dupes = {k: v for k, v in labels.items() if len(v) > 1}
    assert not dupes


@pytest.mark.parametrize("key", ["2008", "2007"])
def test_every_mention_passage_names_the_entity(parsed, report_paths, key):
    lines = _text(report_paths[key]).splitlines()
    for e in parsed[key].entities.entities:
        names = [n.casefold() for n in (e.label, *e.alt)]
        if e.cls == "OrganisedCrimeGroup":
            names += ["ocg", "gang", "organised crime group"]
        if e.cls == "Operation":
            names += [e.label.split(" ", 1)[1].casefold()]
        if e.cls == "PoliceForce":
            names += [e.label.split()[0].casefold()]
        if e.cls == "CollaborationAgreement":  # unnamed ones are labelled by their kind and parties
            names += ["agreement", "protocol", "memorand", "sla", "collaborat"]
        for span in e.spans:
            text = " ".join(" ".join(lines[span.start - 1 : span.end]).split()).casefold()
            text = text.replace("- ", "-").replace("’", "'")
            assert any(
                n.replace("’", "'") in text or n.replace("-", "") in text for n in names
            ) or (e.cls == "Unit" and "bcu" in text), (e.key, span, text[:120])


def test_operations_read_whole(parsed):
    ops = {e.key: dict(e.facts) for e in parsed["2008"].entities.entities if e.cls == "Operation"}
    assert ops["operation/lucky"] == {"convictions": 17, "year": 2006, "valueRecovered": 2800000}
    assert ops["operation/bling2"] == {"arrests": 24, "valueRecovered": 53900, "year": 2007}
    assert ops["operation/polar-resilience"]["about"].startswith(
        "a joint exercise with the military"
    )
    assert ops["operation/beanbag"]["arrests"] == 9
    assert ops["operation/topic"]["charged"] == 8
    assert ops["operation/task"]["about"] == "the disappearance of Madeleine McCann"
    links = {(x.s, x.p, x.o) for x in parsed["2008"].entities.links}
    east_midlands = (
        "derbyshire",
        "leicestershire",
        "lincolnshire",
        "northamptonshire",
        "nottinghamshire",
    )
    for force in east_midlands:
        assert ("operation/lucky", "involves", f"force/{force}") in links
    assert ("operation/lucky", "targets", "ocg/lucky") in links
    assert ("operation/topic", "involves", "agency/soca") in links
    assert ("operation/topic", "involves", "force/west-midlands") in links
    assert ("operation/beanbag", "involves", "force/derbyshire") in links
    assert ("force/leicestershire", "mostSimilarForce", "force/thames-valley") in links


def test_default_graph_holds_no_personal_data(ingested):
    from rdflib import Literal

    phone = re.compile(r"\b0\d{3}\s?\d{3}\s?\d{4}\b|\b0116\s")
    for result in ingested.values():
        for s, p, o in result.graph.triples:
            if not isinstance(o, Literal):
                continue
            assert not phone.search(str(o)), (s, p, o)
            for name in ("Rob Nixon", "Natalie Smith", "Donna Thompson", "Nixon"):
                assert name not in str(o), (s, p, o)


def test_personal_data_kept_only_on_request(report_paths):
    from ingest import ingest_file

    result = ingest_file(report_paths["2007"], personal_data=True)
    texts = {str(o) for _, _, o in result.graph.triples}
    assert "Rob Nixon" in texts and "0116 248 5903" in texts
