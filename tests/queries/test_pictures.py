"""Ready pictures (queries/pictures.py): SVG drawings of real networks and of random ones."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from queries.pictures import MAX_FORCE_LAYOUT, PALETTE, layout, network_svg

SVG = "{http://www.w3.org/2000/svg}"
ID = "https://w3id.org/hmickg/id/"


def _parsed(svg: str) -> ET.Element:
    root = ET.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    return root


def _circles(root: ET.Element) -> dict[str, ET.Element]:
    """The node circles by the IRI their tooltip ends with."""
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "nodes")
    return {c.find(f"{SVG}title").text.rsplit("\n", 1)[1]: c for c in group.iter(f"{SVG}circle")}


def test_an_entity_s_links_drawn(loaded_store):
    from queries.analytics import links_at

    G = links_at(loaded_store, ID + "operation/topic")
    svg = network_svg(G, title="Operation Topic")
    root = _parsed(svg)
    circles = _circles(root)
    assert set(circles) == set(G.nodes)
    assert circles[ID + "agency/soca"].get("fill") == PALETTE["PartnerAgency"]
    assert circles[ID + "operation/topic"].get("fill") == PALETTE["Operation"]
    # the centre in the middle of the drawing area, drawn larger
    centre = circles[ID + "operation/topic"]
    assert float(centre.get("r")) > max(
        float(c.get("r")) for k, c in circles.items() if k != ID + "operation/topic"
    )
    names = {t.text for t in root.iter(f"{SVG}text")}
    assert {"Operation Topic", "Serious Organised Crime Agency", "involves"} <= names
    lines = [ln for ln in root.iter(f"{SVG}line")]
    assert len(lines) == len({frozenset((u, v)) for u, v in G.edges()})
    assert network_svg(G, title="Operation Topic") == svg  # the same picture every time


def test_the_commands_write_pictures(tmp_path, report_paths):
    from hmickg.cli import main

    store = str(tmp_path / "db")
    runner = CliRunner()
    res = runner.invoke(main, ["ingest", str(report_paths["2008"]), "--store", store])
    assert res.exit_code == 0, res.output
    out = tmp_path / "topic.svg"
    res = runner.invoke(
        main,
        ["neighbourhood", "Operation Topic", "--store", store, "-o", str(out), "--format", "svg"],
    )
    assert res.exit_code == 0, res.output
    circles = _circles(_parsed(out.read_text("utf-8")))
    assert ID + "agency/soca" in circles and ID + "operation/topic" in circles
    out = tmp_path / "organisations.svg"
    res = runner.invoke(
        main,
        ["export-network", "--store", store, "-P", "organisations", "-f", "svg", "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    nodes = int(res.output.split(": ", 1)[1].split(" nodes")[0])
    assert len(_circles(_parsed(out.read_text("utf-8")))) == nodes > 10


def test_a_large_network_is_drawn_round_a_circle_by_type():
    G = nx.MultiGraph()
    for i in range(MAX_FORCE_LAYOUT + 1):
        G.add_node(f"n{i}", label=f"node {i}", type="Unit" if i % 2 else "PoliceForce")
    G.add_edge("n0", "n1", label="unitOf")
    pos = layout(G)
    assert all(math.isclose(math.hypot(x - 0.5, y - 0.5), 0.5) for x, y in pos.values())
    order = sorted(pos, key=lambda v: math.atan2(pos[v][1] - 0.5, pos[v][0] - 0.5) % (2 * math.pi))
    kinds = [G.nodes[v]["type"] for v in order]
    assert kinds.count("PoliceForce") and kinds == sorted(kinds)  # grouped by type


LABELS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@st.composite
def graphs(draw):
    n = draw(st.integers(0, 30))
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(
            f"https://x/{i}",
            label=draw(LABELS),
            type=draw(st.sampled_from([*PALETTE, "", "Finding"])),
        )
    nodes = list(G.nodes)
    if nodes:
        for _ in range(draw(st.integers(0, 3 * n))):
            u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
            G.add_edge(u, v, label=draw(LABELS))
        if draw(st.booleans()):
            G.graph["centre"] = nodes[0]
    return G


@settings(max_examples=60, deadline=None)
@given(G=graphs(), title=st.none() | LABELS)
def test_any_network_makes_a_well_formed_picture_inside_its_frame(G, title):
    svg = network_svg(G, title=title, width=800, height=600)
    root = _parsed(svg)
    circles = _circles(root) if G.number_of_nodes() else {}
    assert set(circles) == set(G.nodes)
    for c in circles.values():
        x, y, r = (float(c.get(k)) for k in ("cx", "cy", "r"))
        assert r > 0 and 0 <= x <= 800 and 0 <= y <= 600
    for v, (x, y) in layout(G).items():
        assert 0 <= x <= 1 and 0 <= y <= 1, v
    if G.graph.get("centre") is not None:
        assert layout(G)[G.graph["centre"]] == pytest.approx((0.5, 0.5))
    assert network_svg(G, title=title, width=800, height=600) == svg
