"""The credit engine: work RVU credit for the lines of one case (wrvu-rules.md section 2). Pure.

Pipeline per line: normalize modifiers, pick the row, status gate, base = work x units, line
factors (split care, bilateral, surgeon role, -22/-52), then across the case: endoscopy families,
multiple-procedure ranking, the imaging professional-component reduction. Values stay exact
Decimals; rounding happens only at the edge (`round_wrvu`).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from rvuedge.calc.credit_settings import BilateralRule, CreditRules, RankBasis
from rvuedge.calc.modifiers import ASSISTANT, row_modifier

ONE = Decimal(1)
ZERO = Decimal(0)
HALF = Decimal("0.5")
CREDITED_STATUSES = frozenset({"A", "R", "T"})
SHOWN_BUT_NOT_PAID = frozenset({"B", "I", "N", "X"})
INVALID_STATUSES = frozenset({"D", "F", "G", "H"})
PAYABLE_STATUSES = frozenset({"A", "R"})


class Setting(StrEnum):
    FACILITY = "facility"
    NON_FACILITY = "non_facility"


class Flag(StrEnum):
    BY_REPORT = "by_report"
    NEEDS_MANUAL_VALUATION = "needs_manual_valuation"
    NOT_PERMITTED = "not_permitted"
    BUNDLED = "bundled"
    UNKNOWN_CODE = "unknown_code"
    NOT_MEDICARE_PAYABLE = "not_medicare_payable"
    DOCUMENTATION_REQUIRED = "documentation_required"
    MODIFIER_NOT_APPLICABLE = "modifier_not_applicable"
    GLOBAL_SHARES_MISSING = "global_shares_missing"
    ANESTHESIA = "anesthesia_base_units"
    MERGED_BILATERAL = "merged_into_bilateral"


class Rule(StrEnum):
    """The rule behind one adjustment of a line's credit (the `rule` of an adjustment)."""

    STATUS = "status"
    UNKNOWN_CODE = "unknown_code"
    COMPONENT = "component"
    DISCONTINUED = "discontinued"
    GLOBAL_COMPONENT = "global_component"
    BILATERAL = "bilateral"
    ASSISTANT = "assistant"
    CO_SURGEON = "co_surgeon"
    TEAM = "team"
    INCREASED_SERVICE = "increased_service"
    REDUCED_SERVICE = "reduced_service"
    ENDOSCOPY_BASE = "endoscopy_base"
    ENDOSCOPY_FAMILY = "endoscopy_family"
    MULTIPLE_PROCEDURE = "multiple_procedure"
    IMAGING_PC_REDUCTION = "imaging_pc_reduction"


@dataclass(frozen=True)
class FeeRow:
    """The fee-schedule columns the engine reads."""

    release: str
    hcpcs: str
    modifier: str
    status: str
    work_rvu: Decimal
    facility_total: Decimal
    nonfacility_total: Decimal
    pctc: str = "0"
    global_days: str = "XXX"
    pre_op: Decimal = ZERO
    intra_op: Decimal = ZERO
    post_op: Decimal = ZERO
    mult_proc: str = "9"
    bilat_surg: str = "9"
    asst_surg: str = "9"
    co_surg: str = "9"
    team_surg: str = "9"
    endo_base: str | None = None
    imaging_family: str | None = None
    not_used_for_payment: bool = False


@dataclass(frozen=True)
class LineInput:
    code: str
    modifiers: tuple[str, ...] = ()
    units: int = 1


@dataclass(frozen=True)
class Adjustment:
    rule: Rule
    factor: Decimal
    reason: str
    # The crediting switch that set this factor and the preset it came from; None for rules
    # that are the same under every preset (status, components, split-care shares).
    switch: str | None = None
    preset: str | None = None


@dataclass
class LineCredit:
    index: int
    code: str
    modifiers: tuple[str, ...]
    units: int
    release: str | None
    row_modifier: str
    base_wrvu: Decimal
    credited_wrvu: Decimal = ZERO
    adjustments: list[Adjustment] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    rank: int | None = None
    row: FeeRow | None = None
    # Working values, not part of the explanation.
    _line_factor: Decimal = ONE
    _rank_key: Decimal = ZERO
    _eligible: bool = True
    _per_side: bool = False  # a bilateral procedure ranked as two sides
    _rules: CreditRules | None = None

    def adjust(self, rule: Rule, factor: Decimal, reason: str, switch: str | None = None) -> None:
        preset = self._rules.source(switch) if switch and self._rules else None
        self.adjustments.append(Adjustment(rule, factor, reason, switch, preset))

    def flag(self, flag: Flag) -> None:
        if flag not in self.flags:
            self.flags.append(flag)


