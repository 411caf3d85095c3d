"""Shared fixtures: the bundled reports, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "hmickg" / "sample_reports"
MAJOR_CRIME_2008 = REPORTS / "000_7d85d815ae289cfe.txt"
BASELINE_2007 = REPORTS / "003_ed86710350572cae.txt"


@pytest.fixture(scope="session")
def report_paths() -> dict[str, Path]:
    return {"2008": MAJOR_CRIME_2008, "2007": BASELINE_2007}


@pytest.fixture(scope="session")
def parsed(report_paths):
    from ingest import parse_file

    return {k: parse_file(p) for k, p in report_paths.items()}


@pytest.fixture(scope="session")
def ingested(report_paths):
    from ingest import ingest_file

    return {k: ingest_file(p) for k, p in report_paths.items()}


@pytest.fixture(scope="session")
def loaded_store(report_paths, tmp_path_factory):
    """A real on-disk Oxigraph store holding both bundled reports, the ontology and reference data."""
    from graph_store import open_store
    from hmickg.pipeline import ingest_many

    store = open_store(f"oxigraph:{tmp_path_factory.mktemp('store') / 'db'}")
    done, failed = ingest_many(store, list(report_paths.values()))
    assert len(done) == 2 and not failed
    yield store
    store.close()
