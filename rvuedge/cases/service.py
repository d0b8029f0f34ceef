"""The case log's services, as other features and the command line call them. Each job has its
own module (entry, create, pricing, present, crud, global_periods, revalue); the case log is
read through cases/queries. Services take the session first, flush, and never commit."""

from rvuedge.cases.create import create_case, log_case
from rvuedge.cases.crud import delete_case, get_case, list_cases, update_case
from rvuedge.cases.entry import credit_values, parse_text, preview
from rvuedge.cases.global_periods import global_periods
from rvuedge.cases.present import case_out, case_outs
from rvuedge.cases.revalue import revalue, revalue_batches, revalue_cases

__all__ = [
    "case_out",
    "case_outs",
    "create_case",
    "credit_values",
    "delete_case",
    "get_case",
    "global_periods",
    "list_cases",
    "log_case",
    "parse_text",
    "preview",
    "revalue",
    "revalue_batches",
    "revalue_cases",
    "update_case",
]