@dataclass
class CaseCredit:
    lines: list[LineCredit]
    total_wrvu: Decimal
    notes: list[str]


def round_wrvu(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def credit_case(
    lines: list[LineInput],
    rows: Mapping[tuple[str, str], FeeRow],
    *,
    setting: Setting,
    rules: CreditRules,
) -> CaseCredit:
    """Credit the lines of one case (one patient, one date and session) from one release."""
    notes: list[str] = []
    normalized = _normalize(lines)
    credits = [_line(i, line, rows, setting, rules) for i, line in enumerate(normalized)]
    _merge_rt_lt(credits, rules)
    _status_t(credits)
    if rules.endoscopy_family_rule:
        units = _endoscopy_families(credits, rows, notes, setting)
    else:
        units = [[c] for c in credits if _ranked(c)]
    if rules.apply_mppr:
        _rank(units, rules)
    if rules.imaging_pc_reduction:
        _imaging_pc(credits)
    total = sum((c.credited_wrvu for c in credits), ZERO)
    return CaseCredit(lines=credits, total_wrvu=total, notes=notes)


def _normalize(lines: list[LineInput]) -> list[LineInput]:
    out = []
    for line in lines:
        mods = tuple(dict.fromkeys(m.strip().upper() for m in line.modifiers if m.strip()))
        if "RT" in mods and "LT" in mods and "50" not in mods:
            mods = (*mods, "50")
        out.append(LineInput(line.code.strip().upper(), mods, line.units))
    return out


def _line(
    index: int,
    line: LineInput,
    rows: Mapping[tuple[str, str], FeeRow],
    setting: Setting,
    rules: CreditRules,
) -> LineCredit:
    mods = line.modifiers
    wanted = row_modifier(mods)
    row = rows.get((line.code, wanted))
    credit = LineCredit(index, line.code, mods, line.units, None, wanted, ZERO)
    credit._rules = rules
    if row is None and wanted:
        row = rows.get((line.code, ""))
        credit.row_modifier = ""
        if row is not None and wanted == "53":
            credit.row = row
            credit.release = row.release
            credit.base_wrvu = row.work_rvu * line.units
            if rules.mod53_factor is None:
                _zero(
                    credit,
                    Rule.DISCONTINUED,
                    "-53 on a code without a dedicated 53 row is carrier priced; credit it by hand",
                    Flag.NEEDS_MANUAL_VALUATION,
                    "mod53_factor",
                )
            else:
                credit._line_factor = rules.mod53_factor
                credit.adjust(
                    Rule.DISCONTINUED,
                    rules.mod53_factor,
                    "-53 without a 53 row: the plan's discontinued-procedure factor",
                    "mod53_factor",
                )
                credit.flag(Flag.BY_REPORT)
                _finish(credit, setting)
            return credit
        if row is not None:
            credit.flag(Flag.MODIFIER_NOT_APPLICABLE)
            credit.adjust(
                Rule.COMPONENT,
                ONE if wanted == "26" else ZERO,
                f"{line.code} has no -{wanted} row (PC/TC split does not apply); "
                + (
                    "the global row carries the professional work"
                    if wanted == "26"
                    else "a technical component carries no physician work"
                ),
            )
            if wanted == "TC":
                credit._line_factor = ZERO
    if row is None:
        _zero(
            credit,
            Rule.UNKNOWN_CODE,
            f"{line.code} is not in the fee schedule release used",
            Flag.UNKNOWN_CODE,
        )
        credit._eligible = False
        return credit
    credit.row = row
    credit.release = row.release
    credit.base_wrvu = row.work_rvu * line.units
    if not _status_gate(credit, row, rules):
        credit._eligible = False
        return credit
    _line_factors(credit, row, rules)
    _finish(credit, setting)
    return credit


def _zero(
    credit: LineCredit, rule: Rule, reason: str, flag: Flag, switch: str | None = None
) -> None:
    credit.adjust(rule, ZERO, reason, switch)
    credit.flag(flag)
    credit._line_factor = ZERO
    credit.credited_wrvu = ZERO


def _status_gate(credit: LineCredit, row: FeeRow, rules: CreditRules) -> bool:
    status = row.status
    if status in CREDITED_STATUSES:
        return True
    if status in SHOWN_BUT_NOT_PAID and row.work_rvu > 0:
        credit.flag(Flag.NOT_MEDICARE_PAYABLE)
        if rules.credit_non_payable_rvus:
            credit.adjust(
                Rule.STATUS,
                ONE,
                f"status {status}: RVUs shown but not used for Medicare "
                "payment; credited (all-payer productivity)",
                "credit_non_payable_rvus",
            )
            return True
        _zero(
            credit,
            Rule.STATUS,
            f"status {status}: not paid by Medicare (credit_non_payable_rvus off)",
            Flag.NOT_MEDICARE_PAYABLE,
            "credit_non_payable_rvus",
        )
        return False
    if status == "C":
        _zero(
            credit,
            Rule.STATUS,
            "status C: carrier priced, no national RVU; credit it by hand",
            Flag.NEEDS_MANUAL_VALUATION,
        )
    elif status == "J":
        _zero(
            credit,
            Rule.STATUS,
            "status J: anesthesia is measured in base and time units, not work RVUs",
            Flag.ANESTHESIA,
        )
    elif status in INVALID_STATUSES:
        _zero(
            credit,
            Rule.STATUS,
            f"status {status}: not a valid code for this date",
            Flag.NOT_PERMITTED,
        )
    elif status == "B":
        _zero(credit, Rule.STATUS, "status B: always bundled into another service", Flag.BUNDLED)
    else:
        _zero(
            credit,
            Rule.STATUS,
            f"status {status}: no work RVU under the fee schedule",
            Flag.NOT_MEDICARE_PAYABLE,
        )
    return False


def _line_factors(credit: LineCredit, row: FeeRow, rules: CreditRules) -> None:
    mods = set(credit.modifiers)
    factor = ONE
    # Global component: split care and unplanned return to the OR.
    parts = set()
    if "54" in mods:
        parts |= {"pre", "intra"}
    if "55" in mods:
        parts.add("post")
    if "56" in mods:
        parts.add("pre")
    if "78" in mods:
        parts.add("intra")
    if parts:
        shares = {"pre": row.pre_op, "intra": row.intra_op, "post": row.post_op}
        if not any(shares.values()):
            credit.flag(Flag.GLOBAL_SHARES_MISSING)
            credit.adjust(
                Rule.GLOBAL_COMPONENT,
                ONE,
                f"{row.hcpcs} has no pre/intra/post shares "
                f"(global {row.global_days}); the split-care modifier cannot divide it",
            )
        else:
            share = sum((shares[p] for p in sorted(parts)), ZERO)
            names = {"pre": "pre-op", "intra": "intra-op", "post": "post-op"}
            which = " + ".join(
                f"{names[p]} {shares[p]}" for p in ("pre", "intra", "post") if p in parts
            )
            label = (
                "-78 pays the intra-operative share"
                if mods & {"78"} and parts == {"intra"}
                else "split care pays its share of the global package"
            )
            credit.adjust(Rule.GLOBAL_COMPONENT, share, f"{label}: {which}")
            factor *= share
    if "50" in mods:
        bilateral = BILATERAL.get(row.bilat_surg)
        reasons = {
            "0": "bilateral indicator 0: both sides paid at 100% of one side",
            "2": "bilateral indicator 2: the value already covers both sides (100%)",
            "3": "bilateral indicator 3: each side paid in full (200%)",
        }
        if bilateral is None:
            credit.flag(Flag.MODIFIER_NOT_APPLICABLE)
            credit.adjust(
                Rule.BILATERAL, ONE, "bilateral concept does not apply to this code (100%)"
            )
        elif row.bilat_surg == "1":
            bilateral, reason = _indicator_one(credit, rules)
            credit.adjust(Rule.BILATERAL, bilateral, reason, "bilateral_rule")
            factor *= bilateral
        else:
            credit.adjust(Rule.BILATERAL, bilateral, reasons[row.bilat_surg])
            factor *= bilateral
    if mods & ASSISTANT or "AS" in mods:
        npp = "AS" in mods and not (mods & ASSISTANT)
        if row.asst_surg in ("1", "9"):
            why = "statutory restriction" if row.asst_surg == "1" else "the concept does not apply"
            _zero(
                credit,
                Rule.ASSISTANT,
                f"assistant at surgery may not be paid ({why})",
                Flag.NOT_PERMITTED,
            )
            return
        share = rules.npp_assistant_factor if npp else rules.assistant_factor
        who = "non-physician assistant (-AS)" if npp else "assistant at surgery"
        credit.adjust(
            Rule.ASSISTANT,
            share,
            f"{who}: {share * 100:g}% of the surgeon's value",
            "npp_assistant_factor" if npp else "assistant_factor",
        )
        if row.asst_surg == "0":
            credit.flag(Flag.DOCUMENTATION_REQUIRED)
        factor *= share
    if "62" in mods:
        if row.co_surg in ("0", "9"):
            _zero(
                credit,
                Rule.CO_SURGEON,
                f"co-surgeons not permitted (indicator {row.co_surg})",
                Flag.NOT_PERMITTED,
            )
            return
        credit.adjust(
            Rule.CO_SURGEON,
            rules.co_surgeon_factor,
            f"co-surgeon: {rules.co_surgeon_factor * 100:g}% to each surgeon",
            "co_surgeon_factor",
        )
        if row.co_surg == "1":
            credit.flag(Flag.DOCUMENTATION_REQUIRED)
        factor *= rules.co_surgeon_factor
    if "66" in mods:
        if row.team_surg in ("0", "9"):
            _zero(
                credit,
                Rule.TEAM,
                f"team surgery not permitted (indicator {row.team_surg})",
                Flag.NOT_PERMITTED,
            )
            return
        if rules.mod66_factor is None:
            _zero(
                credit,
                Rule.TEAM,
                "team surgery is paid by report; credit it by hand",
                Flag.NEEDS_MANUAL_VALUATION,
                "mod66_factor",
            )
            return
        credit.adjust(
            Rule.TEAM, rules.mod66_factor, "team surgery: the plan's team factor", "mod66_factor"
        )
        credit.flag(Flag.BY_REPORT)
        factor *= rules.mod66_factor
    if "22" in mods:
        credit.adjust(
            Rule.INCREASED_SERVICE,
            rules.mod22_factor,
            f"-22 increased procedural service: factor {rules.mod22_factor}",
            "mod22_factor",
        )
        factor *= rules.mod22_factor
    if "52" in mods:
        credit.adjust(
            Rule.REDUCED_SERVICE,
            rules.mod52_factor,
            f"-52 reduced service: factor {rules.mod52_factor}",
            "mod52_factor",
        )
        factor *= rules.mod52_factor
    credit._line_factor *= factor


BILATERAL = {"0": ONE, "1": Decimal("1.5"), "2": ONE, "3": Decimal(2)}


def _indicator_one(credit: LineCredit, rules: CreditRules) -> tuple[Decimal, str]:
    """The factor and reason for a bilateral procedure of indicator 1 under the bilateral rule."""
    if rules.bilateral_rule == BilateralRule.PERCENT_200:
        return Decimal(2), "bilateral indicator 1: credited at 200% (bilateral_rule)"
    if rules.bilateral_rule == BilateralRule.PER_SIDE:
        credit._per_side = True
        return Decimal(2), (
            "bilateral indicator 1: each side a procedure at 100%, both sides ranked "
            "(bilateral_rule)"
        )
    return Decimal("1.5"), "bilateral indicator 1: -50 pays 150%"


def _finish(credit: LineCredit, setting: Setting) -> None:
    row = credit.row
    assert row is not None
    credit.credited_wrvu = credit.base_wrvu * credit._line_factor
    total = row.facility_total if setting == Setting.FACILITY else row.nonfacility_total
    credit._rank_key = total * credit.units * credit._line_factor


def _merge_rt_lt(credits: list[LineCredit], rules: CreditRules) -> None:
    """A same-code RT line and LT line on a bilateral code count once, as -50 (section 1.4.5).

    Under the per-side bilateral rule an indicator-1 pair stays two procedures, each ranked.
    """
    for right in credits:
        if "RT" not in right.modifiers or "LT" in right.modifiers or right.row is None:
            continue
        if right.row.bilat_surg not in ("1", "2", "3") or "50" in right.modifiers:
            continue
        left = next(
            (
                c
                for c in credits
                if c is not right
                and c.code == right.code
                and "LT" in c.modifiers
                and "RT" not in c.modifiers
                and c.row_modifier == right.row_modifier
                and Flag.MERGED_BILATERAL not in c.flags
            ),
            None,
        )
        if left is None:
            continue
        switch = None
        if right.row.bilat_surg == "1":
            switch = "bilateral_rule"
            if rules.bilateral_rule == BilateralRule.PER_SIDE:
                for side in (right, left):
                    side.adjust(
                        Rule.BILATERAL,
                        ONE,
                        f"RT and LT lines of {side.code}: each side a procedure at 100%, "
                        "both ranked",
                        switch,
                    )
                continue
        bilateral = BILATERAL[right.row.bilat_surg]
        if switch and rules.bilateral_rule == BilateralRule.PERCENT_200:
            bilateral = Decimal(2)
        right.adjust(
            Rule.BILATERAL,
            bilateral,
            f"RT and LT lines of {right.code} counted as one "
            f"bilateral procedure (-50, indicator {right.row.bilat_surg}) at {_pct(bilateral)}",
            switch,
        )
        right._line_factor *= bilateral
        right.credited_wrvu *= bilateral
        right._rank_key *= bilateral
        _zero(
            left,
            Rule.BILATERAL,
            f"counted with line {right.index + 1} as one bilateral procedure",
            Flag.MERGED_BILATERAL,
        )
        left._eligible = False


def _status_t(credits: list[LineCredit]) -> None:
    others_payable = [
        c
        for c in credits
        if c.row is not None and c.row.status in PAYABLE_STATUSES and c.credited_wrvu > 0
    ]
    for credit in credits:
        if (
            credit.row is not None
            and credit.row.status == "T"
            and credit._eligible
            and others_payable
        ):
            _zero(
                credit,
                Rule.STATUS,
                "status T: paid only when no other fee-schedule service is billed the same day",
                Flag.BUNDLED,
            )
            credit._eligible = False


def _ranked(credit: LineCredit) -> bool:
    return (
        credit._eligible
        and credit.row is not None
        and credit.row.mult_proc in ("1", "2", "3")
        and credit.credited_wrvu > 0
    )


def _setting_totals(own: FeeRow, base: FeeRow, setting: Setting) -> tuple[Decimal, Decimal]:
    if setting == Setting.FACILITY:
        return own.facility_total, base.facility_total
    return own.nonfacility_total, base.nonfacility_total


def _endoscopy_families(
    credits: list[LineCredit],
    rows: Mapping[tuple[str, str], FeeRow],
    notes: list[str],
    setting: Setting,
) -> list[list[LineCredit]]:
    """Apply the same-family endoscopy rule; return the units that enter ranking."""
    families: dict[str, list[LineCredit]] = {}
    for credit in credits:
        if _ranked(credit) and credit.row and credit.row.mult_proc == "3" and credit.row.endo_base:
            families.setdefault(credit.row.endo_base, []).append(credit)
    in_family: set[int] = set()
    units: list[list[LineCredit]] = []
    for base_code, members in families.items():
        bases = [c for c in credits if c.code == base_code and _ranked(c)]
        if len(members) + len(bases) < 2:
            continue
        for base in bases:
            _zero(
                base,
                Rule.ENDOSCOPY_BASE,
                f"{base_code} is the base of an endoscopy billed with it "
                "and is not credited separately",
                Flag.BUNDLED,
                "endoscopy_family_rule",
            )
            base._eligible = False
            in_family.add(base.index)
        members.sort(key=lambda c: (-c._rank_key, -c.base_wrvu, c.index))
        for position, member in enumerate(members):
            in_family.add(member.index)
            if position == 0:
                member.adjust(
                    Rule.ENDOSCOPY_FAMILY,
                    ONE,
                    f"highest-valued endoscopy of the {base_code} family: full value",
                    "endoscopy_family_rule",
                )
                continue
            base_row = rows.get((base_code, member.row_modifier)) or rows.get((base_code, ""))
            assert member.row is not None
            base_work = base_row.work_rvu if base_row else ZERO
            own = member.row.work_rvu
            scale = member.units * member._line_factor
            member.credited_wrvu = max(own - base_work, ZERO) * scale
            if base_row is not None:
                own_total, base_total = _setting_totals(member.row, base_row, setting)
                member._rank_key = max(own_total - base_total, ZERO) * scale
            member.adjust(
                Rule.ENDOSCOPY_FAMILY,
                (max(own - base_work, ZERO) / own).quantize(Decimal("0.0001")) if own else ZERO,
                f"same-family endoscopy: its value minus the base {base_code} "
                f"({own} - {base_work})",
                "endoscopy_family_rule",
            )
        units.append(members)
        notes.append(f"Endoscopy family {base_code}: {len(members)} procedure(s) ranked as one.")
    for credit in credits:
        if _ranked(credit) and credit.index not in in_family:
            units.append([credit])
    return units


def _rank(units: list[list[LineCredit]], rules: CreditRules) -> None:
    """Multiple-procedure rule: the schedule's factors by rank (CMS: 100%, 50% for the 2nd to
    5th), by report from the 6th. A per-side bilateral procedure enters as two procedures."""
    slots: list[tuple[list[LineCredit], Decimal]] = []
    for unit in units:
        if len(unit) == 1 and unit[0]._per_side:
            slots += [(unit, HALF), (unit, HALF)]
        else:
            slots.append((unit, ONE))
    if len(slots) < 2:
        return

    def key(slot: tuple[list[LineCredit], Decimal]) -> tuple[Decimal, Decimal, int]:
        unit, share = slot
        if rules.rank_basis == RankBasis.WORK:
            fee = sum((c.credited_wrvu for c in unit), ZERO)
        else:
            fee = sum((_basis_total(c, rules.rank_basis) for c in unit), ZERO)
        work = sum((c.credited_wrvu for c in unit), ZERO)
        return (-fee * share, -work * share, min(c.index for c in unit))

    placed: dict[int, list[tuple[int, Decimal, Decimal]]] = {}
    lines: dict[int, LineCredit] = {}
    for rank, (unit, share) in enumerate(sorted(slots, key=key), start=1):
        factor = _rank_factor(rank, rules)
        for credit in unit:
            lines[credit.index] = credit
            placed.setdefault(credit.index, []).append((rank, share, factor))
    for index, ranks in placed.items():
        credit = lines[index]
        credit.rank = ranks[0][0]
        if any(rank >= 6 for rank, _s, _f in ranks):
            credit.flag(Flag.BY_REPORT)
        if any(rank >= 6 for rank, _s, _f in ranks) and rules.sixth_plus_factor is None:
            credit.adjust(
                Rule.MULTIPLE_PROCEDURE,
                ZERO,
                f"ranked {_ordinal(ranks[-1][0])}: the 6th and "
                "later procedures are paid by report; credit by hand",
                "sixth_plus_factor",
            )
            credit.flag(Flag.NEEDS_MANUAL_VALUATION)
            credit.credited_wrvu = ZERO
            continue
        factor = sum((share * f for _r, share, f in ranks), ZERO)
        switch = "sixth_plus_factor" if ranks[-1][0] >= 6 else "mppr_schedule"
        if len(ranks) == 1:
            rank = ranks[0][0]
            how = "by report, credited at" if rank >= 6 else "by fee:"
            reason = f"ranked {_ordinal(rank)} {how} {_pct(factor)}"
        else:
            reason = (
                "sides ranked "
                + " and ".join(f"{_ordinal(r)} ({_pct(f)})" for r, _s, f in ranks)
                + f": {_pct(factor)} of the two sides' value"
            )
        credit.adjust(Rule.MULTIPLE_PROCEDURE, factor, reason, switch)
        credit.credited_wrvu *= factor


def _pct(factor: Decimal) -> str:
    return f"{format((factor * 100).normalize(), 'f')}%"


def _rank_factor(rank: int, rules: CreditRules) -> Decimal:
    """The schedule's factor for a rank (past its end the last repeats up to the 5th)."""
    if rank >= 6 and rank > len(rules.mppr_schedule):
        return rules.sixth_plus_factor if rules.sixth_plus_factor is not None else ZERO
    return rules.mppr_schedule[min(rank, len(rules.mppr_schedule)) - 1]


def _basis_total(credit: LineCredit, basis: RankBasis) -> Decimal:
    row = credit.row
    assert row is not None
    if basis == RankBasis.TOTAL_FACILITY:
        return row.facility_total * credit.units * credit._line_factor
    if basis == RankBasis.TOTAL_NONFACILITY:
        return row.nonfacility_total * credit.units * credit._line_factor
    return credit._rank_key


def _imaging_pc(credits: list[LineCredit]) -> None:
    """5% off the professional component of the 2nd and later imaging studies (MULT PROC 4)."""
    imaging = [
        c
        for c in credits
        if c._eligible
        and c.row is not None
        and c.row.mult_proc == "4"
        and c.credited_wrvu > 0
        and c.row_modifier != "TC"
    ]
    if len(imaging) < 2:
        return
    imaging.sort(key=lambda c: (-c._rank_key, -c.credited_wrvu, c.index))
    for credit in imaging[1:]:
        credit.adjust(
            Rule.IMAGING_PC_REDUCTION,
            Decimal("0.95"),
            "2nd or later imaging study the same session: professional component paid at 95%",
            "imaging_pc_reduction",
        )
        credit.credited_wrvu *= Decimal("0.95")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
