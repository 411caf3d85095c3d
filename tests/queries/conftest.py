"""Fixtures of the query tests: a small corpus to ingest in steps."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "hmickg_generate", ROOT / "benchmarks/generate.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("hmickg_generate", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reports(tmp_path_factory, report_paths) -> dict[str, Path]:
    """The two real reports, four generated East Midlands reports (the forces of the real
    reports' regional work programme), and a variant of one real and one generated report
    with some bullets left out (the same report, so the same graph, with fewer findings)."""
    gen = _generator()
    folder = tmp_path_factory.mktemp("reports")
    forces = gen.setup()
    ops = gen.plan_operations(1, forces)
    plans = gen.plan_corpus("region", forces, 1)
    chosen = [p for p in plans if p.year in (2008, 2009)][::2][:4]
    out = {"real-2008": report_paths["2008"], "real-2007": report_paths["2007"]}
    for i, plan in enumerate(chosen):
        text, _ = gen.write_report(plan, 1, forces, ops)
        path = folder / plan.filename
        path.write_text(text, encoding="utf-8")
        out[f"gen-{i}"] = path
    for name in ("real-2007", "gen-0"):
        path = folder / f"{name}-fewer.txt"
        path.write_text(gen.fewer_bullets(out[name].read_text("utf-8")), "utf-8")
        out[f"{name}-fewer"] = path
    return out


@pytest.fixture
def full_links(monkeypatch) -> list[int]:
    """One entry for each full derivation of the link index (queries/links.py)."""
    import queries.links

    runs: list[int] = []
    real = queries.links._full

    def spy(store):
        runs.append(1)
        return real(store)

    monkeypatch.setattr(queries.links, "_full", spy)
    return runs
