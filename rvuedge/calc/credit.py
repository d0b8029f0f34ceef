"""The credit engine: work RVU credit for the lines of one case (wrvu-rules.md section 2). Pure.

Pipeline per line: normalize modifiers, pick the row, status gate, base = work x units, line
factors (split care, bilateral, surgeon role, -22/-52), then across the case: endoscopy families,
multiple-procedure ranking, the imaging professional-component reduction. Values stay exact
Decimals through every step; the last step credits each line in hundredths of a wRVU (half up),
and the case is the sum of its lines. So a case, a day, a month, a code or a year adds the same
figures a physician sees on the lines, however they are grouped (the exact value is kept for
the explanation).
"""

from collections.abc import Mapping

from rvuedge.calc.credit_lines import credit_line, normalize
from rvuedge.calc.credit_ranking import (
    endoscopy_families,
    imaging_pc,
    merge_rt_lt,
    rank_units,
    ranked,
    status_t,
)
from rvuedge.calc.credit_settings import CreditRules
from rvuedge.calc.credit_types import (
    ZERO,
    Adjustment,
    CaseCredit,
    FeeRow,
    Flag,
    LineCredit,
    LineInput,
    Rule,
    Setting,
    round_wrvu,
)

__all__ = [
    "Adjustment",
    "CaseCredit",
    "FeeRow",
    "Flag",
    "LineCredit",
    "LineInput",
    "Rule",
    "Setting",
    "credit_case",
    "round_wrvu",
]


def credit_case(
    lines: list[LineInput],
    rows: Mapping[tuple[str, str], FeeRow],
    *,
    setting: Setting,
    rules: CreditRules,
) -> CaseCredit:
    """Credit the lines of one case (one patient, one date and session) from one release."""
    notes: list[str] = []
    normalized = normalize(lines)
    credits = [credit_line(i, line, rows, setting, rules) for i, line in enumerate(normalized)]
    merge_rt_lt(credits, rules)
    status_t(credits)
    if rules.endoscopy_family_rule:
        units = endoscopy_families(credits, rows, notes, setting)
    else:
        units = [[c] for c in credits if ranked(c)]
    if rules.apply_mppr:
        rank_units(units, rules)
    if rules.imaging_pc_reduction:
        imaging_pc(credits)
    for c in credits:
        c.exact_wrvu = c.credited_wrvu
        c.credited_wrvu = round_wrvu(c.credited_wrvu)
    return CaseCredit(
        lines=credits,
        total_wrvu=sum((c.credited_wrvu for c in credits), ZERO),
        notes=notes,
        total_exact=sum((c.exact_wrvu for c in credits), ZERO),
    )
