"""The credit engine, line by line: normalize the modifiers, pick the row, the status gate, the
base (work x units), then the line's own factors (split care, bilateral, surgeon role, -22/-52).
Pure."""

from collections.abc import Mapping
from decimal import Decimal

from rvuedge.calc.credit_settings import BilateralRule, CreditRules
from rvuedge.calc.credit_types import (
    BILATERAL,
    CREDITED_STATUSES,
    INVALID_STATUSES,
    ONE,
    SHOWN_BUT_NOT_PAID,
    ZERO,
    FeeRow,
    Flag,
    LineCredit,
    LineInput,
    Rule,
    Setting,
    finish,
    zero_line,
)
from rvuedge.calc.modifiers import ASSISTANT, row_modifier


def normalize(lines: list[LineInput]) -> list[LineInput]:
    out = []
    for line in lines:
        mods = tuple(dict.fromkeys(m.strip().upper() for m in line.modifiers if m.strip()))
        if "RT" in mods and "LT" in mods and "50" not in mods:
            mods = (*mods, "50")
        out.append(LineInput(line.code.strip().upper(), mods, line.units))
    return out


def credit_line(
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
                zero_line(
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
                finish(credit, setting)
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
        zero_line(
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
    finish(credit, setting)
    return credit


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
        zero_line(
            credit,
            Rule.STATUS,
            f"status {status}: not paid by Medicare (credit_non_payable_rvus off)",
            Flag.NOT_MEDICARE_PAYABLE,
            "credit_non_payable_rvus",
        )
        return False
    if status == "C":
        zero_line(
            credit,
            Rule.STATUS,
            "status C: carrier priced, no national RVU; credit it by hand",
            Flag.NEEDS_MANUAL_VALUATION,
        )
    elif status == "J":
        zero_line(
            credit,
            Rule.STATUS,
            "status J: anesthesia is measured in base and time units, not work RVUs",
            Flag.ANESTHESIA,
        )
    elif status in INVALID_STATUSES:
        zero_line(
            credit,
            Rule.STATUS,
            f"status {status}: not a valid code for this date",
            Flag.NOT_PERMITTED,
        )
    elif status == "B":
        zero_line(
            credit, Rule.STATUS, "status B: always bundled into another service", Flag.BUNDLED
        )
    else:
        zero_line(
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
            zero_line(
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
            zero_line(
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
            zero_line(
                credit,
                Rule.TEAM,
                f"team surgery not permitted (indicator {row.team_surg})",
                Flag.NOT_PERMITTED,
            )
            return
        if rules.mod66_factor is None:
            zero_line(
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
