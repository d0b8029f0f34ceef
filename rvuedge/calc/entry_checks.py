"""Warnings about what a case credits: likely entry slips, never errors. Pure.

- The same code on two lines or more, none of them told apart by -76/-77 (repeat), -59/-XS
  (distinct site) or RT/LT (side): probably typed twice.
- Units above 1 on a code with a 000/010/090 global period: a surgical procedure is reported once
  per session (per side or site on its own line), so x2 is probably a slip.
- An E/M code with a procedure in the same case without -25 (separately identifiable visit) or
  -57 (decision for surgery): the visit is normally part of the procedure's global package.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rvuedge.calc.categories import Category, category_of

DISTINGUISHING = frozenset({"76", "77", "59", "XS", "RT", "LT"})
SURGICAL_GLOBALS = frozenset({"000", "010", "090"})
EM_WITH_PROCEDURE = frozenset({"25", "57"})


@dataclass(frozen=True)
class EntryLine:
    position: int  # 1-based, as the answer numbers lines
    code: str
    modifiers: tuple[str, ...]
    units: int
    global_days: str | None


def entry_warnings(lines: Sequence[EntryLine]) -> list[str]:
    return _repeats(lines) + _surgical_units(lines) + _em_with_procedure(lines)


def _repeats(lines: Sequence[EntryLine]) -> list[str]:
    plain = Counter(line.code for line in lines if not DISTINGUISHING & set(line.modifiers))
    out = []
    for code, count in plain.items():
        if count < 2:
            continue
        positions = [str(x.position) for x in lines if x.code == code]
        out.append(
            f"{code} is on lines {', '.join(positions)} without -76/-77 (repeat), -59/-XS "
            "(distinct site) or RT/LT (side): each line is credited. If it was done once, "
            "remove the copy; if more than once, add the modifier that says why."
        )
    return out


def _surgical_units(lines: Sequence[EntryLine]) -> list[str]:
    return [
        f"Line {x.position} ({x.code}) has {x.units} units, but a code with a {x.global_days} "
        f"global period is reported once per session: it is credited {x.units} times. Log "
        "another side or site as its own line (RT/LT, -59/-XS) instead."
        for x in lines
        if x.units > 1 and x.global_days in SURGICAL_GLOBALS
    ]


def _em_with_procedure(lines: Sequence[EntryLine]) -> list[str]:
    procedures = [x for x in lines if x.global_days in SURGICAL_GLOBALS]
    if not procedures:
        return []
    return [
        f"Line {x.position} ({x.code}) is an E/M visit with a procedure in the same case "
        f"({', '.join(p.code for p in procedures)}) but without -25 or -57: the visit is "
        "normally part of the procedure's global package. Add -25 (a separately identifiable "
        "visit) or -57 (the decision for surgery) if it was one."
        for x in lines
        if category_of(x.code) == Category.EM and not EM_WITH_PROCEDURE & set(x.modifiers)
    ]
