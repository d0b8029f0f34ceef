"""Value the lines of a case: choose the release by date of service, fetch rows, run the engine."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import Session, col, select

from rvuedge.calc import global_period as gp
from rvuedge.calc.credit import CaseCredit, FeeRow, LineCredit, LineInput, Setting, credit_case
from rvuedge.calc.credit_settings import contract_of, credit_rules
from rvuedge.calc.modifiers import KNOWN
from rvuedge.calc.releases import Contract, contract_choice, release_for_date
from rvuedge.cases.schemas import AdjustmentOut, CreditOut, LineCreditOut, LineIn
from rvuedge.catalog import service as catalog_service
from rvuedge.catalog.models import FeeScheduleRelease, FeeScheduleRow
from rvuedge.failures import InvalidInput
from rvuedge.readcache import cached
from rvuedge.stamps import catalog_cache

EARLIEST_DATE = date(2000, 1, 1)
ENGINE_FIELDS = set(FeeRow.__dataclass_fields__) - {"release"}


@dataclass
class Valuation:
    release: FeeScheduleRelease
    release_note: str | None
    provisional: bool
    setting: Setting
    profile: str
    result: CaseCredit
    rows: dict[tuple[str, str], FeeScheduleRow]


def check_date(date_of_service: date, *, today: date) -> None:
    if date_of_service > today + timedelta(days=1):
        raise InvalidInput(
            f"date_of_service {date_of_service} is more than one day in the future "
            f"(today is {today}).",
            errors=[{"loc": ["body", "date_of_service"], "msg": "more than one day in the future"}],
        )
    if date_of_service < EARLIEST_DATE:
        raise InvalidInput(
            f"date_of_service {date_of_service} is before {EARLIEST_DATE}.",
            errors=[{"loc": ["body", "date_of_service"], "msg": "before 2000-01-01"}],
        )


@dataclass(frozen=True)
class ReleaseUsed:
    release: FeeScheduleRelease
    provisional: bool  # a stand-in: the release in force on the date is not imported yet
    note: str | None


def choose_release(
    session: Session, date_of_service: date, contract: Contract | None = None
) -> ReleaseUsed:
    """The release that values a date: the contract's (a dated crediting setting's "credit with
    release X"), else the one in force, or a stand-in (provisional). Chosen once per date and
    contract within a bulk read (readcache)."""
    return cached(
        session,
        ("release used", date_of_service, contract),
        lambda: _choose_release(session, date_of_service, contract),
    )


def _choose_release(
    session: Session, date_of_service: date, contract: Contract | None
) -> ReleaseUsed:
    releases = catalog_cache.get(session, "releases", lambda: _read_releases(session))
    if contract is not None:
        if contract.release not in releases:
            raise InvalidInput(
                f"Release {contract.release}, which your crediting setting from "
                f"{contract.since} credits cases with, is not loaded. Loaded releases: "
                f"{', '.join(releases) or 'none'}.",
                errors=[{"loc": ["body", "date_of_service"], "msg": "contract release not loaded"}],
            )
        chosen = contract_choice(contract, date_of_service)
        return ReleaseUsed(releases[chosen.name], False, chosen.basis)
    choice = release_for_date(list(releases), date_of_service)
    if choice is None:
        raise InvalidInput(
            "No fee-schedule release is loaded; an operator must run `rvuedge seed load` or "
            "`rvuedge import-rvu`.",
            errors=[{"loc": ["body", "date_of_service"], "msg": "no release loaded"}],
        )
    release = releases[choice.name]
    if choice.exact:
        return ReleaseUsed(release, False, None)
    note = (
        f"Provisional: CMS release {choice.in_force}, in force on {date_of_service}, is not "
        f"loaded yet, so this case is valued with {choice.name}, {choice.basis}. When an "
        f"operator imports {choice.in_force}, rvuedge revalues this case by itself."
    )
    return ReleaseUsed(release, True, note)


def _read_releases(session: Session) -> dict[str, FeeScheduleRelease]:
    # Copies that belong to no session: the process keeps them (rvuedge/stamps.py).
    return {
        r.name: FeeScheduleRelease(**r.model_dump()) for r in catalog_service.list_releases(session)
    }


def fetch_rows(
    session: Session, release_id: int, codes: set[str]
) -> dict[tuple[str, str], FeeScheduleRow]:
    """The release's rows of these codes (and of the endoscopic bases they name).

    A release never changes once imported, so each code's rows are read once per process and
    catalog stamp (rvuedge/stamps.py): a case of codes seen before reads nothing."""
    known = catalog_cache.values(session)
    missing = {code for code in codes if ("fee rows", release_id, code) not in known}
    if missing:
        found: dict[str, list[FeeScheduleRow]] = {code: [] for code in missing}
        for r in session.exec(
            select(FeeScheduleRow).where(
                FeeScheduleRow.release_id == release_id, col(FeeScheduleRow.hcpcs).in_(missing)
            )
        ):
            found[r.hcpcs].append(FeeScheduleRow(**r.model_dump()))
        for code, code_rows in found.items():
            known["fee rows", release_id, code] = tuple(code_rows)
    rows = {(r.hcpcs, r.modifier): r for code in codes for r in known["fee rows", release_id, code]}
    bases = {r.endo_base for r in rows.values() if r.endo_base} - codes
    if bases:
        rows.update(fetch_rows(session, release_id, bases))
    return rows


def value_lines(
    session: Session,
    *,
    lines: list[LineIn],
    date_of_service: date,
    setting: Setting,
    credit_settings: dict[str, Any],
    field: str = "lines",
) -> Valuation:
    errors = []
    for i, line in enumerate(lines):
        unknown = [m for m in line.modifiers if m not in KNOWN]
        if unknown:
            errors.append(
                {
                    "loc": ["body", field, i, "modifiers"],
                    "msg": f"unknown modifier(s) {', '.join(unknown)}",
                }
            )
    contract = contract_of(credit_settings)
    used = choose_release(
        session, date_of_service, Contract(*contract) if contract is not None else None
    )
    release = used.release
    assert release.id is not None
    rows = fetch_rows(session, release.id, {line.code for line in lines})
    present = {code for code, _ in rows}
    for i, line in enumerate(lines):
        if line.code in present:
            continue
        elsewhere = session.exec(
            select(FeeScheduleRelease.name)
            .join(FeeScheduleRow, FeeScheduleRow.release_id == FeeScheduleRelease.id)  # type: ignore[arg-type]
            .where(FeeScheduleRow.hcpcs == line.code)
        ).first()
        if elsewhere:
            hint = " (import the full file)" if not release.is_complete else ""
            why = (
                "which your crediting setting (contract year) credits cases with"
                if contract is not None
                else f"in force on {date_of_service}"
            )
            errors.append(
                {
                    "loc": ["body", field, i, "code"],
                    "msg": f"{line.code} is not in release {release.name}, {why}{hint}",
                }
            )
        else:
            errors.append(
                {
                    "loc": ["body", field, i, "code"],
                    "msg": f"unknown code {line.code}",
                    "near_codes": catalog_service.near_codes(session, line.code),
                    "suggestions": catalog_service.suggestions(
                        session, line.code, today=date_of_service
                    ),
                }
            )
    if errors:
        raise InvalidInput(
            "; ".join(f"{field}[{e['loc'][2]}].{e['loc'][3]}: {e['msg']}" for e in errors),
            errors=errors,
        )
    inputs = [LineInput(line.code, tuple(line.modifiers), line.units) for line in lines]

    def run_engine() -> tuple[str, CaseCredit]:
        engine_rows = {
            key: FeeRow(release=release.name, **row.model_dump(include=ENGINE_FIELDS))
            for key, row in rows.items()
        }
        profile, rules = credit_rules(credit_settings)
        return profile, credit_case(inputs, engine_rows, setting=setting, rules=rules)

    # The engine is pure: the same lines under the same release, rules and setting get the same
    # credit, so a bulk read (an import's thousands of rows) runs it once per distinct case.
    settings_key = tuple(sorted((k, repr(x)) for k, x in credit_settings.items()))
    profile, result = cached(
        session, ("credit", release.id, setting, settings_key, tuple(inputs)), run_engine
    )
    return Valuation(release, used.note, used.provisional, setting, profile, result, rows)


def global_note(global_days: str | None, modifiers: list[str] | tuple[str, ...]) -> str | None:
    """Why a 000/010/090 line opens no global period for this physician (None when it does)."""
    reason = gp.no_window_reason(modifiers)
    if reason is None or global_days not in gp.DAYS_AFTER:
        return None
    return gp.REASONS[reason]


def line_out(credit: LineCredit, date_of_service: date, *, provisional: bool) -> LineCreditOut:
    global_days = credit.row.global_days if credit.row else None
    window = gp.line_window(global_days, date_of_service, credit.modifiers)
    return LineCreditOut(
        position=credit.index + 1,
        code=credit.code,
        modifiers=list(credit.modifiers),
        units=credit.units,
        release=credit.release,
        provisional=provisional,
        row_modifier=credit.row_modifier,
        base_wrvu=credit.base_wrvu,
        adjustments=[
            AdjustmentOut(
                rule=a.rule, factor=a.factor, reason=a.reason, switch=a.switch, preset=a.preset
            )
            for a in credit.adjustments
        ],
        credited_wrvu=round_edge(credit.credited_wrvu),
        credited_wrvu_exact=exact(credit.exact_wrvu),
        flags=[str(f) for f in credit.flags],
        rank=credit.rank,
        global_days=global_days,
        global_period_end=window[1] if window else None,
        global_note=global_note(global_days, credit.modifiers),
    )


def round_edge(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def exact(value: Decimal) -> str:
    """A Decimal as plain text without exponent or trailing zeros (at least two decimals)."""
    text = format(Decimal(value).normalize(), "f")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def credit_out(valuation: Valuation, date_of_service: date) -> CreditOut:
    result = valuation.result
    return CreditOut(
        date_of_service=date_of_service,
        setting=valuation.setting,
        release=valuation.release.name,
        release_note=valuation.release_note,
        provisional=valuation.provisional,
        credit_profile=valuation.profile,
        total_wrvu=round_edge(result.total_wrvu),
        total_wrvu_exact=exact(result.total_exact),
        base_wrvu=round_edge(sum((c.base_wrvu for c in result.lines), Decimal(0))),
        lines=[
            line_out(c, date_of_service, provisional=valuation.provisional) for c in result.lines
        ],
        notes=result.notes,
    )
