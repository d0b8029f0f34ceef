"""The physician's own log under another release (the year-end forecast is in forecast.py).

Query the user's cases (live ones only), hand plain values to the pure calc module
(calc/release_impact.py), build the answers. Services never commit.
"""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, select

from rvuedge.calc import pay
from rvuedge.calc import release_impact as ri
from rvuedge.calc.conversion import CfChoice, cf_words, dollar_cf
from rvuedge.calc.credit import FeeRow, Setting
from rvuedge.calc.credit_settings import credit_rules
from rvuedge.calc.periods import check_range
from rvuedge.cases import queries
from rvuedge.cases.valuation import ENGINE_FIELDS, fetch_rows
from rvuedge.catalog import service as catalog_service
from rvuedge.catalog.models import CodeGuide, FeeScheduleRelease
from rvuedge.crediting import service as crediting_service
from rvuedge.crediting.service import SettingsByDate
from rvuedge.failures import InvalidInput
from rvuedge.impact import schemas as s
from rvuedge.payplans import service as payplan_service
from rvuedge.users.models import User

CENT = Decimal("0.01")
ZERO = Decimal(0)
WHY_WORDS = {
    ri.Why.UNCHANGED: "unchanged",
    ri.Why.WORK_RVU_CHANGED: "work RVU changed",
    ri.Why.INDICATOR_CHANGED: "an indicator changed (status, global days, multiple procedure...)",
    ri.Why.DELETED: "not in {release}",
    ri.Why.NEW: "new in {release}: not in the release it was logged with",
    ri.Why.RANKING: "the same row; another code of the case moved the ranking",
}


