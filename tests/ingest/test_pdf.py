"""PDF input: a PDF made in the test from a bundled report's text parses like the text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest import ReportError, ingest_file, parse_file

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_pdf(text: str, path: Path, *, lines_per_page: int = 55) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    if not FONT.exists():
        pytest.skip(f"needs a Unicode TrueType font at {FONT} (Debian package fonts-dejavu-core)")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=6)
    lines = text.split("\n")
    for start in range(0, len(lines), lines_per_page):
        pdf.add_page()
        for i, line in enumerate(lines[start : start + lines_per_page]):
            pdf.text(8, 8 + i * 5, line.replace("\t", "    "))
    pdf.output(str(path))


@pytest.fixture(scope="module")
def pdf_2007(tmp_path_factory, report_paths):
    path = tmp_path_factory.mktemp("pdf") / "leicestershire-2007.pdf"
    make_pdf(report_paths["2007"].read_text("utf-8"), path)
    return path


def test_pdf_parses_like_the_text(pdf_2007, parsed):
    from_pdf = parse_file(pdf_2007)
    assert [(a.framework, a.grade) for a in from_pdf.assessments] == [
        (a.framework, a.grade) for a in parsed["2007"].assessments
    ]
    got = Counter(f.kind for f in from_pdf.findings())
    want = Counter(f.kind for f in parsed["2007"].findings())
    for kind, n in want.items():
        assert abs(got[kind] - n) <= 0.05 * n, (kind, got[kind], n)


def test_pdf_passages_name_their_page(pdf_2007):
    from rdflib import URIRef

    result = ingest_file(pdf_2007)
    hmic = "https://w3id.org/hmickg/def#"
    pages = [o for s, p, o in result.graph.triples if p == URIRef(hmic + "page")]
    assert pages and {int(p) for p in pages} <= set(range(1, 40))
    assert max(int(p) for p in pages) > 30


def test_not_a_pdf_after_all(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not really a pdf")
    with pytest.raises(
        ReportError, match=r"broken\.pdf: is (not a readable PDF|a PDF with no extractable text)"
    ):
        parse_file(bad)
