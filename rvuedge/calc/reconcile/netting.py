"""Netting the employer's lines (reversals, voids) and joining RT/LT into bilateral lines. Pure."""

from collections import defaultdict
from dataclasses import replace
from datetime import date

from rvuedge.calc.reconcile.lines import EmployerLine, LoggedLine

# 1. Netting ----------------------------------------------------------------------------------


def net_reversals(lines: list[EmployerLine]) -> list[EmployerLine]:
    """The charges that stand once reversals and voids are applied, in the file's order; a
    reversal whose charge is not in the file stays as a negative line."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        key = (line.date_of_service, line.code, tuple(sorted(line.modifiers)), line.encounter_ref)
        groups[key].append(i)
    removed: set[int] = set()
    for members in groups.values():
        reversals = [i for i in members if lines[i].units < 0]
        for r in reversals:
            wanted = -lines[r].units
            charges = [
                i for i in members if i not in removed and lines[i].units == wanted and i != r
            ]
            # a voided charge is the one a reversal undoes; else the earliest posting
            charges.sort(key=lambda i: (not lines[i].voided, lines[i].post_date or date.min, i))
            if charges:
                removed.update((r, charges[0]))
        removed.update(i for i in members if lines[i].voided and lines[i].units > 0)
    return [line for i, line in enumerate(lines) if i not in removed]


# 2. Bilateral lines ----------------------------------------------------------------------------


def merge_employer_bilateral(
    lines: list[EmployerLine], logged: list[LoggedLine] | None = None
) -> list[EmployerLine]:
    """Join an employer's RT line and LT line of one code into one bilateral line (-50) only
    when they are one encounter: both carry the same encounter number, or neither carries one
    and the log holds one case with that code on both sides that day (a logged bilateral line,
    after merge_logged_bilateral), each such case taking one pair. Lines of two cases, or of two
    encounters, stay apart and are matched each with its own logged line."""
    bilateral_cases: dict[tuple[object, ...], int] = defaultdict(int)
    for line in logged or []:
        if "50" in line.modifiers:
            bilateral_cases[(line.code, line.date_of_service)] += 1
    out: list[EmployerLine | None] = list(lines)
    for i, right in enumerate(out):
        if right is None or not _only(right.modifiers, "RT", "LT") or right.units < 0:
            continue
        for j in range(len(out)):
            left = out[j]
            if (
                j == i
                or left is None
                or not _only(left.modifiers, "LT", "RT")
                or left.units <= 0
                or left.code != right.code
                or left.date_of_service != right.date_of_service
            ):
                continue
            if right.encounter_ref or left.encounter_ref:
                if right.encounter_ref != left.encounter_ref:
                    continue  # two encounters
            else:
                key = (right.code, right.date_of_service)
                if bilateral_cases[key] <= 0:
                    continue  # no logged case holds both sides: they are two cases
                bilateral_cases[key] -= 1
            wrvu = None if right.wrvu is None or left.wrvu is None else right.wrvu + left.wrvu
            mods = tuple(m for m in right.modifiers if m != "RT") + ("50",)
            out[i] = replace(right, rows=right.rows + left.rows, modifiers=mods, wrvu=wrvu)
            out[j] = None
            break
    return [line for line in out if line is not None]


def merge_logged_bilateral(lines: list[LoggedLine]) -> list[LoggedLine]:
    """Join the RT line and the LT line of one code within one logged case into one bilateral
    line (-50), as the credit engine credits them; lines of different cases stay apart."""
    out: list[LoggedLine | None] = list(lines)
    for i, right in enumerate(out):
        if right is None or not _only(right.modifiers, "RT", "LT"):
            continue
        for j, left in enumerate(out):
            if (
                j != i
                and left is not None
                and _only(left.modifiers, "LT", "RT")
                and left.case_id == right.case_id
                and left.code == right.code
            ):
                out[i] = replace(
                    right,
                    positions=right.positions + left.positions,
                    modifiers=tuple(m for m in right.modifiers if m != "RT") + ("50",),
                    credited_wrvu=right.credited_wrvu + left.credited_wrvu,
                    exact_wrvu=right.exact() + left.exact(),
                    base_wrvu=right.base_wrvu,  # the LT line's work is inside the bilateral
                    adjustments=right.adjustments + left.adjustments,
                )
                out[j] = None
                break
    return [line for line in out if line is not None]


def _only(modifiers: tuple[str, ...], has: str, lacks: str) -> bool:
    return has in modifiers and lacks not in modifiers and "50" not in modifiers
