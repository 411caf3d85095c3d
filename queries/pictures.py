"""Ready pictures of a network: an SVG drawing of a NetworkX graph (a projection, an entity's
links, a neighbourhood), for a report or a slide, with no plotting library.

The layout is computed here, in pure Python (NetworkX's own layouts need numpy, which hmickg
does not depend on): a seeded force-directed layout (Fruchterman and Reingold) for up to
:data:`MAX_FORCE_LAYOUT` nodes, and above that a circle of nodes grouped by type. The same
graph always gives the same picture. A graph's ``centre`` (an entity's links, a
neighbourhood) is drawn in the middle. Nodes are coloured by type as the web page colours
them; each carries a tooltip (``<title>``) with its label, type and IRI.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any
from xml.sax.saxutils import escape

#: Node colours by hmic class (local name), as the web page draws them.
PALETTE: Mapping[str, str] = {
    "PoliceForce": "#1f5fa8",
    "Unit": "#6a8fc7",
    "PartnerAgency": "#2a9d8f",
    "Partnership": "#8ab17d",
    "CollaborationAgreement": "#e9c46a",
    "Operation": "#e76f51",
    "OrganisedCrimeGroup": "#9b2226",
    "InformationSystem": "#7b6d8d",
    "PolicingRegion": "#264653",
}
OTHER = "#9aa1ad"
#: Above this many nodes the force-directed layout (quadratic in the nodes) gives way to a
#: circle grouped by type.
MAX_FORCE_LAYOUT = 300
#: Above this many nodes only the best-linked :data:`LABELLED` nodes are named on the picture
#: (every node keeps its tooltip).
LABELLED = 60
#: Links are named (their predicate) on pictures of at most this many links.
NAMED_LINKS = 40

Point = tuple[float, float]


def layout(G: Any, *, seed: int = 1, iterations: int = 80) -> dict[Hashable, Point]:
    """Positions in the unit square for the nodes of ``G`` (links taken both ways)."""
    nodes = sorted(G.nodes, key=str)
    n = len(nodes)
    if n == 0:
        return {}
    centre = G.graph.get("centre")
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    if n > MAX_FORCE_LAYOUT:
        return _circle(G, nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = sorted({tuple(sorted((index[u], index[v]))) for u, v in G.edges() if u != v})
    draw = random.Random(seed)
    x = [draw.random() for _ in nodes]
    y = [draw.random() for _ in nodes]
    pinned = index.get(centre, -1)
    if pinned >= 0:
        x[pinned], y[pinned] = 0.5, 0.5
    k = math.sqrt(1.0 / n)
    step = 0.1
    cool = step / (iterations + 1)
    for _ in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        for i in range(n):  # every pair repels
            xi, yi = x[i], y[i]
            for j in range(i + 1, n):
                ex, ey = xi - x[j], yi - y[j]
                d2 = ex * ex + ey * ey or 1e-9
                f = k * k / d2
                dx[i] += ex * f
                dy[i] += ey * f
                dx[j] -= ex * f
                dy[j] -= ey * f
        for i, j in edges:  # linked nodes attract
            ex, ey = x[i] - x[j], y[i] - y[j]
            f = math.sqrt(ex * ex + ey * ey) / k
            dx[i] -= ex * f
            dy[i] -= ey * f
            dx[j] += ex * f
            dy[j] += ey * f
        for i in range(n):
            if i == pinned:
                continue
            length = math.hypot(dx[i], dy[i])
            if length > 0:
                move = min(length, step) / length
                x[i] += dx[i] * move
                y[i] += dy[i] * move
        step -= cool
    return _fitted(nodes, x, y, keep=pinned)


def _circle(G: Any, nodes: list[Hashable]) -> dict[Hashable, Point]:
    """Round a circle, grouped by type, then by label."""
    order = sorted(nodes, key=lambda v: (str(G.nodes[v].get("type", "")), _label(G, v), str(v)))
    n = len(order)
    return {
        v: (0.5 + 0.5 * math.cos(2 * math.pi * i / n), 0.5 + 0.5 * math.sin(2 * math.pi * i / n))
        for i, v in enumerate(order)
    }


def _fitted(nodes: list[Hashable], x: list[float], y: list[float], *, keep: int) -> dict:
    """Scaled into the unit square, the aspect kept (and a pinned centre in the middle)."""
    if keep >= 0:
        cx, cy = x[keep], y[keep]
        reach = max(max(abs(a - cx) for a in x), max(abs(b - cy) for b in y)) or 1.0
        return {
            v: (0.5 + (x[i] - cx) / reach / 2, 0.5 + (y[i] - cy) / reach / 2)
            for i, v in enumerate(nodes)
        }
    lo_x, lo_y = min(x), min(y)
    span = max(max(x) - lo_x, max(y) - lo_y) or 1.0
    off_x = (1 - (max(x) - lo_x) / span) / 2
    off_y = (1 - (max(y) - lo_y) / span) / 2
    return {
        v: (off_x + (x[i] - lo_x) / span, off_y + (y[i] - lo_y) / span) for i, v in enumerate(nodes)
    }


def _label(G: Any, v: Hashable) -> str:
    return str(G.nodes[v].get("label") or v)


def network_svg(
    G: Any, *, title: str | None = None, width: int = 1200, height: int = 900, seed: int = 1
) -> str:
    """``G`` drawn as an SVG document: nodes coloured by type, links as lines (thicker where
    more links join the same two nodes), names, a legend and a title."""
    pos = layout(G, seed=seed)
    margin, top, legend_h = 70.0, 50.0 if title else 20.0, 40.0
    area_w, area_h = width - 2 * margin, height - top - legend_h - 2 * margin
    side = min(area_w, area_h)
    ox, oy = margin + (area_w - side) / 2, top + margin + (area_h - side) / 2

    def at(v: Hashable) -> Point:
        px, py = pos[v]
        return ox + px * side, oy + py * side

    pairs: Counter[tuple[Hashable, Hashable]] = Counter()
    names: dict[tuple[Hashable, Hashable], set[str]] = {}
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        key = (u, v) if str(u) <= str(v) else (v, u)
        pairs[key] += 1
        names.setdefault(key, set()).add(str(d.get("label") or d.get("predicate", "")))
    degree = Counter({v: 0 for v in G.nodes})
    for (u, v), count in pairs.items():
        degree[u] += count
        degree[v] += count
    n = G.number_of_nodes()
    named = set(G.nodes) if n <= LABELLED else {v for v, _ in degree.most_common(LABELLED)}
    centre = G.graph.get("centre")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        out.append(
            f'<text x="{width / 2:.1f}" y="32" text-anchor="middle" font-size="20" '
            f'fill="#1d2433">{escape(title)}</text>'
        )
    out.append('<g class="links" stroke="#aab3c5" stroke-opacity="0.8">')
    for (u, v), count in sorted(pairs.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        (x1, y1), (x2, y2) = at(u), at(v)
        width_ = 1.0 + math.log2(count)
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{width_:.1f}"><title>{escape(_pair_title(G, u, v, names, count))}'
            "</title></line>"
        )
    out.append("</g>")
    if len(pairs) <= NAMED_LINKS:
        out.append('<g class="link-names" font-size="10" fill="#5b6478" text-anchor="middle">')
        for (u, v), _ in sorted(pairs.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
            (x1, y1), (x2, y2) = at(u), at(v)
            text = ", ".join(sorted(names[(u, v)]))
            out.append(
                f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 3:.1f}">{escape(text)}</text>'
            )
        out.append("</g>")
    out.append('<g class="nodes">')
    for v in sorted(G.nodes, key=str):
        x, y = at(v)
        kind = str(G.nodes[v].get("type") or "")
        r = 11.0 if v == centre else 5.0 + min(5.0, math.sqrt(degree[v]))
        ring = (
            ' stroke="#14213d" stroke-width="3"'
            if v == centre
            else ' stroke="#ffffff" stroke-width="1"'
        )
        tip = f"{_label(G, v)} ({kind or 'entity'})\n{v}"
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{PALETTE.get(kind, OTHER)}"{ring}>'
            f"<title>{escape(tip)}</title></circle>"
        )
    out.append("</g>")
    out.append('<g class="names" font-size="12" fill="#1d2433">')
    for v in sorted(named, key=str):
        x, y = at(v)
        out.append(f'<text x="{x + 9:.1f}" y="{y + 4:.1f}">{escape(_short(_label(G, v)))}</text>')
    out.append("</g>")
    out.extend(_legend(G, width, height))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _pair_title(
    G: Any,
    u: Hashable,
    v: Hashable,
    names: Mapping[tuple[Hashable, Hashable], set[str]],
    count: int,
) -> str:
    links = f"{count} links" if count > 1 else "1 link"
    return f"{_label(G, u)} – {_label(G, v)}: {links} ({', '.join(sorted(names[(u, v)]))})"


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _legend(G: Any, width: int, height: int) -> list[str]:
    kinds = sorted({str(d.get("type") or "") for _, d in G.nodes(data=True)})
    out = ['<g class="legend" font-size="12" fill="#5b6478">']
    x = 20.0
    for kind in kinds:
        name = _spaced(kind) if kind else "other"
        out.append(
            f'<circle cx="{x + 6:.1f}" cy="{height - 24}" r="6" fill="{PALETTE.get(kind, OTHER)}"/>'
            f'<text x="{x + 16:.1f}" y="{height - 20}">{escape(name)}</text>'
        )
        x += 30 + 7 * len(name)
    out.append("</g>")
    return out


def _spaced(name: str) -> str:
    """``PartnerAgency`` → ``Partner agency``."""
    words = "".join(f" {c.lower()}" if c.isupper() and i else c for i, c in enumerate(name))
    return words


__all__ = ["MAX_FORCE_LAYOUT", "PALETTE", "layout", "network_svg"]
