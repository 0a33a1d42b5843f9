"""Calendar days as arXiv writes them: '22 Jan 2021', 'Friday, 22 January 2021', 'Fri, 22 Jan 21', '2021/01/22'."""

from __future__ import annotations

import re
from datetime import date

_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTH_NAMES) + r")[a-z]*\.?,?\s+(\d{4}|\d{2})\b", re.I)
_YEAR_MONTH_DAY = re.compile(r"\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})\b")


def find_date(text: str) -> date | None:
    """The first day written in text, or None. Two-digit years are this century (legacy listing headings)."""
    if match := _DAY_MONTH_YEAR.search(text):
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
        year += 2000 if year < 100 else 0
    elif match := _YEAR_MONTH_DAY.search(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 31 Feb and the like
        return None


_parsed_days: dict[str, date] = {}  # 'Mon, 2 Apr 2007' -> its date: a few thousand days, each parsed once


def rfc2822_day(text: str) -> date:
    """'Mon, 2 Apr 2007 19:18:42 GMT' -> 2007-04-02. The metadata snapshot's hot path: memoised, no regex.

    Raises ValueError when the text is not in that shape.
    """
    key = text[:16]  # weekday, day, month and year, whether the day has one digit or two
    day = _parsed_days.get(key)
    if day is None:
        try:
            _, number, month, year = text.split(None, 4)[:4]
            day = _parsed_days[key] = date(int(year), _MONTHS[month[:3].lower()], int(number))
        except (KeyError, ValueError) as error:
            raise ValueError(f"not a date: {text[:40]!r}") from error
    return day


def iso_day(text: str) -> date | None:
    """The day of an ISO timestamp ('2021-01-21T18:59:38Z'), or None."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
