"""The ``hmickg`` command: a thin layer over the library.

Every command takes ``--store``; without it the store is the folder
``./hmickg-data`` (or $HMICKG_STORE). Errors are one line on stderr and a
non-zero exit status.
"""

from __future__ import annotations

import ipaddress
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .cli_common import fail, open_store, report_files, reports_option, store_option
from .config import sample_reports


def parse_params(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param takes NAME=VALUE, got {item!r}", 2)
        out[key.strip()] = value
    return out


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="hmickg")
def main() -> None:
    """hmickg: a knowledge graph of HMIC police inspection reports.

    \b
    Typical session:
      hmickg ingest report.txt other-report.txt     # into ./hmickg-data
      hmickg query --list                           # the ready queries
      hmickg query assessment-grades
      hmickg query shared-gaps -p min=2             # forces sharing a protective-services gap
      hmickg path "Leicestershire Constabulary" SOCA  # how two entities are linked, with evidence
      hmickg sparql 'SELECT * WHERE { ?s ?p ?o } LIMIT 5' --format json
      hmickg demo                                   # bundled reports + showcase questions
    """


PROGRESS_EVERY = 100
"""``hmickg ingest`` says how far it is after every this many reports streamed into the bulk
load (their own lines come when the load is done: at national size, 70 s on)."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--personal-data",
    is_flag=True,
    help="Keep names and telephone numbers of force contacts (off by default).",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of each report graph.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Worker processes preparing reports while this one loads them (default: one per core).",
)
def ingest(
    files: tuple[Path, ...],
    store: str | None,
    personal_data: bool,
    no_validate: bool,
    jobs: int | None,
) -> None:
    """Parse report FILES (text or PDF) and load each into its own named graph.

    A folder stands for the .txt and .pdf files in it and its sub-folders. A
    report ingested again replaces its graph: only what changed is written, and
    nothing for a report that has not. A file that cannot be read as a report is
    named with the reason; the store keeps what it held.

    \b
    Example:
      hmickg ingest reports/ --store ./hmickg-data
      hmickg ingest reports/2008-*.txt
    """
    from .pipeline import default_jobs, ingest_many

    files = tuple(report_files(files))
    with open_store(store) as st:
        total = len(files)
        count, streaming = [0], [0]

        def done(item: Any) -> None:
            count[0] += 1
            click.echo(
                f"[{count[0]}/{total}] {item.path}: {item.assessments} assessments, "
                f"{item.findings} findings, {item.triples} triples"
                f"{', unchanged' if item.unchanged else ''} -> <{item.graph}> "
                f"({item.seconds * 1000:.0f} ms)",
                err=True,
            )
            for w in item.warnings:
                click.echo(f"  warning: {w}", err=True)

        def error(path: str, exc: Exception) -> None:
            count[0] += 1
            click.echo(f"[{count[0]}/{total}] hmickg: error: {exc}", err=True)

        def streamed(item: Any) -> None:  # the per-report lines come once the load is done
            streaming[0] += 1
            if streaming[0] % PROGRESS_EVERY == 0:
                click.echo(
                    f"... {streaming[0]} of {total} reports prepared and streaming into the "
                    "bulk load",
                    err=True,
                )

        def loading(reports: int, triples: int) -> None:
            click.echo(
                f"finishing the bulk load of {reports} new report(s), {triples:,} triples ...",
                err=True,
            )

        ok, failed = ingest_many(
            st,
            files,
            personal_data=personal_data,
            check=not no_validate,
            jobs=jobs or default_jobs(),
            on_done=done,
            on_error=error,
            on_loading=loading,
            on_streamed=streamed,
        )
        same = sum(item.unchanged for item in ok)
        click.echo(
            f"{len(ok)} report(s) ingested{f' ({same} unchanged)' if same else ''}, "
            f"{len(failed)} failed; store {st.url}",
            err=True,
        )
    if failed:
        sys.exit(1)


def _run_and_print(st: Any, text: str, params: dict[str, str], fmt: str, spec: Any = None) -> None:
    from graph_store import StoreError
    from queries import ParamError, format_result, run
    from queries.runner import bind_params

    try:
        if spec is not None:
            result = run(spec, st, params)
        else:
            bindings = {}
            if params:
                from queries.catalog import QuerySpec

                adhoc = QuerySpec("sparql", "", "ad hoc", "", (), (), text)
                bindings = bind_params(_with_string_params(adhoc, params), params)
            result = st.query(text, bindings=bindings)
    except (ParamError, StoreError, ValueError, SyntaxError) as exc:
        fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    click.echo(format_result(result, fmt))


def _with_string_params(spec: Any, params: dict[str, str]) -> Any:
    """Ad-hoc queries: a value that looks like an IRI binds as an IRI, else as a string."""
    from dataclasses import replace

    from queries import Param

    return replace(
        spec,
        params=tuple(
            Param(k, "iri" if v.startswith(("http://", "https://", "urn:")) else "string", None)
            for k, v in params.items()
        ),
    )


FORMAT_OPTION = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="json and csv are the W3C SPARQL 1.1 results formats.",
)
PARAM_OPTION = click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable (IRIs as full IRIs). Repeatable.",
)


@main.command()
@click.argument("query")
@store_option
@FORMAT_OPTION
@PARAM_OPTION
def sparql(query: str, store: str | None, fmt: str, params: tuple[str, ...]) -> None:
    """Run a SPARQL 1.1 QUERY (text, a .rq file, or - for stdin).

    The default graph is the union of all named graphs; use GRAPH ?g to
    address each report's graph. Parameters are bound, never pasted in.

    \b
    Example:
      hmickg sparql 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'
      hmickg sparql my-query.rq --param force=https://w3id.org/hmickg/id/force/leicestershire
    """
    if query == "-":
        text = sys.stdin.read()
    elif query.endswith((".rq", ".sparql")) or (len(query) < 300 and Path(query).is_file()):
        try:
            text = Path(query).read_text("utf-8")
        except OSError as exc:
            fail(f"{query}: cannot read: {exc.strerror}")
    else:
        text = query
    with open_store(store) as st:
        _run_and_print(st, text, parse_params(params), fmt)


@main.command()
@click.argument("name", required=False)
@store_option
@FORMAT_OPTION
@PARAM_OPTION
@click.option("--list", "list_", is_flag=True, help="List the catalogue.")
@click.option("--show", is_flag=True, help="Print the query text instead of running it.")
def query(
    name: str | None, store: str | None, fmt: str, params: tuple[str, ...], list_: bool, show: bool
) -> None:
    """Run the catalogue query NAME (see --list), with --param NAME=VALUE.

    Without --param, a query's optional parameters stay unbound.

    \b
    Example:
      hmickg query --list
      hmickg query findings-by-kind -p kind=https://w3id.org/hmickg/def#AreaForImprovement \\
                   -p framework=https://w3id.org/hmickg/def/framework/major-crime
    """
    from queries import catalog

    specs = catalog()
    if list_ or not name:
        for spec in specs.values():
            ps = " ".join(
                f"{p.name}={'[' if p.optional else ''}{p.type}{']' if p.optional else ''}"
                for p in spec.params
            )
            click.echo(
                f"{spec.name:38} {spec.summary}" + (f"\n{'':38}   params: {ps}" if ps else "")
            )
        return
    spec = specs.get(name)
    if spec is None:
        fail(f"no query named {name!r}; see 'hmickg query --list'", 2)
    if show:
        click.echo(spec.text)
        return
    with open_store(store) as st:
        _run_and_print(st, spec.text, parse_params(params), fmt, spec=spec)


@main.command()
@store_option
@click.option(
    "--personal-data", is_flag=True, help="Validate as a graph that may hold contact names."
)
@click.option(
    "--engine",
    type=click.Choice(["native", "pyshacl"]),
    default="native",
    show_default=True,
    help="SHACL engine: the fast built-in one, or pySHACL (the reference, ~20x slower).",
)
def validate(store: str | None, personal_data: bool, engine: str) -> None:
    """Validate every report graph in the store against the SHACL shapes.

    \b
    Example:
      hmickg validate                    # the built-in engine
      hmickg validate --engine pyshacl   # the same check by pySHACL
    """
    from .pipeline import validate_store

    with open_store(store) as st:
        results = validate_store(
            st,
            personal_data=personal_data,
            engine="pyshacl" if engine == "pyshacl" else "native",
        )
    bad = 0
    for graph, report in results:
        if report.conforms:
            click.echo(f"conforms  <{graph}>")
        else:
            bad += 1
            click.echo(f"FAILS     <{graph}>")
            for m in report.messages()[:20]:
                click.echo(f"  {m}")
    click.echo(f"{len(results)} report graph(s), {bad} not conforming", err=True)
    if not results:
        fail("no report graphs in the store: run 'hmickg ingest' first")
    if bad:
        sys.exit(1)


@main.command()
@store_option
def graphs(store: str | None) -> None:
    """List the named graphs in the store with their sizes."""
    with open_store(store) as st:
        for g in st.graphs():
            click.echo(f"{st.count(g):>9}  <{g}>")


@main.command()
@store_option
def compact(store: str | None) -> None:
    """Compact the store's files now (Oxigraph on disk; other stores: nothing to do).

    Never needed for correctness, and a large ingest compacts the store itself.
    Otherwise the store is left to RocksDB's background compaction, whose layout can be
    slower to read (10-35% on the national store's look-ups, left to it after a bulk
    load); this makes it final at once, e.g. after many small ingests, before copying or
    archiving the store folder, or before timing queries.

    \b
    Example:
      hmickg compact --store ./hmickg-data
    """
    from .pipeline import compact as compact_store

    with open_store(store) as st:
        start = time.perf_counter()
        if compact_store(st):
            click.echo(f"compacted {st.url} in {time.perf_counter() - start:.1f} s")
        else:
            click.echo(f"nothing to compact: {st.url} has no files of its own")


@main.command()
@store_option
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["trig", "nquads", "turtle", "ntriples"]),
    default="trig",
    show_default=True,
)
@click.option(
    "--graph", "-g", default=None, help="Only this named graph (needed for turtle/ntriples)."
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(store: str | None, fmt: str, graph: str | None, output: Path) -> None:
    """Write the store (or one graph) to a file, for any triple store or tool.

    \b
    Example:
      hmickg export -o hmickg.trig
    """
    from rdflib import URIRef

    from graph_store import RdfFormat

    with open_store(store) as st:
        try:
            st.dump(output, format=RdfFormat[fmt.upper()], graph=URIRef(graph) if graph else None)
        except (ValueError, OSError) as exc:
            fail(f"{output}: {exc}")
    click.echo(f"wrote {output}", err=True)


@main.command("check-ontology")
@click.option(
    "--reasoner", type=click.Choice(["hermit", "pellet"]), default="hermit", show_default=True
)
def check_ontology(reasoner: str) -> None:
    """Check the ontology is consistent under an OWL reasoner (needs Java)."""
    from ontology.reasoning import check_consistency

    result = check_consistency(reasoner=reasoner)
    click.echo(f"{reasoner}: {'consistent' if result.consistent else 'INCONSISTENT'}")
    for c in getattr(result, "unsatisfiable", []) or []:
        click.echo(f"  unsatisfiable: {c}")
    if not result.consistent:
        sys.exit(1)


def _serve_options(f: Any) -> Any:
    f = click.option(
        "--host",
        default="127.0.0.1",
        show_default=True,
        help="Address to listen on (127.0.0.1: this machine only).",
    )(f)
    f = click.option(
        "--port",
        "-p",
        type=click.IntRange(0, 65535),
        default=8000,
        show_default=True,
        help="Port (0: any free one).",
    )(f)
    return reports_option("to show the lines a fact was read from")(f)


def _serve(st: Any, host: str, port: int, reports: Sequence[Path], quiet: bool = False) -> None:
    from .web import App
    from .web.server import stderr_log

    folders = [*reports, sample_reports()[0].parent]
    try:
        app = App(st, host=host, port=port, reports=folders, log=None if quiet else stderr_log)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    click.echo(f"Serving {st.url} at {app.url}  (SPARQL endpoint: {app.url}sparql; Ctrl-C stops)")
    if not ipaddress.ip_address(app.host).is_loopback:
        click.echo(
            f"  warning: {app.host} is reachable from other machines, and the page and the "
            "endpoint ask for no password",
            err=True,
        )
    if not app.status()["reports"]:
        click.echo(
            "  the store holds no report yet: stop, then hmickg ingest FILES (or hmickg demo)"
        )
    try:
        app.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")


@main.command()
@store_option
@_serve_options
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request on stderr.")
def serve(store: str | None, host: str, port: int, reports: tuple[Path, ...], quiet: bool) -> None:
    """Serve the store: a web page to explore it, and a SPARQL 1.1 endpoint at /sparql.

    \b
    Example:
      hmickg serve                       # http://127.0.0.1:8000/
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' \\
           http://127.0.0.1:8000/sparql
    """
    with open_store(store) as st:
        _serve(st, host, port, reports, quiet)


@main.command()
@store_option
@click.option(
    "--serve/--no-serve",
    "then_serve",
    default=False,
    help="Then serve the store's web page and SPARQL endpoint (hmickg serve).",
)
@_serve_options
def demo(
    store: str | None, then_serve: bool, host: str, port: int, reports: tuple[Path, ...]
) -> None:
    """Ingest the bundled sample reports and answer the showcase questions."""
    from .showcase import run_showcase

    with open_store(store) as st:
        run_showcase(st, sample_reports(), echo=click.echo)
        if then_serve:
            click.echo("")
            _serve(st, host, port, reports)


@main.command()
@click.option(
    "--gold",
    "gold_path",
    type=click.Path(exists=True, path_type=Path),
    required=True,
    help="A gold YAML file, or a folder of them (one per report).",
)
@click.option(
    "--reports",
    "reports_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the reports named by the gold files are (default: the bundled sample reports).",
)
@click.option("--verbose", "-v", is_flag=True, help="List every missed and spurious item.")
def evaluate(gold_path: Path, reports_dir: Path | None, verbose: bool) -> None:
    """Precision and recall of entity and link extraction against gold files.

    \b
    Example:
      hmickg evaluate --gold benchmarks/gold
    """
    import ingest

    from .evaluate import evaluate as run_eval
    from .evaluate import format_scores, load_gold, total

    files = sorted(gold_path.glob("*.yaml")) if gold_path.is_dir() else [gold_path]
    golds = []
    for f in files:
        gold = load_gold(f)
        if isinstance(gold, dict) and isinstance(gold.get("report"), str):
            golds.append(gold)
        elif not gold_path.is_dir():
            fail(f"{f}: not an extraction gold file (a mapping naming its 'report')")
        # in a folder, other YAML (the theme labels, themes.yaml) is for `hmickg themes`
    if not golds:
        fail(f"{gold_path}: no extraction gold .yaml files (mappings naming their 'report')")
    folder = reports_dir or sample_reports()[0].parent
    results = []
    for gold in golds:
        report = folder / gold["report"]
        try:
            parsed = ingest.parse_file(report)
        except ingest.ReportError as exc:
            fail(str(exc))
        results.append(run_eval(gold, parsed.entities, report=gold["report"]))
    for r in results:
        click.echo(f"\n== {r.report}")
        click.echo(format_scores("entities", r.classes))
        click.echo(format_scores("links", r.links))
        if verbose:
            for m in r.missed:
                click.echo(f"  missed   {m}")
            for s in r.spurious:
                click.echo(f"  spurious {s}")
    if len(results) > 1:
        names = [s.name for s in results[0].classes]
        click.echo("\n== all reports")
        click.echo(
            format_scores(
                "entities",
                [total([s for r in results for s in r.classes if s.name == n], n) for n in names],
            )
        )
        lnames = sorted({s.name for r in results for s in r.links})
        click.echo(
            format_scores(
                "links",
                [total([s for r in results for s in r.links if s.name == n], n) for n in lnames],
            )
        )


def _register_extra_commands() -> None:
    """Commands that live in modules of their own (one topic each)."""
    from .cli_themes import themes

    main.add_command(themes)
    from .cli_analytics import register as register_network

    register_network(main)


_register_extra_commands()
