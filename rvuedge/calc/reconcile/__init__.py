"""Reconciling the employer's productivity report with the physician's log. Pure.

- lines.py: the employer's and the logged lines, and the findings;
- netting.py: reversals, voids and RT/LT lines joined into bilateral lines;
- matching.py: pairing, findings and totals by month;
- reasons.py: why a pair's credit differs.
"""

from rvuedge.calc.reconcile.lines import (
    CREDIT_MODIFIERS,
    TOLERANCE,
    TOLERANCE_TEXT,
    Adjustment,
    EmployerLine,
    LoggedLine,
    MonthTotal,
    Pair,
    Reason,
    Reconciled,
    credit_modifiers,
)
from rvuedge.calc.reconcile.matching import month_totals, reconcile, tolerance_for
from rvuedge.calc.reconcile.netting import (
    merge_employer_bilateral,
    merge_logged_bilateral,
    net_reversals,
)
from rvuedge.calc.reconcile.reasons import RULE_REASONS, explain

__all__ = [
    "CREDIT_MODIFIERS",
    "RULE_REASONS",
    "TOLERANCE",
    "TOLERANCE_TEXT",
    "Adjustment",
    "EmployerLine",
    "LoggedLine",
    "MonthTotal",
    "Pair",
    "Reason",
    "Reconciled",
    "credit_modifiers",
    "explain",
    "merge_employer_bilateral",
    "merge_logged_bilateral",
    "month_totals",
    "net_reversals",
    "reconcile",
    "tolerance_for",
]
