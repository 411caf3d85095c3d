"""Bad input gets a clear error naming the file (and line where it helps)."""

from __future__ import annotations

import pytest

from ingest import ReportError, parse_file, read_report
from ingest.source import source_from_bytes


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_text("  \n\n")
    with pytest.raises(ReportError, match=r"empty\.txt: is empty"):
        read_report(p)


def test_binary_file(tmp_path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ReportError, match=r"image\.png: is a binary file"):
        read_report(p)


def test_undecodable_names_the_line(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("line one\nline two\nCaf\xe9 three\n".encode("latin-1"))
    with pytest.raises(ReportError, match=r"latin1\.txt:3: is not UTF-8 text"):
        read_report(p)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReportError, match=r"nope\.txt: cannot be read"):
        read_report(tmp_path / "nope.txt")
    with pytest.raises(ReportError, match="is a folder"):
        read_report(tmp_path)


def test_text_that_is_not_a_report(tmp_path):
    p = tmp_path / "poem.txt"
    p.write_text("Shall I compare thee to a summer's day?\nThou art more lovely.\n")
    with pytest.raises(ReportError, match=r"poem\.txt: no inspected framework found"):
        parse_file(p)


def test_line_endings_are_one_break_each():
    src = source_from_bytes(b"a\r\nb\rc\n\nd", name="x")
    assert src.lines == ("a", "b", "c", "", "d")


def test_utf16_and_bom():
    assert source_from_bytes("\ufeffhello\n".encode(), name="x").lines == ("hello",)
    assert source_from_bytes("hello\nworld".encode("utf-16"), name="x").lines == ("hello", "world")
