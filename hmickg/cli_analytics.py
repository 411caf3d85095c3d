"""Network commands of ``hmickg``: path, centrality, communities, neighbourhood, export-network.

A thin layer over :mod:`queries.projections` and :mod:`queries.analytics`. Add them to the
``hmickg`` group with :func:`register` (``register(main)`` in ``hmickg/cli.py``). The options
follow ``hmickg/cli.py``; this module does not import it, so either can import the other.
Errors are one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from queries.projections import EXPORT_FORMATS

from .cli_common import F, fail, reports_option, store_option
from .cli_common import open_store as _open_store
from .config import sample_reports

ID = "https://w3id.org/hmickg/id/"


def projection_option(default: str) -> Callable[[F], F]:
    from queries.projections import PROJECTIONS

    return click.option(
        "--projection",
        "-P",
        default=default,
        show_default=True,
        metavar="NAME",
        help=f"The network: {', '.join(PROJECTIONS)} (or a construct-* query of the catalogue).",
    )


def _network(st: Any, projection: str, params: dict[str, str] | None = None) -> Any:
    from graph_store import StoreError
    from queries.projections import to_networkx

    try:
        return to_networkx(st, projection, **(params or {}))
    except (StoreError, ValueError) as exc:
        fail(str(exc), 2 if "no network projection" in str(exc) else 1)


def resolve(st: Any, text: str, *, prefer: str | None = None) -> str:
    """An IRI, an ``id:`` name, or a label / acronym of exactly one entity → its IRI.

    ``prefer`` (a class local name) settles a name two entities share when only one of them is
    of that class ("West Midlands" as a region, not the force).
    """
    from queries.projections import find_entities

    if text.startswith(("http://", "https://", "urn:")):
        return text
    if text.startswith("id:"):
        return ID + text[3:]
    found = find_entities(st, text)
    if not found:
        fail(
            f"no entity is named {text!r} (labels and acronyms match whole, any case); give its IRI"
        )
    if len(found) > 1 and prefer:
        preferred = [e for e in found if e.type == prefer]
        found = preferred if len(preferred) == 1 else found
    if len(found) > 1:
        options = "; ".join(f"<{e.iri}> ({e.type} {e.label!r})" for e in found[:6])
        fail(f"{text!r} is ambiguous: {options}; give an IRI")
    return found[0].iri


def _short(iri: str) -> str:
    from queries.results import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


def _with_hint(exc: Exception, G: Any) -> str:
    from queries.analytics import NodeNotInNetwork

    if isinstance(exc, NodeNotInNetwork) and G.graph.get("projection") != "entities":
        return f"{exc}; every linked entity is in --projection entities"
    return str(exc)


def _params(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param takes NAME=VALUE, got {item!r}", 2)
        out[key.strip()] = value
    return out


# ---------------------------------------------------------------------------- path


class _Lines:
    """Report lines by file name, from the folders given (checked against the stored sha256)."""

    def __init__(self, folders: Sequence[Path]) -> None:
        from .sources import SourceFiles

        bundled = sample_reports()
        self.files = SourceFiles([*folders, *([bundled[0].parent] if bundled else [])])
        self._cache: dict[str, Any] = {}
        self.notes: list[str] = []
        self.missing: list[str] = []

    @property
    def folders(self) -> list[Path]:
        return self.files.folders

    def source(self, file: str, sha256: str | None) -> Any:
        from .sources import SourceDiffers, SourceNotFound

        if file not in self._cache:
            try:
                self._cache[file] = self.files.find(file, sha256)
            except SourceDiffers as exc:
                self.notes.append(f"{exc}; not quoted")
                self._cache[file] = None
            except SourceNotFound:
                self.missing.append(file)
                self._cache[file] = None
        return self._cache[file]

    def all_notes(self) -> list[str]:
        """What could not be quoted: one line for every file not found (a store ingested from
        a folder of hundreds of reports named dozens), one per file that differs."""
        notes = list(dict.fromkeys(self.notes))
        if self.missing:
            shown = ", ".join(self.missing[:3])
            more = f" and {len(self.missing) - 3} more" if len(self.missing) > 3 else ""
            files = "report file" if len(self.missing) == 1 else f"{len(self.missing)} report files"
            notes.append(
                f"{files} ({shown}{more}) not found in {', '.join(map(str, self.folders))}:"
                " give their folder with --reports to quote their lines"
            )
        return notes

    def text(self, passage: Any) -> str | None:
        src = self.source(passage.file, passage.sha256)
        if src is None:
            return None
        try:
            lines = [src.line(n) for n in range(passage.line_start, passage.line_end + 1)]
        except IndexError:
            return None
        return " ".join(" ".join(line.split()) for line in lines)


def _excerpt(text: str, terms: Sequence[str], width: int) -> str:
    """About ``width`` characters of ``text``, whole words, around the first of ``terms`` in it."""
    if len(text) <= width:
        return text
    low = text.lower()
    at = -1
    for term in terms:
        term = term.strip().lower()
        if len(term) > 3 and (at := low.find(term)) >= 0:
            break
    start = max(0, min(at - width // 3, len(text) - width)) if at >= 0 else 0
    end = start + width
    if start > 0:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    piece = text[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def _terms(link: Any) -> list[str]:
    labels = [link.via_label or "", link.subject_label, link.object_label]
    words = [lb.split()[-1] for lb in labels if lb and len(lb.split()) > 1]
    return [lb for lb in labels if lb] + words


@click.command("path")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@store_option
@click.option(
    "--max",
    "max_paths",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="How many chains (shortest first).",
)
@projection_option("entities")
@reports_option("to quote their lines")
@click.option(
    "--links",
    "max_links",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Links shown per hop (the organisation network has many).",
)
@click.option("--full", is_flag=True, help="Quote whole lines rather than an excerpt.")
def path_command(
    source: str,
    target: str,
    store: str | None,
    max_paths: int,
    projection: str,
    reports: tuple[Path, ...],
    max_links: int,
    full: bool,
) -> None:
    """How is FROM linked to TO? The shortest chains, hop by hop, with the report lines.

    FROM and TO are IRIs, id: names or labels and acronyms (any case). Every
    hop gives the link as the report states it, and the file:lines it was read
    from with the text of those lines.

    \b
    Example:
      hmickg path "Leicestershire Constabulary" SOCA
      hmickg path id:force/leicestershire id:agency/soca --projection organisations --max 2
    """
    from queries.analytics import NodeNotInNetwork, find_paths, paths
    from queries.projections import projection as find_projection

    try:
        name = find_projection(projection).name
    except ValueError as exc:
        fail(str(exc), 2)
    with _open_store(store) as st:
        s, t = resolve(st, source), resolve(st, target)
        if name == "entities":
            # searched in the store from both ends: no need for the whole entity graph
            try:
                chains = find_paths(st, s, t, max_paths=max_paths)
            except (NodeNotInNetwork, ValueError) as exc:
                fail(str(exc))
        else:
            G = _network(st, projection)
            try:
                chains = paths(G, s, t, max_paths=max_paths, store=st)
            except (NodeNotInNetwork, ValueError) as exc:
                fail(_with_hint(exc, G))
    if not chains:
        fail(f"no chain links <{s}> and <{t}> in the {name} network")
    lines = _Lines(reports)
    click.echo(
        f"{chains[0].labels[0]} → {chains[0].labels[-1]}: {len(chains)} shortest "
        f"chain{'s' if len(chains) != 1 else ''} in the {name} network"
    )
    width = 220
    for i, chain in enumerate(chains, 1):
        hops = f"{len(chain)} hop{'s' if len(chain) != 1 else ''}"
        click.echo(f"\n{i}. {' → '.join(chain.labels)}  ({hops})")
        for j, hop in enumerate(chain.hops, 1):
            for n, link in enumerate(hop.links[:max_links]):
                head = f"   hop {j}  " if n == 0 else "      also "
                via = f"  [via {link.via_label}]" if link.via_label else ""
                click.echo(
                    f"{head}{link.subject_label} —{_short(link.predicate)}→ "
                    f"{link.object_label}{via}"
                )
                if not link.passages:
                    click.echo("           (no source passage)")
                for passage in link.passages:
                    text = lines.text(passage)
                    if text is None:
                        click.echo(f"           {passage}")
                    elif full:
                        click.echo(f"           {passage}")
                        click.echo(
                            textwrap.fill(
                                text,
                                100,
                                initial_indent="             ",
                                subsequent_indent="             ",
                            )
                        )
                    else:
                        click.echo(f'           {passage}  "{_excerpt(text, _terms(link), width)}"')
            if len(hop.links) > max_links:
                click.echo(f"           … and {len(hop.links) - max_links} more links (--links)")
    for note in lines.all_notes():
        click.echo(f"note: {note}", err=True)


# ---------------------------------------------------------------------------- centrality


@click.command("centrality")
@store_option
@projection_option("organisations")
@click.option("--top", "top", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--type",
    "node_type",
    default=None,
    metavar="CLASS",
    help="Only nodes of this class in the list, e.g. PoliceForce, PartnerAgency.",
)
@click.option(
    "--region",
    default=None,
    metavar="NAME|IRI",
    help="Count only the shortest paths between this region's forces: who brokers "
    "the region's collaboration.",
)
@click.option(
    "-k",
    "k",
    type=click.IntRange(min=1),
    default=None,
    help="Sample betweenness from K sources (default: exact up to 2000 nodes, 500 samples above).",
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--write",
    is_flag=True,
    help="Also write the scores (hmic:betweenness, hmic:degree) into id:graph/analytics.",
)
def centrality_command(
    store: str | None,
    projection: str,
    top: int,
    node_type: str | None,
    region: str | None,
    k: int | None,
    seed: int,
    fmt: str,
    write: bool,
) -> None:
    """Who sits between the others (betweenness) and who has most partners (degree).

    \b
    Example:
      hmickg centrality --top 5
      hmickg centrality --region "East Midlands" --projection entities
      hmickg centrality --projection entities -k 200 --write
    """
    from queries.analytics import centrality, write_back
    from queries.projections import region_forces

    with _open_store(store) as st:
        G = _network(st, projection)
        between = None
        if region:
            region_iri = resolve(st, region, prefer="PolicingRegion")
            between = region_forces(st, region_iri)
            if not any(f in G for f in between):
                fail(f"no force of <{region_iri}> is in the {G.graph['projection']} network")
        result = centrality(G, k=k, seed=seed, between=between)
        written = write_back(st, result, keep=True) if write else None
    rows = result.top(top, type=node_type)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "description": result.description,
                    "nodes": G.number_of_nodes(),
                    "k": result.k,
                    "between": None if result.between is None else list(result.between),
                    "scores": [s.__dict__ for s in rows],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        click.echo(f"{result.description}: {G.number_of_nodes()} nodes")
        click.echo(
            f"{'rank':>4}  {'betweenness':>11}  {'degree':>6}  {'links':>5}  {'type':<22}  label"
        )
        if result.between is not None and len(result.between) < 2:
            click.echo("(only one of the region's forces is in this network: nothing to broker)")
        elif result.between and not any(s.betweenness for s in result.scores):
            click.echo(
                "(no node lies between the region's forces: they are all linked directly; "
                "try --projection entities to see the operations and agreements between them)"
            )
        for s in rows:
            click.echo(
                f"{result.rank(s.node):>4}  {s.betweenness:>11.4f}  {s.degree:>6}  {s.links:>5}  "
                f"{s.type:<22}  {s.label}"
            )
    if written is not None:
        click.echo(f"wrote {written} triples to <{ID}graph/analytics>", err=True)


# ---------------------------------------------------------------------------- communities


@click.command("communities")
@store_option
@projection_option("organisations")
@click.option(
    "--method", type=click.Choice(["louvain", "greedy"]), default="louvain", show_default=True
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--resolution",
    type=float,
    default=1.0,
    show_default=True,
    help="Above 1: more, smaller communities.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--write", is_flag=True, help="Also write each node's hmic:community into id:graph/analytics."
)
def communities_command(
    store: str | None,
    projection: str,
    method: str,
    seed: int,
    resolution: float,
    fmt: str,
    write: bool,
) -> None:
    """Which organisations form groups: communities of the network (modularity).

    \b
    Example:
      hmickg communities
      hmickg communities --method greedy --write
    """
    from queries.analytics import communities, write_back

    with _open_store(store) as st:
        G = _network(st, projection)
        result = communities(G, method=method, seed=seed, resolution=resolution)
        written = write_back(st, result, keep=True) if write else None
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "description": result.description,
                    "modularity": result.modularity,
                    "communities": [
                        {
                            "community": str(c.iri),
                            "members": [
                                {"node": m, "label": lb}
                                for m, lb in zip(c.members, c.labels, strict=True)
                            ],
                        }
                        for c in result.communities
                    ],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        click.echo(
            f"{result.description}: {len(result.communities)} communities, "
            f"{G.number_of_nodes()} nodes"
        )
        for c in result.communities:
            click.echo(
                textwrap.fill(
                    f"{c.number}. ({len(c.members)}) " + "; ".join(c.labels),
                    100,
                    subsequent_indent="     ",
                )
            )
    if written is not None:
        click.echo(f"wrote {written} triples to <{ID}graph/analytics>", err=True)


# ---------------------------------------------------------------------------- neighbourhood


@click.command("neighbourhood")
@click.argument("node")
@store_option
@projection_option("entities")
@click.option("--depth", "-d", type=click.IntRange(min=0), default=1, show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the neighbourhood as a network file (format by --format).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="graphml",
    show_default=True,
)
def neighbourhood_command(
    node: str,
    store: str | None,
    projection: str,
    depth: int,
    output: Path | None,
    fmt: str,
) -> None:
    """Everything within --depth links of NODE (an IRI, id: name, label or acronym).

    \b
    Example:
      hmickg neighbourhood SOCA --depth 2
      hmickg neighbourhood "Operation Task" -o task.graphml
    """
    from queries.analytics import NodeNotInNetwork, neighbourhood
    from queries.projections import write_network

    with _open_store(store) as st:
        iri = resolve(st, node)
        G = _network(st, projection)
        try:
            sub = neighbourhood(G, iri, depth)
        except (NodeNotInNetwork, ValueError) as exc:
            fail(_with_hint(exc, G))
    by_distance: dict[int, list[str]] = {}
    for _, d in sub.nodes(data=True):
        by_distance.setdefault(d["distance"], []).append(f"{d['label']} ({d['type'] or '?'})")
    click.echo(
        f"{sub.nodes[iri]['label']}: {sub.number_of_nodes()} nodes within {depth} "
        f"link{'s' if depth != 1 else ''} in the {G.graph['projection']} network"
    )
    for dist in sorted(by_distance):
        click.echo(
            textwrap.fill(
                f"{dist}: " + "; ".join(sorted(by_distance[dist])), 100, subsequent_indent="   "
            )
        )
    click.echo(f"links ({sub.number_of_edges()}):")
    for u, v, d in sorted(sub.edges(data=True), key=lambda e: (e[2]["predicate"], e[0], e[1])):
        via = f"  [via {d['via_label']}]" if d.get("via_label") else ""
        click.echo(
            f"  {sub.nodes[u]['label']} —{_short(d['predicate'])}→ {sub.nodes[v]['label']}{via}"
        )
    if output is not None:
        try:
            write_network(sub, output, format=fmt)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
        click.echo(f"wrote {output}", err=True)


# ---------------------------------------------------------------------------- export


@click.command("export-network")
@store_option
@projection_option("organisations")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="graphml",
    show_default=True,
    help="GraphML or GEXF for Gephi, Cytoscape and yEd; json is NetworkX node-link; svg a "
    "ready picture.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a parameter of the projection query (e.g. theme=IRI for gaps).",
)
def export_network_command(
    store: str | None, projection: str, fmt: str, output: Path, params: tuple[str, ...]
) -> None:
    """Write a network projection to a file for Gephi, Cytoscape or NetworkX.

    Nodes carry label and type; links carry predicate, via (the shared
    operation or agreement) and evidence (the statement IRIs, space-separated
    in GraphML and GEXF).

    \b
    Example:
      hmickg export-network --projection organisations -o organisations.graphml
      hmickg export-network --projection entities --format gexf -o entities.gexf
    """
    from queries.projections import write_network

    with _open_store(store) as st:
        G = _network(st, projection, _params(params))
    try:
        write_network(G, output, format=fmt)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    click.echo(
        f"wrote {output}: {G.number_of_nodes()} nodes, {G.number_of_edges()} links "
        f"({G.graph['projection']} network)",
        err=True,
    )


COMMANDS = (
    path_command,
    centrality_command,
    communities_command,
    neighbourhood_command,
    export_network_command,
)


def register(group: click.Group) -> None:
    """Add the network commands to ``group`` (the ``hmickg`` command)."""
    for command in COMMANDS:
        group.add_command(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
def network() -> None:
    """Network analytics of the hmickg graph (the same commands as in ``hmickg``)."""


register(network)
