"""Text from a PDF report, with the page of every line.

HMIC publishes its reports as PDF. The text is extracted with pypdf, page by
page; line numbers then refer to the extracted text (as ``hmickg extract-text``
prints it), and every source passage also records its page.
"""

from __future__ import annotations

import io
from collections import Counter

from .errors import ReportError
from .source import ReportSource, split_lines


def _paragraph_gaps(lines: list[str]) -> list[str]:
    """Layout extraction renders line spacing as blank lines: the usual gap between
    two lines of a paragraph becomes no blank line, and a larger one a single blank line."""
    runs: list[int] = []
    run = 0
    for line in lines:
        if line.strip():
            runs.append(run)
            run = 0
        else:
            run += 1
    usual = Counter(runs[1:]).most_common(1)[0][0] if len(runs) > 1 else 0
    out: list[str] = []
    run = 0
    for line in lines:
        if not line.strip():
            run += 1
            continue
        if out and run > usual:
            out.append("")
        run = 0
        out.append(line.strip() if not line[:1].isspace() else " " + line.strip())
    return out


def pdf_to_source(data: bytes, *, name: str, sha256: str) -> ReportSource:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - the extra is installed by default in dev/CI
        raise ReportError(
            name, "is a PDF: install the 'pdf' extra (pip install 'hmickg[pdf]')"
        ) from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReportError(name, "is an encrypted PDF: cannot read its text")
        lines: list[str] = []
        pages: list[int] = []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text(extraction_mode="layout") or ""
            page_lines = _paragraph_gaps([ln.rstrip() for ln in split_lines(text)])
            lines.extend(page_lines)
            pages.extend([number] * len(page_lines))
    except ReportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ReportError(name, f"is not a readable PDF: {exc}") from None
    if not any(line.strip() for line in lines):
        raise ReportError(name, "is a PDF with no extractable text (scanned images need OCR first)")
    return ReportSource(name=name, sha256=sha256, lines=tuple(lines), pages=tuple(pages))
