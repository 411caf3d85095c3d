"""Settings: defaults < environment < command-line flags, resolved once, passed down."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: The store used when --store is omitted (relative to the working directory).
DEFAULT_STORE_DIR = "hmickg-data"
ENV_STORE = "HMICKG_STORE"
STORE_SCHEMES = ("oxigraph:", "memory:", "sparql:")


def default_store() -> str:
    return os.environ.get(ENV_STORE) or DEFAULT_STORE_DIR


def store_url(value: str | None) -> str:
    """``DIR`` → ``oxigraph:DIR``; a URL with a known scheme is kept as given."""
    value = value or default_store()
    if value.startswith(STORE_SCHEMES):
        return value
    return f"oxigraph:{Path(value).expanduser()}"


def sample_reports() -> list[Path]:
    """The bundled sample corpus (the two HMIC reports shipped with hmickg)."""
    folder = resources.files("hmickg").joinpath("sample_reports")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))
