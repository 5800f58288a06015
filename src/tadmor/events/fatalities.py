"""Fatality counts by ACLED's rules.

The most conservative figure; injured and missing are not dead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0,
    "no": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
# ACLED codes vague figures conservatively; a word that gives no number ("several", "some",
# "many", "a few") gives no figure at all (None)
_VAGUE: dict[str, int | None] = {
    "several": None,
    "a few": None,
    "few": None,
    "some": None,
    "many": None,
    "scores": 20,
    "dozens": 12,
    "dozens of": 12,
    "a dozen": 12,
    "hundreds": 100,
    "hundreds of": 100,
    "thousands": 1000,
    "a number of": None,
    "numerous": None,
    "a handful of": None,
    "a handful": None,
}
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?)|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen|a\s+dozen|dozens|scores|several|hundreds|a\s+few|a\s+handful)"
)
_QUAL = (
    r"(?:(?:at\s+least|more\s+than|over|nearly|almost|around|about|some|up\s+to|roughly|"
    r"as\s+many\s+as)\s+)?"
)
_WHO = (
    r"(?:(?:of\s+)?(?:his|her|their|the|its)?\s*(?:[a-z-]+\s+){0,3}"
    r"(?:people|persons|civilians|soldiers|troops|fighters|militants|members|villagers|residents|"
    r"policemen|police\s+officers|officers|comrades|children|women|men|combatants|insurgents|"
    r"rebels|jihadists|worshippers|protesters|passengers|guards|recruits|conscripts|others|"
    r"of\s+them)\s+)?"
)
# any short noun phrase of victims ("three farmers", "two of his bodyguards")
_ANY_WHO = r"(?:(?:of\s+)?(?:his|her|their|the|its)?\s*(?:[a-z][a-z-]*\s+){1,3})?"
_AUX = r"were\s+|have\s+been\s+|had\s+been\s+"  # "were killed", "have been killed"
_DEATH = r"(?:killed|dead|died|slain|executed|massacred|beheaded|shot\s+dead|lost\s+their\s+lives)"
# "sixteen people, including two soldiers, have been killed": an aside between the figure and
# its verb
_ASIDE = r",\s+(?:including|among\s+them|among\s+whom|most\s+of\s+them)[^,.;]{1,80},\s+"
# "soldiers of the 48th Brigade Combat Team": a longer victims phrase, ending at the verb
_LONG_WHO = r"(?:[\w'-]+\s+){1,8}?"
_PATTERNS = [
    re.compile(
        rf"\b{_QUAL}(?P<n>{_NUM})\s+(?:[\w'-]+\s+){{0,3}}?[\w'-]+{_ASIDE}(?:{_AUX}|were\s+)?{_DEATH}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_QUAL}(?P<n>{_NUM})\s+{_LONG_WHO}(?:{_AUX}|was\s+){_DEATH}\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\blynch(?:ed|es)?\s+(?P<n>{_NUM}|an?)\b", re.IGNORECASE),
    re.compile(
        rf"\b(?:killing|killed|kills|kill|executing|executed|massacring)\s+{_QUAL}(?P<n>{_NUM})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_QUAL}(?P<n>{_NUM})\s+{_WHO}(?:{_AUX}|was\s+|are\s+|being\s+)?{_DEATH}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_QUAL}(?P<n>{_NUM})\s+{_ANY_WHO}(?:{_AUX}|was\s+){_DEATH}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:beat|beaten|stabbed|hacked|burned|burnt|stoned|lynched|tortured|shot)\s+"
        rf"{_QUAL}(?P<n>{_NUM}|an?)\s+{_ANY_WHO}to\s+death\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\bleft\s+{_QUAL}(?P<n>{_NUM})\s+(?:\w+\s+){{0,2}}dead\b", re.IGNORECASE),
    re.compile(
        rf"\b(?:death\s+toll|toll)\s+(?:\w+\s+){{0,4}}(?:to|of|at)\s+{_QUAL}(?P<n>{_NUM})\b",
        re.IGNORECASE,
    ),
]
# "11 insurgents and two soldiers were killed": ACLED adds the sides up
_TALLY = re.compile(
    rf"\b{_QUAL}(?P<a>{_NUM})\s+{_ANY_WHO}and\s+{_QUAL}(?P<b>{_NUM})\s+{_ANY_WHO}"
    rf"(?:{_AUX})?{_DEATH}\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# "killed or wounded", "killed or missing", "killed and wounded": the figure is not of deaths
# alone ("two died and another five were wounded" is: a new figure follows)
_NOT_DEAD = re.compile(
    r"^\s*(?:or\s+(?:\w+\s+){0,3}|and\s+)(?:missing|wounded|injured|hurt|captured|disappeared)",
    re.IGNORECASE,
)
# "between 13 and 46 civilians were killed", "13 to 46 people killed": the lowest figure
_RANGE = re.compile(
    rf"\b(?:between\s+)?(?P<a>{_NUM})\s*(?:-|–|to|and|or)\s*{_QUAL}(?P<b>{_NUM})\s+{_ANY_WHO}"
    rf"(?:{_AUX}|were\s+)?{_DEATH}\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class FatalityFigure:
    count: int
    start: int  # char offsets within the searched text
    end: int


def parse_number(s: str) -> int | None:
    s = " ".join(s.lower().replace("-", " ").split())
    if s in _VAGUE:
        return _VAGUE[s]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", s):
        return int(s.replace(",", ""))
    total = 0
    for part in s.split():
        if part not in _UNITS:
            return None
        total += _UNITS[part]
    return total


def find_fatalities(text: str) -> list[FatalityFigure]:
    """Death figures in a sentence; "killed or missing" and injured counts are not deaths."""
    found: dict[tuple[int, int], FatalityFigure] = {}
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            if _NOT_DEAD.match(text[m.end() : m.end() + 40]):
                continue
            n = parse_number(m.group("n"))
            if n is None or n > 100_000 or _YEAR.match(m.group("n")):
                continue
            key = (m.start("n"), m.end("n"))
            found.setdefault(key, FatalityFigure(count=n, start=key[0], end=key[1]))
    ranges: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        joined = text[m.end("a") : m.start("b")].strip().lower()
        if joined == "and" and not m.group(0).lower().startswith("between"):
            continue  # "two and three": a tally, not a range
        if a is None or b is None or a >= b:
            continue
        span = (m.start("a"), m.end("b"))
        ranges.append(span)
        found = {k: f for k, f in found.items() if not (k[0] < span[1] and span[0] < k[1])}
        found[span] = FatalityFigure(count=a, start=span[0], end=span[1])
    for m in _TALLY.finditer(text):
        if any(r[0] <= m.start("a") < r[1] for r in ranges):
            continue
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if a is None or b is None or _YEAR.match(m.group("a")) or _YEAR.match(m.group("b")):
            continue
        span = (m.start("a"), m.end("b"))
        found = {k: f for k, f in found.items() if not (span[0] <= k[0] and k[1] <= span[1])}
        found[span] = FatalityFigure(count=a + b, start=span[0], end=span[1])
    return sorted(found.values(), key=lambda f: f.start)
