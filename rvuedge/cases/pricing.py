"""Pricing a case: where it is priced (its setting and where that came from, its locality) and
its credit with the estimated payment, written onto the case and its lines.

Services take the session first, flush, and never commit."""

import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete
from sqlmodel import Session, col

from rvuedge.calc import global_period as gp
from rvuedge.calc.conversion import dollar_cf
from rvuedge.calc.credit import Setting
from rvuedge.cases import valuation as v
from rvuedge.cases.models import Case, CaseLine
from rvuedge.cases.rollup import refresh_days
from rvuedge.cases.rows import CaseRow, LineRow
from rvuedge.cases.schemas import PreviewIn, SettingSource
from rvuedge.catalog import service as catalog_service
from rvuedge.catalog.models import GpciLocality
from rvuedge.crediting.service import settings_on
from rvuedge.failures import InvalidInput, NotFound
from rvuedge.sites import service as site_service
from rvuedge.sites.models import Site, name_key
from rvuedge.stamps import catalog_cache, settings_cache
from rvuedge.users.models import User

WRITTEN_LINES = "rvuedge_written_lines"  # session.info key: case id -> the lines just stored


@dataclass(frozen=True)
class Place:
    """Where a case is priced: its setting (and where that came from) and its locality."""

    setting: Setting
    source: SettingSource
    locality: str | None


def place_for(
    session: Session,
    *,
    user: User,
    site: str | None,
    setting: Setting | None,
    locality: str | None,
    field: str = "body",
) -> Place:
    """The case's own setting and locality first, then its saved site's, then the profile's."""
    if locality is not None and not catalog_cache.get(
        session, ("locality exists", locality), lambda: _locality_exists(session, locality)
    ):
        site_service.check_locality(session, locality, loc=[field, "locality"])  # the 422
    saved = saved_site(session, user=user, name=site)
    if setting is not None:
        chosen, source = setting, SettingSource.CASE
    elif saved is not None:
        chosen, source = Setting(saved.setting), SettingSource.SITE
    else:
        chosen, source = Setting(user.default_setting), SettingSource.PROFILE
    return Place(chosen, source, locality or (saved.locality if saved else None) or user.locality)


def _locality_exists(session: Session, key: str) -> bool:
    try:
        site_service.check_locality(session, key, loc=[])
    except InvalidInput:
        return False
    return True


def saved_site(session: Session, *, user: User, name: str | None) -> Site | None:
    """The saved site a case names (site_service.find_by_name), from the user's sites kept per
    process and settings stamp (rvuedge/stamps.py): no read for a user seen before."""
    if not name or not name.strip():
        return None
    sites = settings_cache.get(
        session,
        ("sites", user.id),
        lambda: {
            s.name_key: Site(**s.model_dump()) for s in site_service.list_sites(session, user=user)
        },
    )
    return sites.get(name_key(name))


def price_new(session: Session, *, user: User, data: PreviewIn) -> tuple[Place, v.Valuation]:
    """Where a case not stored yet is priced, and its lines valued there under the crediting
    settings in force on its date."""
    place = place_for(
        session, user=user, site=data.site, setting=data.setting, locality=data.locality
    )
    valuation = v.value_lines(
        session,
        lines=data.lines,
        date_of_service=data.date_of_service,
        setting=place.setting,
        credit_settings=settings_on(session, user=user, on=data.date_of_service),
    )
    return place, valuation


def stored_place(
    session: Session, *, user: User, case: Case, sites: dict[str, Site] | None = None
) -> Place:
    """A stored case's setting as stored, and its locality: its own, its site's, the profile's."""
    if sites is None:
        saved = saved_site(session, user=user, name=case.site)
    else:
        saved = sites.get(name_key(case.site)) if case.site else None
    locality = case.locality or (saved.locality if saved else None) or user.locality
    return Place(Setting(case.setting), SettingSource(case.setting_source or "case"), locality)


def _gpcis(session: Session, locality: str | None, year: int) -> GpciLocality | None:
    if not locality:
        return None

    def read() -> GpciLocality | None:
        try:
            found = catalog_service.get_locality(session, key=locality, year=year)
        except NotFound:
            return None
        return GpciLocality(**found.model_dump())  # a copy the process keeps

    return catalog_cache.get(session, ("gpci", locality, year), read)


