"""Provisional cases: valued with a stand-in release because the one in force on their date of
service was not imported yet (a new year before its January file, a quarter before its release).

Logging never stops for a missing release. When an import brings a release that would value a
provisional case better (above all the one in force on its date), the case is revalued in the
same transaction as the import; cases valued with the release in force are never touched.
Services take the session first and never commit.
"""

from datetime import datetime

from sqlmodel import Session

from rvuedge.calc.releases import release_for_date
from rvuedge.cases import queries
from rvuedge.cases.schemas import RevalueOut
from rvuedge.catalog import service as catalog_service


def settle_provisional(session: Session, *, now: datetime) -> RevalueOut:
    """Revalue every provisional case for which the imported releases now offer a better one."""
    imported = [r.name for r in catalog_service.list_releases(session)]
    movable = []
    for case in queries.provisional_cases(session):
        choice = release_for_date(imported, case.date_of_service)
        if choice is not None and choice.name != case.release:
            movable.append(case)
    if not movable:
        return RevalueOut(examined=0, changed=[], skipped=[])
    # The valuation modules, imported here: most imports (every `rvuedge import-rvu`) find no
    # provisional case, and importing them cost a third of the command's start-up.
    from rvuedge.cases.revalue import revalue_cases

    return revalue_cases(session, movable, now=now)
