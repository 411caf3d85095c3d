"""Property-based tests: the parser survives re-wrapped lines, other bullets,
Windows line endings, another force's name, and arbitrary junk."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import ReportError, parse_report
from ingest.parse.layout import join_lines, split_bullet
from ingest.rules import template_rules
from ingest.source import source_from_bytes
from ingest.vocab import vocabulary

R = template_rules()
_KEEP = re.compile(
    r"^\s*(GRADE\b|.*HMIC Inspection Report|Summary\s*[–-]|[A-Z ()]{4,}:|RECOMMENDATION)"
)


def rewrap(text: str, width: int) -> str:
    """Re-flow every multi-line paragraph (and bulleted item) to ``width`` columns."""
    out: list[str] = []
    unit: list[str] = []
    marker: str | None = None

    def flush() -> None:
        nonlocal unit, marker
        if unit:
            words = join_lines(unit).split(" ")
            line = (marker + " ") if marker else ""
            lines: list[str] = []
            for w in words:
                if len(line) + len(w) > width and line.strip(" " + (marker or "")):
                    lines.append(line.rstrip())
                    line = ""
                line += w + " "
            lines.append(line.rstrip())
            out.extend(
                lines if len(unit) > 1 else [((marker + " ") if marker else "") + join_lines(unit)]
            )
        unit, marker = [], None

    lines = text.split("\n")
    glossary = max(i for i, ln in enumerate(lines) if R.glossary_heading.match(ln.strip()))
    for raw in lines[:glossary]:
        bullet, rest = split_bullet(raw, R)
        if (
            not raw.strip()
            or _KEEP.match(raw)
            or (len(raw.strip()) < 45 and not bullet)
            or vocabulary().framework(raw)
        ):
            flush()
            out.append(raw)
            continue
        if bullet is not None:
            flush()
            marker, unit = bullet, [rest]
        else:
            unit.append(raw)
    flush()
    return "\n".join(out + lines[glossary:])


def findings_signature(parsed) -> Counter[str]:
    return Counter(f.kind.value for f in parsed.findings())


def _parse(text: str, name: str = "variant.txt"):
    return parse_report(source_from_bytes(text.encode("utf-8"), name=name))


@pytest.fixture(scope="module")
def texts(report_paths):
    return {k: p.read_text("utf-8") for k, p in report_paths.items()}


@pytest.mark.parametrize("key", ["2007", "2008"])
@pytest.mark.parametrize("width", [60, 95, 140])
def test_rewrapped_lines_give_the_same_findings(texts, parsed, key, width):
    variant = _parse(rewrap(texts[key], width))
    assert findings_signature(variant) == findings_signature(parsed[key])
    assert [f.text for f in variant.findings()] == [f.text for f in parsed[key].findings()]
    assert [a.grade for a in variant.assessments] == [a.grade for a in parsed[key].assessments]


@pytest.mark.parametrize("key", ["2007", "2008"])
@pytest.mark.parametrize("bullet", ["▪", "*", "●", "-"])
def test_other_bullet_characters(texts, parsed, key, bullet):
    text = re.sub(r"^(\s*)[•-](?=\s)", lambda m: m.group(1) + bullet, texts[key], flags=re.M)
    variant = _parse(text)
    assert findings_signature(variant) == findings_signature(parsed[key])


@pytest.mark.parametrize("key", ["2007", "2008"])
def test_windows_line_endings(texts, parsed, key):
    variant = parse_report(
        source_from_bytes(texts[key].replace("\n", "\r\n").encode(), name="crlf.txt")
    )
    assert [(f.kind, f.text, f.span) for f in variant.findings()] == [
        (f.kind, f.text, f.span) for f in parsed[key].findings()
    ]


@pytest.mark.parametrize("key", ["2007", "2008"])
def test_another_force(texts, parsed, key):
    text = texts[key].replace("Leicestershire", "Northumbria").replace("Leicester", "Newcastle")
    variant = _parse(text)
    assert variant.meta.force.slug == "northumbria"
    assert findings_signature(variant) == findings_signature(parsed[key])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000))
def test_junk_text_is_refused_cleanly(junk):
    try:
        _parse(junk)
    except ReportError as exc:
        assert str(exc).startswith("variant.txt")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_cut_reports_never_crash(texts, data):
    """Any slice of a real report either parses or is refused with a ReportError."""
    key = data.draw(st.sampled_from(["2007", "2008"]))
    lines = texts[key].split("\n")
    a = data.draw(st.integers(0, len(lines) - 1))
    b = data.draw(st.integers(a, len(lines)))
    try:
        parsed = _parse("\n".join(lines[a:b]))
    except ReportError:
        return
    for f in parsed.findings():
        assert f.text and 1 <= f.span.start <= f.span.end <= b - a
