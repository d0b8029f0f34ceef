"""Why the employer's credit differs from rvuedge's, read from rvuedge's own explanation. Pure."""

from collections.abc import Mapping
from decimal import Decimal

from rvuedge.calc.reconcile.lines import (
    TOLERANCE,
    ZERO,
    EmployerLine,
    LoggedLine,
    Reason,
    credit_modifiers,
)

RULE_REASONS = {
    "multiple_procedure": (
        "mppr_not_applied",
        "the employer did not reduce this line for multiple procedures (rvuedge: {why})",
    ),
    "endoscopy_family": (
        "endoscopy_rule_not_applied",
        "the employer did not apply the endoscopy family rule (rvuedge: {why})",
    ),
    "assistant": (
        "assistant_credited_in_full",
        "the employer credited the assistant line in full (rvuedge: {why})",
    ),
    "bilateral": ("bilateral_not_applied", "the employer did not apply -50 (rvuedge: {why})"),
    "increased_service": (
        "modifier_22_not_applied",
        "the employer did not apply -22 (rvuedge: {why})",
    ),
    "co_surgeon": ("co_surgeon_not_applied", "the employer did not apply -62 (rvuedge: {why})"),
    "reduced_service": (
        "modifier_52_not_applied",
        "the employer did not apply -52 (rvuedge: {why})",
    ),
    "global_component": (
        "split_care_not_applied",
        "the employer did not split the global period (rvuedge: {why})",
    ),
    "imaging_pc_reduction": (
        "imaging_reduction_not_applied",
        "the employer did not apply the imaging reduction (rvuedge: {why})",
    ),
}


def _close(value: Decimal, target: Decimal) -> bool:
    return abs(value - target) <= TOLERANCE


def explain(
    e: EmployerLine, line: LoggedLine, other_releases: Mapping[str, list[tuple[str, Decimal]]]
) -> Reason:
    """The likely reason the employer's credit differs from rvuedge's for this pair."""
    assert e.wrvu is not None
    diff = e.wrvu - line.credited_wrvu
    theirs, ours = credit_modifiers(e.modifiers), credit_modifiers(line.modifiers)
    if theirs != ours:
        dropped = ", ".join(f"-{m}" for m in sorted(ours - theirs))
        added = ", ".join(f"-{m}" for m in sorted(theirs - ours))
        parts = []
        if dropped:
            parts.append(f"the employer's line lacks {dropped}, which the logged line carries")
        if added:
            parts.append(f"the employer's line carries {added}, which the logged line does not")
        return Reason("modifier_differs", "; ".join(parts))
    if e.units != line.units:
        return Reason(
            "units_differ",
            f"the employer counted {e.units} unit(s), the log {line.units}",
        )
    reduced = [a for a in line.adjustments if a.factor not in (Decimal(1), ZERO)]
    for adj in reduced:
        if _close(e.wrvu, line.exact() / adj.factor) and adj.rule in RULE_REASONS:
            code, text = RULE_REASONS[adj.rule]
            return Reason(code, text.format(why=adj.reason))
    ranks = [a for a in line.adjustments if a.rule == "multiple_procedure"]
    if ranks:
        factor = ranks[0].factor
        for other in (Decimal(1), Decimal("0.5"), Decimal("0.25")):
            if other != factor and factor and _close(e.wrvu, line.exact() / factor * other):
                return Reason(
                    "mppr_ranked_differently",
                    f"the employer ranked the procedures differently ({other * 100:g}% for this "
                    f"line; rvuedge: {ranks[0].reason})",
                )
    if reduced and _close(e.wrvu, line.base_wrvu):
        return Reason(
            "full_credit",
            "the employer credited 100% of the work RVU, without rvuedge's reductions ("
            + "; ".join(a.reason for a in reduced)
            + ")",
        )
    per_unit = line.base_wrvu / line.units if line.units else ZERO
    for release, work in other_releases.get(line.code, []):
        if not per_unit or release == line.release:
            continue
        if _close(e.wrvu, line.exact() * work / per_unit) or _close(e.wrvu, work * e.units):
            return Reason(
                "other_release",
                f"the employer used the values of release {release} ({work} work RVU per unit); "
                f"rvuedge used {line.release} ({per_unit.normalize():f})",
            )
    explanation = "; ".join(a.reason for a in line.adjustments) or "no adjustment"
    return Reason(
        "unexplained",
        f"the employer's credit differs by {diff:+.2f} wRVU; rvuedge's explanation: {explanation}",
    )
