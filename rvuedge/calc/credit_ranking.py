"""The credit engine across the lines of a case: RT and LT lines as one bilateral procedure,
status T, endoscopy families, the multiple-procedure ranking and the imaging professional-
component reduction. Pure."""

from collections.abc import Mapping
from decimal import Decimal

from rvuedge.calc.credit_settings import BilateralRule, CreditRules, RankBasis
from rvuedge.calc.credit_types import (
    BILATERAL,
    HALF,
    ONE,
    PAYABLE_STATUSES,
    ZERO,
    FeeRow,
    Flag,
    LineCredit,
    Rule,
    Setting,
    ordinal,
    pct,
    zero_line,
)


def merge_rt_lt(credits: list[LineCredit], rules: CreditRules) -> None:
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
            f"bilateral procedure (-50, indicator {right.row.bilat_surg}) at {pct(bilateral)}",
            switch,
        )
        right._line_factor *= bilateral
        right.credited_wrvu *= bilateral
        right._rank_key *= bilateral
        zero_line(
            left,
            Rule.BILATERAL,
            f"counted with line {right.index + 1} as one bilateral procedure",
            Flag.MERGED_BILATERAL,
        )
        left._eligible = False


def status_t(credits: list[LineCredit]) -> None:
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
            zero_line(
                credit,
                Rule.STATUS,
                "status T: paid only when no other fee-schedule service is billed the same day",
                Flag.BUNDLED,
            )
            credit._eligible = False


def ranked(credit: LineCredit) -> bool:
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


def endoscopy_families(
    credits: list[LineCredit],
    rows: Mapping[tuple[str, str], FeeRow],
    notes: list[str],
    setting: Setting,
) -> list[list[LineCredit]]:
    """Apply the same-family endoscopy rule; return the units that enter ranking."""
    families: dict[str, list[LineCredit]] = {}
    for credit in credits:
        if ranked(credit) and credit.row and credit.row.mult_proc == "3" and credit.row.endo_base:
            families.setdefault(credit.row.endo_base, []).append(credit)
    in_family: set[int] = set()
    units: list[list[LineCredit]] = []
    for base_code, members in families.items():
        bases = [c for c in credits if c.code == base_code and ranked(c)]
        if len(members) + len(bases) < 2:
            continue
        for base in bases:
            zero_line(
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
        if ranked(credit) and credit.index not in in_family:
            units.append([credit])
    return units


def rank_units(units: list[list[LineCredit]], rules: CreditRules) -> None:
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
                f"ranked {ordinal(ranks[-1][0])}: the 6th and "
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
            reason = f"ranked {ordinal(rank)} {how} {pct(factor)}"
        else:
            reason = (
                "sides ranked "
                + " and ".join(f"{ordinal(r)} ({pct(f)})" for r, _s, f in ranks)
                + f": {pct(factor)} of the two sides' value"
            )
        credit.adjust(Rule.MULTIPLE_PROCEDURE, factor, reason, switch)
        credit.credited_wrvu *= factor


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


def imaging_pc(credits: list[LineCredit]) -> None:
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