def store_credit(
    session: Session,
    case: Case,
    valuation: v.Valuation,
    *,
    locality: str | None,
    new: bool = False,
) -> None:
    """Copy the credit and the CMS numbers it came from onto a stored case and its lines, and
    recompute its day's rollup. (A new case is written by cases/create.py.)"""
    lines = credit_case(session, case, valuation, locality=locality)
    session.add(case)
    session.flush()
    if not new:  # a new case has no lines to replace
        session.execute(delete(CaseLine).where(col(CaseLine.case_id) == case.id))
    write_lines(session, case, lines)
    refresh_days(session, case.user_id, [case.date_of_service])


def write_lines(session: Session, case: Case | CaseRow, lines: list[LineRow]) -> None:
    """The lines in one executemany instead of the ORM's per-object flush; the answer is built
    from these rows (see present.case_out) rather than read back."""
    session.execute(
        CaseLine.__table__.insert(),  # type: ignore[attr-defined]  # Core, not the ORM's bulk path
        [line.values() for line in lines],
    )
    written: dict[uuid.UUID, list[LineRow]] = session.info.setdefault(WRITTEN_LINES, {})
    written[case.id] = lines


def credit_case(
    session: Session, case: Case | CaseRow, valuation: v.Valuation, *, locality: str | None
) -> list[LineRow]:
    """Set the credit on the case (a stored one or a new row) and return its lines' rows (not
    stored).

    The estimated payment is the line's total RVUs times its credit share times the release's CF
    (from 2026 the one the profile's conversion_factor_choice names: non-qualifying or qualifying
    APM participants), with the GPCIs of the physician's locality (for the release's year) when
    the profile has one.
    """
    result = valuation.result
    gpci = _gpcis(session, locality, valuation.release.year)
    case.payment_locality = gpci.key if gpci else None
    case.release = valuation.release.name
    case.release_note = valuation.release_note
    case.provisional = valuation.provisional
    case.credit_profile = valuation.profile
    case.total_wrvu = result.total_wrvu
    case.base_wrvu = sum((c.base_wrvu for c in result.lines), Decimal(0))
    case.notes = result.notes
    owner = session.get(User, case.user_id)  # the signed-in user: in the session already
    release = valuation.release
    cf = dollar_cf(
        release.year,
        release.conversion_factor,
        owner.conversion_factor_choice if owner else "non_apm",
    )
    lines: list[LineRow] = []
    for credit in result.lines:
        row = credit.row
        total = Decimal(0)
        priced = total
        if row is not None:
            facility = valuation.setting == Setting.FACILITY
            per_unit = row.facility_total if facility else row.nonfacility_total
            total = per_unit * credit.units
            priced = total
            stored = valuation.rows.get((credit.code, credit.row_modifier))
            if gpci is not None and stored is not None:
                pe = stored.facility_pe_rvu if facility else stored.nonfacility_pe_rvu
                priced = credit.units * (
                    stored.work_rvu * gpci.work_gpci
                    + pe * gpci.pe_gpci
                    + stored.mp_rvu * gpci.mp_gpci
                )
        # The exact share (50% for a second procedure), not the rounded credit's.
        share = credit.exact_wrvu / credit.base_wrvu if credit.base_wrvu else Decimal(0)
        window = gp.line_window(
            row.global_days if row else None, case.date_of_service, credit.modifiers
        )
        lines.append(
            LineRow(
                case_id=case.id,
                position=credit.index + 1,
                code=credit.code,
                modifiers=list(credit.modifiers),
                units=credit.units,
                release=credit.release,
                provisional=valuation.provisional,
                row_modifier=credit.row_modifier,
                work_rvu=row.work_rvu if row else Decimal(0),
                total_rvu=total,
                conversion_factor=cf,
                base_wrvu=credit.base_wrvu,
                credited_wrvu=credit.credited_wrvu,
                credited_wrvu_exact=credit.exact_wrvu,
                estimated_payment=(priced * share * cf).quantize(Decimal("0.01"), ROUND_HALF_UP),
                adjustments=[
                    {
                        "rule": a.rule,
                        "factor": str(a.factor),
                        "reason": a.reason,
                        "switch": a.switch,
                        "preset": a.preset,
                    }
                    for a in credit.adjustments
                ],
                flags=[str(f) for f in credit.flags],
                rank=credit.rank,
                global_days=row.global_days if row else None,
                global_start=window[0] if window else None,
                global_end=window[1] if window else None,
            )
        )
    return lines