def _c(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def cf_choice(user: User) -> CfChoice:
    return CfChoice(user.conversion_factor_choice or CfChoice.NON_APM)


def _ref(release: FeeScheduleRelease, choice: CfChoice) -> s.ReleaseRefOut:
    return s.ReleaseRefOut(
        name=release.name,
        proposed=release.proposed,
        label=catalog_service.release_label(release),
        conversion_factor=dollar_cf(release.year, release.conversion_factor, choice),
    )


def find_release(session: Session, name: str) -> FeeScheduleRelease:
    """A loaded release by name (proposed ones included), or a 422 listing the loaded ones."""
    releases = catalog_service.list_releases(session, proposed=True)
    wanted = name.strip().upper()
    for release in releases:
        if release.name == wanted:
            return release
    loaded = ", ".join(catalog_service.release_label(r) for r in releases) or "none"
    raise InvalidInput(
        f"Release {name} is not loaded. Loaded releases: {loaded}.",
        errors=[{"loc": ["query", "compare"], "msg": f"not a loaded release ({loaded})"}],
        loaded=[r.name for r in releases],
    )


def _engine_rows(session: Session, release: FeeScheduleRelease, codes: set[str]) -> dict:
    assert release.id is not None
    return {
        key: FeeRow(release=release.name, **row.model_dump(include=ENGINE_FIELDS))
        for key, row in fetch_rows(session, release.id, codes).items()
    }


def _cases(
    session: Session, user: User, start: date, end: date
) -> list[tuple[queries.CaseRow, list[queries.LineRow]]]:
    return queries.cases_with_lines(session, user_id=user.id, start=start, end=end)


def _names(session: Session, codes: set[str], rows: dict) -> dict[str, str]:
    guides = {
        g.hcpcs: g.name
        for g in session.exec(select(CodeGuide).where(col(CodeGuide.hcpcs).in_(codes)))
    }
    return {
        code: guides.get(code)
        or next(
            (r.description for (c, _), r in rows.items() if c == code and r.description),
            catalog_service.DESCRIPTOR_NOT_SHIPPED,
        )
        for code in codes
    }


def _side(wrvu: Decimal, work: Decimal, payment: Decimal) -> s.ImpactSide:
    return s.ImpactSide(
        credited_wrvu=_c(wrvu), work_only_value=_c(work), estimated_payment=_c(payment)
    )


def _percent(before: Decimal, after: Decimal) -> Decimal | None:
    return _c((after - before) / before * 100) if before else None


def _money(value: Decimal) -> str:
    sign = "+" if value >= 0 else "−"
    return f"{sign}${abs(value).quantize(Decimal(1), ROUND_HALF_UP):,}"


def _pct_text(value: Decimal | None) -> str:
    if value is None:
        return "no wRVU logged"
    sign = "+" if value >= 0 else "−"
    return f"{sign}{abs(value).quantize(Decimal('0.1'), ROUND_HALF_UP)}% wRVU"


def contract_years(
    session: Session, *, user: User, start: date, end: date
) -> list[s.ContractYearOut]:
    """The user's contract-year settings (credit with one release) that overlap the period."""
    rows = crediting_service.public_settings(
        crediting_service.list_settings(session, user_id=user.id)
    )
    return [
        s.ContractYearOut(
            release=r.credit_with_release,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
        )
        for r in rows
        if r.credit_with_release
        and r.effective_from <= end
        and (r.effective_to is None or r.effective_to >= start)
    ]


def release_impact(
    session: Session,
    *,
    user: User,
    compare: str | None,
    start: date,
    end: date,
    today: date,
) -> s.ReleaseImpact:
    if problem := check_range(start, end):
        raise InvalidInput(
            f"Invalid range: {problem}.", errors=[{"loc": ["query", "end"], "msg": problem}]
        )
    contracts = contract_years(session, user=user, start=start, end=end)
    cases = _cases(session, user, start, end)
    if compare is None:
        compare = _default_compare(session, contracts, cases, today=today)
    release = find_release(session, compare)
    choice = cf_choice(user)
    codes = {line.code for _, lines in cases for line in lines}
    rows = _engine_rows(session, release, codes)
    by_name = {r.name: r for r in catalog_service.list_releases(session, proposed=True)}
    logged_names = sorted({line.release or c.release for c, lines in cases for line in lines})
    logged_rows: dict[tuple[str, str, str], FeeRow] = {}
    for name in logged_names:
        if name in by_name:
            for (code, mod), row in _engine_rows(session, by_name[name], codes).items():
                logged_rows[(name, code, mod)] = row
    logged_cf = {
        n: dollar_cf(by_name[n].year, by_name[n].conversion_factor, choice)
        for n in logged_names
        if n in by_name
    }
    rules = SettingsByDate(session, user)
    inputs = [
        ri.LoggedCase(
            setting=Setting(case.setting),
            rules=credit_rules(rules.on(case.date_of_service))[1],
            lines=tuple(
                ri.LoggedLine(
                    code=x.code,
                    modifiers=tuple(x.modifiers),
                    units=x.units,
                    release=x.release or case.release,
                    credited_wrvu=Decimal(x.credited_wrvu),
                    exact_wrvu=Decimal(x.credited_wrvu_exact),
                    base_wrvu=Decimal(x.base_wrvu),
                    total_rvu=Decimal(x.total_rvu),
                    conversion_factor=Decimal(x.conversion_factor),
                )
                for x in lines
            ),
        )
        for case, lines in cases
    ]
    compare_cf = dollar_cf(release.year, release.conversion_factor, choice)
    impact = ri.recredit(
        inputs,
        rows=rows,
        logged_rows=logged_rows,
        conversion_factor=compare_cf,
        logged_cf=logged_cf,
    )
    names = _names(session, codes, catalog_service_rows(session, release, codes))
    label = catalog_service.release_label(release)
    code_rows = [
        s.ImpactCode(
            code=c.code,
            name=names[c.code],
            cases=c.cases,
            as_logged_wrvu=_c(c.logged_wrvu),
            under_release_wrvu=_c(c.release_wrvu),
            difference=_c(c.difference),
            logged_work_rvu=c.logged_work_rvu,
            release_work_rvu=c.release_work_rvu,
            why=sorted(str(w) for w in c.why),
            reason="; ".join(WHY_WORDS[w].format(release=label) for w in sorted(c.why)),
        )
        for c in impact.codes
    ]
    before, after = impact.logged, impact.release
    pct = _percent(before.wrvu, after.wrvu)
    totals = s.ImpactTotals(
        cases=impact.cases,
        as_logged=_side(before.wrvu, before.work_only_value, before.estimated_payment),
        under_release=_side(after.wrvu, after.work_only_value, after.estimated_payment),
        wrvu_difference=_c(after.wrvu - before.wrvu),
        wrvu_percent=pct,
        work_only_value_difference=_c(after.work_only_value - before.work_only_value),
        estimated_payment_difference=_c(after.estimated_payment - before.estimated_payment),
    )
    pay_effect = _pay_effect(session, user, cases, impact, end=min(end, today))
    return s.ReleaseImpact(
        start=start,
        end=end,
        compare=_ref(release, choice),
        logged_releases=[_ref(by_name[n], choice) for n in logged_names if n in by_name],
        conversion_factor_choice=str(choice),
        contract_years=contracts,
        totals=totals,
        codes=code_rows,
        pay_effect=pay_effect,
        summary=f"Under {label}: {_pct_text(pct)}, "
        f"{_money(totals.estimated_payment_difference)} estimated payment "
        f"({_money(totals.work_only_value_difference)} work-only value).",
        notes=[
            "Each case keeps its crediting settings (those in force on its date), setting, "
            "modifiers and units; only the release changes, and the multiple-procedure ranking "
            "is redone with its numbers.",
            "Dollars are national (no locality GPCIs) both ways, each at its own release's "
            f"conversion factor: {cf_words(choice)}.",
        ]
        + [
            f"As logged, cases dated from {c.effective_from}"
            + (f" through {c.effective_to}" if c.effective_to else "")
            + f" are credited with {c.release} (your contract year), compared here with {label}."
            for c in contracts
        ]
        + (
            [f"{label} is a proposed rule's numbers: it never values a logged case."]
            if release.proposed
            else []
        ),
    )


def _default_compare(
    session: Session,
    contracts: list[s.ContractYearOut],
    cases: list[tuple[queries.CaseRow, list[queries.LineRow]]],
    *,
    today: date,
) -> str:
    """Without `compare`: a contract year compares with the current file (the release in force
    today); otherwise the reports' default comparison."""
    if contracts:
        return catalog_service.resolve_release(session, today=today).name
    logged = sorted({line.release or c.release for c, lines in cases for line in lines})
    found = default_compare(session, logged=logged)
    if found is None:
        raise InvalidInput(
            "Name a release to compare with (compare=...): no other release is loaded.",
            errors=[{"loc": ["query", "compare"], "msg": "required"}],
        )
    return found


def default_compare(session: Session, *, logged: list[str]) -> str | None:
    """The release a report compares with: the newest proposed one, else the newest release
    older than the newest one the range was logged with, else any other loaded release."""
    releases = catalog_service.list_releases(session, proposed=True)
    proposed = [r.name for r in releases if r.proposed]
    if proposed:
        return proposed[-1]
    final = [r.name for r in releases]
    newest = max((final.index(n) for n in logged if n in final), default=None)
    if newest is not None and newest > 0:
        return final[newest - 1]
    others = [n for n in final if n not in logged]
    return others[-1] if others else None


def catalog_service_rows(session: Session, release: FeeScheduleRelease, codes: set[str]) -> dict:
    assert release.id is not None
    return fetch_rows(session, release.id, codes)


def _pay_effect(
    session: Session,
    user: User,
    cases: list[tuple[queries.CaseRow, list[queries.LineRow]]],
    impact: ri.Impact,
    *,
    end: date,
) -> s.PayEffect | None:
    plans, _ids, _source = payplan_service.user_plans(session, user=user)
    if pay.plan_on(plans, end) is None:
        return None
    year_start, year_end = pay.plan_year_bounds(end, user.fiscal_year_start_month)
    series = payplan_service.logged_wrvu(session, user_id=user.id, start=year_start, end=year_end)
    changed = series
    for (case, _lines), (logged, under) in zip(cases, impact.case_totals, strict=True):
        if year_start <= case.date_of_service <= end and under != logged:
            changed = changed.with_extra(case.date_of_service, under - logged)
    before = pay.plan_year(plans, series, year_start=year_start, through=end)
    after = pay.plan_year(plans, changed, year_start=year_start, through=end)
    return s.PayEffect(
        plan_year=before.label,
        through=end,
        as_logged_pay=_c(before.total_pay),
        under_release_pay=_c(after.total_pay),
        difference=_c(after.total_pay - before.total_pay),
        note=f"Plan year {before.label} from {year_start} through {end} under your pay plan, "
        "with the period's cases in that plan year credited under the release and the rest "
        "as logged.",
    )


def next_year(session: Session, *, user: User, today: date) -> s.NextYearOut:
    """What the newest proposed release would do to the last 12 months (None without one)."""
    proposed = [r for r in catalog_service.list_releases(session, proposed=True) if r.proposed]
    if not proposed:
        return s.NextYearOut(proposed=None)
    release = proposed[-1]
    start = today - timedelta(days=364)
    impact = release_impact(
        session, user=user, compare=release.name, start=start, end=today, today=today
    )
    t = impact.totals
    line = (
        f"Next year, proposed ({release.name}): {_pct_text(t.wrvu_percent)}, "
        f"{_money(t.estimated_payment_difference)}"
    )
    return s.NextYearOut(
        proposed=s.ProposedOut(
            release=impact.compare,
            start=start,
            end=today,
            wrvu_percent=t.wrvu_percent,
            payment_difference=t.estimated_payment_difference,
            line=line,
        )
    )
