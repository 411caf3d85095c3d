"""Reading a report file: the only I/O of the ingest package.

Turns bytes into numbered lines, keeping the line numbers of the file as given
(Windows and old Mac line endings count as one break), and refuses what is not
a text report with an error naming the file and, where known, the line.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError

#: Share of control characters above which a file is taken as binary.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
#: The other control characters (below U+0020).
_CONTROLS = re.compile(
    "[" + "".join(f"\\x{c:02x}" for c in range(32) if chr(c) not in _ALLOWED_CONTROLS) + "]"
)


@dataclass(frozen=True)
class ReportSource:
    """The text of one report, as numbered lines."""

    name: str
    sha256: str
    lines: tuple[str, ...]
    #: For text extracted from a PDF: the 1-based page of each line (same length as lines).
    pages: tuple[int, ...] | None = None

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def page_of(self, number: int) -> int | None:
        return None if self.pages is None else self.pages[number - 1]


def read_report(path: str | Path) -> ReportSource:
    """Read ``path`` (text in UTF-8/UTF-16, or a PDF) into a :class:`ReportSource`."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ReportError(str(p), "is a folder, not a report file") from None
    except OSError as exc:
        raise ReportError(str(p), f"cannot be read: {exc.strerror or exc}") from None
    return source_from_bytes(data, name=str(p))


def source_from_bytes(data: bytes, *, name: str) -> ReportSource:
    """Decode report bytes; pure, so tests and fuzzers can call it without files."""
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF-"):
        from .pdf import pdf_to_source  # late import: pypdf is an optional extra

        return pdf_to_source(data, name=name, sha256=digest)
    text = decode_text(data, name=name)
    lines = split_lines(text)
    if not any(line.strip() for line in lines):
        raise ReportError(name, "is empty: no text to read")
    return ReportSource(name=name, sha256=digest, lines=tuple(lines))


def decode_text(data: bytes, *, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReportError(name, f"is not valid UTF-16: {exc.reason}") from None
    else:
        if b"\x00" in data[:8192]:
            raise ReportError(name, "is a binary file (NUL bytes), not a text report")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ReportError(
                name,
                f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                line=line,
            ) from None
    _refuse_binary(text, name=name)
    return text


def split_lines(text: str) -> list[str]:
    """Split on \\r\\n, \\r or \\n; a final newline does not make an extra line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _refuse_binary(text: str, *, name: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    controls = _CONTROLS.findall(sample)
    if "\x00" in sample or len(controls) > _MAX_CONTROL_SHARE * len(sample):
        line = sample.count("\n", 0, sample.index(controls[0]) if controls else 0) + 1
        raise ReportError(name, "looks binary (control characters), not a text report", line=line)
