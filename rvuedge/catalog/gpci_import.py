"""Load a parsed CMS GPCI file (one year's localities) into the database. Nothing here commits."""

from collections.abc import Sequence

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from rvuedge.catalog.gpci_file import GpciFile
from rvuedge.catalog.guards import gpci_refusals
from rvuedge.catalog.import_result import ImportResult, _refuse_unless_forced
from rvuedge.catalog.models import GpciLocality


def import_gpci_file(session: Session, parsed: GpciFile, *, force: bool = False) -> ImportResult:
    """Replace the localities of the file's year (idempotent).

    The file must cover every locality stored for its year, or else for the latest year before
    it, unless `force`."""
    existing = session.exec(select(GpciLocality).where(GpciLocality.year == parsed.year)).all()
    current = {
        (
            g.mac,
            g.locality_number,
            g.state,
            g.name,
            g.work_gpci,
            g.work_gpci_unfloored,
            g.pe_gpci,
            g.mp_gpci,
        )
        for g in existing
    }
    incoming = {
        (
            r.mac,
            r.locality_number,
            r.state,
            r.name,
            r.work_gpci,
            r.work_gpci_unfloored,
            r.pe_gpci,
            r.mp_gpci,
        )
        for r in parsed.rows
    }
    if current == incoming:
        return ImportResult(str(parsed.year), "unchanged", len(existing))
    overridden = _refuse_unless_forced(_gpci_refusals(session, parsed, existing), force)
    session.execute(delete(GpciLocality).where(col(GpciLocality.year) == parsed.year))
    for r in parsed.rows:
        session.add(
            GpciLocality(year=parsed.year, source_filename=parsed.source_filename, **r.__dict__)
        )
    session.flush()
    return ImportResult(
        str(parsed.year), "replaced" if existing else "created", len(parsed.rows), overridden
    )


def _gpci_refusals(
    session: Session, parsed: GpciFile, existing: Sequence[GpciLocality]
) -> list[str]:
    stored_year = (
        parsed.year
        if existing
        else session.exec(
            select(func.max(GpciLocality.year)).where(GpciLocality.year < parsed.year)
        ).one()
    )
    if not existing and stored_year is not None:
        existing = list(session.exec(select(GpciLocality).where(GpciLocality.year == stored_year)))
    return gpci_refusals(
        year=parsed.year,
        incoming={f"{r.mac}-{r.locality_number}" for r in parsed.rows},
        stored_year=stored_year,
        stored={f"{g.mac}-{g.locality_number}" for g in existing},
    )
