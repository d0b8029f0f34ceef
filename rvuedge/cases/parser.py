"""Read what a physician typed into lines: "47562 49505-50", "9921352", "4756249505". Pure.

Codes and modifiers may be separated by spaces, commas, '+', ';' or hyphens, or typed back to back.
A run without separators is split into 5-character codes that exist in the catalog, each followed
by zero or more 2-character known modifiers; `x2` after a code sets units. Ambiguity is resolved by
the catalog and the modifier list; among several readings the one with the fewest pieces wins.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from rvuedge.calc.modifiers import KNOWN

SEPARATORS = re.compile(r"[\s,+;/]+")
UNITS = re.compile(r"^[xX*](\d{1,2})$")
TRAILING_UNITS = re.compile(r"^([A-Z0-9]+?)[X*](\d{1,2})$")


@dataclass
class ParsedLine:
    code: str
    modifiers: list[str] = field(default_factory=list)
    units: int = 1


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
    for match in re.finditer(r"[^\s,+;/]+", text):
        chunk, offset = match.group(), match.start()
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
                    problems.append(
                        Unreadable(piece, start, "units need a code before them (1-99)")
                    )
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
                lines.append(ParsedLine(code, list(modifiers)))
            if count is not None:
                if not 1 <= count <= 99:
                    problems.append(Unreadable(piece, start, "units must be 1-99"))
                else:
                    lines[-1].units = count
    return lines, problems


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
