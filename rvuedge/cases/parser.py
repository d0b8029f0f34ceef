"""Read what a physician typed into lines: "47562 49505-50", "9921352", "lap chole + rt IHR". Pure.

Codes and modifiers may be separated by spaces, commas, '+', ';' or hyphens, or typed back to back.
A run without separators is split into 5-character codes that exist in the catalog, each followed
by zero or more 2-character known modifiers; `x2` after a code sets units. Ambiguity is resolved by
the catalog and the modifier list; among several readings the one with the fewest pieces wins.

Words (pieces without a digit) between codes form runs, each of which becomes one line whose code
the caller looks up (`ParsedLine.words`). A run ends at a code or at ',', '+', ';' or '/'. Side
words in a run (rt, lt, right, left, bilateral) become its modifiers RT, LT or 50. A two-letter
modifier typed right after a code ("47562 rt") stays that code's modifier.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from rvuedge.calc.modifiers import KNOWN
from rvuedge.cases.word_pick import SIDE_WORDS

SEPARATORS = re.compile(r"[\s,+;/]+")
PIECES = re.compile(r"[,+;/]|[^\s,+;/]+")
UNITS = re.compile(r"^[xX*]([0-9]{1,2})$")  # ASCII digits only
TRAILING_UNITS = re.compile(r"^([A-Z0-9]+?)[X*]([0-9]{1,2})$")


@dataclass
class ParsedLine:
    code: str  # "" for a run of words the caller still has to look up
    modifiers: list[str] = field(default_factory=list)
    units: int = 1
    words: list[str] = field(default_factory=list)
    start: int = 0  # where the line's text begins (0-based)
    text: str = ""  # the words as typed, side words included


@dataclass(frozen=True)
class Unreadable:
    fragment: str
    start: int
    reason: str


def parse_entry(
    text: str, code_exists: Callable[[str], bool]
) -> tuple[list[ParsedLine], list[Unreadable]]:
    lines: list[ParsedLine] = []
    problems: list[Unreadable] = []
    run: ParsedLine | None = None  # the open run of words, if any
    after_code = False  # the previous piece was a code (or its modifier) with no separator since
    for match in PIECES.finditer(text):
        chunk, offset = match.group(), match.start()
        if chunk in ",+;/":
            run, after_code = None, False
            continue
        if _is_words(chunk, after_code=after_code):
            if run is None:
                run = ParsedLine("", start=offset)
                lines.append(run)
            run.text = text[run.start : offset + len(chunk)]
            for word in filter(None, chunk.lower().split("-")):
                side = SIDE_WORDS.get(word)
                if side is None:
                    run.words.append(word)
                elif side not in run.modifiers:
                    run.modifiers.append(side)
            after_code = False
            continue
        run = None
        count_before = len(lines)
        _read_codes(chunk, offset, code_exists, lines, problems)
        after_code = len(lines) > count_before or bool(lines and lines[-1].code)
    for line in lines:
        if not line.code and not line.words:
            problems.append(
                Unreadable(line.text, line.start, "a side (rt, lt, bilateral) needs a procedure")
            )
    return [line for line in lines if line.code or line.words], problems


def _is_words(chunk: str, *, after_code: bool) -> bool:
    """Pieces without a digit are words, except a known modifier typed right after a code."""
    if any(ch.isdigit() for ch in chunk) or not any(ch.isalpha() for ch in chunk):
        return False
    if after_code and all(p.upper() in KNOWN and len(p) == 2 for p in chunk.split("-") if p):
        return False
    return bool(re.fullmatch(r"[A-Za-z'-]+", chunk))


def _read_codes(
    chunk: str,
    offset: int,
    code_exists: Callable[[str], bool],
    lines: list[ParsedLine],
    problems: list[Unreadable],
) -> None:
    """Codes, modifiers and units of one piece of text without separators other than '-'."""
    position = offset
    for piece in chunk.split("-"):
        start = position
        position += len(piece) + 1
        if not piece:
            continue
        token = piece.upper()
        units = UNITS.match(piece)
        if units:
            if lines and 1 <= int(units.group(1)) <= 99:
                lines[-1].units = int(units.group(1))
            else:
                problems.append(Unreadable(piece, start, "units need a code before them (1-99)"))
            continue
        if not token.isalnum():
            problems.append(Unreadable(piece, start, "not a code or modifier"))
            continue
        if len(token) == 2 and token in KNOWN and lines:
            lines[-1].modifiers.append(token)
            continue
        count = None
        with_units = TRAILING_UNITS.match(token)
        if (
            with_units
            and with_units.group(1) in KNOWN
            and lines
            and 1 <= int(with_units.group(2)) <= 99
        ):
            lines[-1].modifiers.append(with_units.group(1))
            lines[-1].units = int(with_units.group(2))
            continue
        if with_units and len(with_units.group(1)) >= 5:
            token, count = with_units.group(1), int(with_units.group(2))
        reading = _segment(token, code_exists)
        if reading is None:
            problems.append(Unreadable(piece, start, _why(token, code_exists)))
            continue
        for code, modifiers in reading:
            lines.append(ParsedLine(code, list(modifiers), start=start, text=piece))
        if count is not None:
            if not 1 <= count <= 99:
                problems.append(Unreadable(piece, start, "units must be 1-99"))
            else:
                lines[-1].units = count


def _why(token: str, code_exists: Callable[[str], bool]) -> str:
    if len(token) == 2:
        return (
            f"{token} is not a known modifier"
            if token not in KNOWN
            else "a modifier needs a code before it"
        )
    if len(token) == 5:
        return f"{token} is not a known code"
    return "cannot be split into known codes and modifiers"


def _segment(
    token: str, code_exists: Callable[[str], bool]
) -> list[tuple[str, tuple[str, ...]]] | None:
    """Split a run into (code, modifiers) pieces; None when no reading uses only known parts."""

    @cache
    def best(i: int, need_code: bool) -> tuple[int, tuple[tuple[str, tuple[str, ...]], ...]] | None:
        # Returns (pieces, lines) for token[i:], the shortest valid reading.
        if i == len(token):
            return (0, ())
        options = []
        code = token[i : i + 5]
        if len(code) == 5 and code_exists(code):
            rest = best(i + 5, False)
            if rest is not None:
                options.append((rest[0] + 1, ((code, ()), *rest[1])))
        mod = token[i : i + 2]
        if not need_code and len(mod) == 2 and mod in KNOWN:
            rest = best(i + 2, False)
            if rest is not None and rest[1]:
                pieces, lines = rest
                # The modifier belongs to the line before it: handled by the caller's fold below.
                options.append((pieces + 1, (("-" + mod, ()), *lines)))
            elif rest is not None:
                options.append((rest[0] + 1, (("-" + mod, ()),)))
        if not options:
            return None
        return min(options, key=lambda o: o[0])

    found = best(0, True)
    if found is None:
        return None
    out: list[tuple[str, tuple[str, ...]]] = []
    for code, _ in found[1]:
        if code.startswith("-"):
            previous_code, mods = out[-1]
            out[-1] = (previous_code, (*mods, code[1:]))
        else:
            out.append((code, ()))
    return out
