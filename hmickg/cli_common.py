"""What every hmickg command shares: the --store option, opening the store, one-line errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from .config import DEFAULT_STORE_DIR, ENV_STORE, store_url

F = TypeVar("F", bound=Callable[..., Any])

STORE_HELP = (
    f"Store folder (Oxigraph on disk), or a URL: 'oxigraph:DIR', 'memory:', "
    f"'sparql:http://127.0.0.1:7878'. Default: ./{DEFAULT_STORE_DIR} (or ${ENV_STORE})."
)


def store_option(f: F) -> F:
    return click.option("--store", "-s", "store", default=None, metavar="DIR|URL", help=STORE_HELP)(
        f
    )


def reports_option(what: str) -> Callable[[F], F]:
    """``--reports DIR`` (repeatable): where the report files behind the passages are."""
    return click.option(
        "--reports",
        "-r",
        "reports",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=f"Folder of the report files, {what} (repeatable; the bundled sample reports "
        "are always looked in).",
    )


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit with ``code``."""
    first = str(message).strip().splitlines()[0] if str(message).strip() else "failed"
    click.echo(f"hmickg: error: {first}", err=True)
    sys.exit(code)


def open_store(value: str | None) -> Any:
    from graph_store import StoreError
    from graph_store import open_store as _open

    try:
        return _open(store_url(value))
    except StoreError as exc:
        fail(str(exc))


REPORT_SUFFIXES = (".txt", ".pdf")
"""The files of a folder given to ``hmickg ingest`` that are taken as reports."""


def report_files(paths: Iterable[Path]) -> list[Path]:
    """The files to ingest: each file given as it is (a bad one is named when it is read), and
    for a folder the report files in it and its sub-folders (:data:`REPORT_SUFFIXES`, any
    case), in name order; a folder holding none is an error."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        found = sorted(
            p for p in path.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES and p.is_file()
        )
        if not found:
            fail(
                f"{path}: no report files in this folder (looked for {', '.join(REPORT_SUFFIXES)})"
            )
        out.extend(found)
    return out
