"""A stored case as the API answers it: its credit, each line with its global period (a -78
line continues the related case's), and the warnings to check (never errors)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from rvuedge.calc import global_period as gp
from rvuedge.calc.credit import Setting
from rvuedge.calc.entry_checks import EntryLine, entry_warnings
from rvuedge.cases import queries
from rvuedge.cases import valuation as v
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.notes import phi_warnings
from rvuedge.cases.pricing import WRITTEN_LINES
from rvuedge.cases.rows import CaseRow, LineRow
from rvuedge.cases.schemas import AdjustmentOut, CaseOut, LineCreditOut, Role, SettingSource
from rvuedge.users.models import User

# A stored case, or a new one's row just written (cases/rows.py): the answer reads attributes.
AnyCase = Case | CaseRow
AnyLine = CaseLine | LineRow
RESTARTS_GLOBAL = {"58", "78", "79"}
ROLE_MODIFIERS = {"assistant": {"80", "81", "82", "AS"}, "co_surgeon": {"62"}}


def case_outs(session: Session, cases: list[Case], *, user: User) -> list[CaseOut]:
    """Answers for a page of cases, with all their lines read in one query."""
    by_case = queries.lines_by_case(session, [c.id for c in cases])
    return [case_out(session, c, user=user, lines=by_case[c.id]) for c in cases]


def case_out(
    session: Session, case: AnyCase, *, user: User, lines: Sequence[AnyLine] | None = None
) -> CaseOut:
    if lines is None:
        written = session.info.get(WRITTEN_LINES, {}).get(case.id)
        lines = written or queries.lines_of(session, case.id)
    original = _original_period(session, case, lines, user=user)
    return CaseOut(
        id=case.client_id,
        date_of_service=case.date_of_service,
        setting=Setting(case.setting),
        setting_source=SettingSource(case.setting_source) if case.setting_source else None,
        site=case.site,
        locality=case.locality,
        role=Role(case.role),
        related_case_id=_client_id_of(session, case.related_case_id),
        note=case.note,
        encounter_ref=case.encounter_ref,
        import_id=case.import_id,
        version=case.version,
        payment_locality=case.payment_locality,
        created_at=case.created_at,
        updated_at=case.updated_at,
        release=case.release,
        release_note=case.release_note,
        provisional=case.provisional,
        credit_profile=case.credit_profile,
        total_wrvu=v.round_edge(Decimal(case.total_wrvu)),
        total_wrvu_exact=v.exact(sum((Decimal(x.credited_wrvu_exact) for x in lines), Decimal(0))),
        base_wrvu=v.round_edge(Decimal(case.base_wrvu)),
        notes=case.notes,
        lines=[_line_out(line, original) for line in lines],
        warnings=phi_warnings(case.note)
        + _role_warnings(case, lines)
        + _global_warnings(case, lines, original)
        + entry_warnings(
            [
                EntryLine(x.position, x.code, tuple(x.modifiers), x.units, x.global_days)
                for x in lines
            ]
        ),
    )


def _client_id_of(session: Session, key: uuid.UUID | None) -> uuid.UUID | None:
    """The API id of the case with this key (a related case is stored by key)."""
    if key is None:
        return None
    related = session.get(Case, key)
    return related.client_id if related else None


@dataclass
class OriginalPeriod:
    """The related case a -58/-78/-79 line refers to, and its global period on that date."""

    case: Case
    window: tuple[date, date] | None
    codes: str


def _line_out(line: AnyLine, original: OriginalPeriod | None) -> LineCreditOut:
    end, note, of_case = line.global_end, v.global_note(line.global_days, line.modifiers), None
    if "78" in line.modifiers and original is not None and original.window is not None:
        end, of_case = original.window[1], original.case.client_id
        note = (
            f"-78 continues the global period of case {original.case.client_id} "
            f"({original.codes} on {original.case.date_of_service}, until {end}); "
            "it starts none"
        )
    return LineCreditOut(
        position=line.position,
        code=line.code,
        modifiers=line.modifiers,
        units=line.units,
        release=line.release,
        provisional=line.provisional,
        row_modifier=line.row_modifier,
        base_wrvu=Decimal(line.base_wrvu),
        adjustments=[AdjustmentOut(**a) for a in line.adjustments],
        credited_wrvu=v.round_edge(Decimal(line.credited_wrvu)),
        credited_wrvu_exact=v.exact(line.credited_wrvu_exact),
        flags=line.flags,
        rank=line.rank,
        global_days=line.global_days,
        global_period_end=end,
        global_period_case_id=of_case,
        global_note=note,
    )


def _original_period(
    session: Session, case: AnyCase, lines: Sequence[AnyLine], *, user: User
) -> OriginalPeriod | None:
    """The related case and its global period. A related case that was itself a return to the
    OR (-78) opened none, so the chain is followed to the procedure that did (a few steps)."""
    if case.related_case_id is None or not any(RESTARTS_GLOBAL & set(x.modifiers) for x in lines):
        return None
    seen = {case.id}
    related_id: uuid.UUID | None = case.related_case_id
    first: OriginalPeriod | None = None
    while related_id is not None and related_id not in seen and len(seen) <= 5:
        seen.add(related_id)
        related = queries.live_case(session, user_id=user.id, key=related_id)
        if related is None:
            break
        related_lines = queries.lines_of(session, related.id)
        windows = [
            (x.code, (x.global_start, x.global_end))
            for x in related_lines
            if x.global_start is not None
            and x.global_end is not None
            and gp.no_window_reason(x.modifiers) is None
        ]
        window = gp.covering([w for _, w in windows], case.date_of_service)
        if window is not None:
            codes = ", ".join(code for code, w in windows if w == window)
            return OriginalPeriod(related, window, codes)
        first = first or OriginalPeriod(related, None, "")
        if not any("78" in x.modifiers for x in related_lines):
            break
        related_id = related.related_case_id
    return first


def _global_warnings(
    case: AnyCase, lines: Sequence[AnyLine], original: OriginalPeriod | None
) -> list[str]:
    flagged = [line for line in lines if RESTARTS_GLOBAL & set(line.modifiers)]
    if not flagged:
        return []
    if case.related_case_id is None:
        return [
            f"Line {line.position} ({line.code}) carries -{_restart_mods(line)}"
            " but the case names no related case."
            for line in flagged
        ]
    if original is None:
        return ["The related case no longer exists."]
    window = original.window
    if window is not None and window[0] <= case.date_of_service <= window[1]:
        return []
    return [
        f"Line {line.position} ({line.code}) uses -{_restart_mods(line)}, "
        f"but {case.date_of_service} is outside the global period of the related case "
        f"({original.case.date_of_service})."
        for line in flagged
    ]


def _role_warnings(case: AnyCase, lines: Sequence[AnyLine]) -> list[str]:
    """The role is a label; credit follows the modifiers. Say so when the two disagree."""
    expected = ROLE_MODIFIERS.get(case.role)
    if not expected or any(expected & set(line.modifiers) for line in lines):
        return []
    mods = "/".join(f"-{m}" for m in sorted(expected))
    return [
        f"Role is {case.role.replace('_', '-')} but no line carries {mods}; "
        "the lines are credited as the primary surgeon's."
    ]


def _restart_mods(line: AnyLine) -> str:
    return "/-".join(sorted(RESTARTS_GLOBAL & set(line.modifiers)))
