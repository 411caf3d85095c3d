"""Lists of findings: from the lines under a heading to whole, separate findings.

A finding starts at a bullet, or at a paragraph after a blank line; it carries on
over hard line breaks, over page breaks (a blank line and text starting in lower
case, or a previous line that did not end a sentence) and over the page headers
and sidebars the caller has already removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Finding, FindingKind, Line, Span
from ..rules import TemplateRules
from .layout import ends_sentence, join_lines, split_bullet, starts_lower


@dataclass
class _Item:
    lines: list[Line] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    group: int = 0
    number: int | None = None
    kind: FindingKind | None = None

    @property
    def text(self) -> str:
        return join_lines(self.parts)


@dataclass
class Block:
    """The lines under one finding heading (None stands for a blank line)."""

    kind: FindingKind
    explicit: bool  # opened by a heading (not implied)
    lines: list[Line | None] = field(default_factory=list)
    recommendation: int | None = None  # a "RECOMMENDATION n" block holds one paragraph


def bullet_spacing(blocks: Sequence[Block], rules: TemplateRules) -> tuple[int, int]:
    """Count bullets right after a text line (tight) and after a blank line (loose)."""
    tight = loose = 0
    for block in blocks:
        prev: Line | None = None
        for line in block.lines:
            if line is not None and split_bullet(line.text, rules)[0] is not None:
                if prev is None:
                    loose += 1
                else:
                    tight += 1
            prev = line
    return tight, loose


def split_items(block: Block, rules: TemplateRules) -> list[_Item]:
    items: list[_Item] = []
    current: _Item | None = None
    group = 0
    after_blank = True
    for line in block.lines:
        if line is None:
            after_blank = True
            continue
        bullet, rest = split_bullet(line.text, rules)
        if (
            bullet in rules.weak_bullets
            and not after_blank
            and current is not None
            and not ends_sentence(current.text)
        ):
            bullet, rest = None, line.text
        if rules.is_none_identified(rest):
            group += 1
            current = None
            after_blank = False
            continue
        new_item = (
            current is None
            or bullet is not None
            or (after_blank and not starts_lower(rest) and ends_sentence(current.text))
            or (block.recommendation is not None and after_blank)
        )
        if new_item:
            if after_blank or current is None:
                group += 1
            current = _Item(group=group, number=block.recommendation)
            items.append(current)
        assert current is not None
        current.lines.append(line)
        current.parts.append(rest if (new_item and bullet is not None) else line.text)
        after_blank = False
    return items


def findings_of(
    blocks: Sequence[Block], rules: TemplateRules, *, tight_lists: bool
) -> list[Finding]:
    """Turn the blocks of one summary-delimited part of a report into findings."""
    out: list[Finding] = []
    for i, block in enumerate(blocks):
        items = split_items(block, rules)
        if not items:
            continue
        kinds = [block.kind] * len(items)
        rule = next((r for r in rules.implicit_kinds if r.after == block.kind), None)
        if (
            rule is not None
            and tight_lists == (rule.when_lists_are == "tight")
            and not any(b.kind == rule.becomes for b in blocks[i + 1 :])
        ):
            first_group = min(it.group for it in items)
            has_none = _starts_with_none(block, rules)
            kinds = [
                rule.becomes if (it.group > first_group or has_none) else block.kind for it in items
            ]
        for item, kind in zip(items, kinds, strict=True):
            text = item.text
            if not text:
                continue
            span = Span(item.lines[0].number, item.lines[-1].number)
            out.append(Finding(kind=kind, text=text, span=span, number=item.number))
    return out


def _starts_with_none(block: Block, rules: TemplateRules) -> bool:
    for line in block.lines:
        if line is None:
            continue
        return rules.is_none_identified(split_bullet(line.text, rules)[1])
    return False
