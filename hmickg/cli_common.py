"""What every hmickg command shares: the --store option, opening the store, one-line errors."""

from __future__ import annotations

import sys
from collections.abc import Callable
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
