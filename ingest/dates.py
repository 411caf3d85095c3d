"""Dates as the reports print them ("July 2008", "In February 2008")."""

from __future__ import annotations

import re

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH_NUMBER = {m: i + 1 for i, m in enumerate(MONTHS)}
MONTH_YEAR = re.compile(rf"\b(?P<month>{'|'.join(MONTHS)})\s+(?P<year>(?:19|20)\d\d)\b")
YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)\b")


def year_month(month: str, year: str | int) -> str:
    """``("February", 2008)`` → ``"2008-02"`` (an xsd:gYearMonth)."""
    return f"{year}-{MONTH_NUMBER[month]:02d}"
