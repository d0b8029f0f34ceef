"""The code card: everything known about one code in a release (descriptor, names, RVUs,
payment nationally or in a locality, policy indicators, its category's distribution, its history
across releases). Reads only."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, select

from rvuedge.calc.categories import category_of
from rvuedge.calc.distribution import percentile_rank
from rvuedge.catalog import indicators as ind
from rvuedge.catalog import schemas as s
from rvuedge.catalog.models import CategoryStat, CodeGuide, FeeScheduleRelease, FeeScheduleRow
from rvuedge.catalog.service import (
    DESCRIPTOR_NOT_SHIPPED,
    find_row,
    get_locality,
    near_codes,
    resolve_release,
    suggestions,
)
from rvuedge.failures import NotFound

CENT = Decimal("0.01")

COMPARISON_DEFINITION = (
    "Codes of the same category in the same release that have a work RVU above zero and no "
    "modifier; the percentile rank is interpolated from the category's percentile points."
)


def code_card(
    session: Session,
    *,
    hcpcs: str,
    today: date,
    year: int | None = None,
    release_name: str | None = None,
    modifier: str = "",
    locality: str | None = None,
) -> s.CodeCard:
    release = resolve_release(session, today=today, year=year, release=release_name)
    assert release.id is not None
    row = find_row(session, release_id=release.id, hcpcs=hcpcs, modifier=modifier)
    if row is None:
        global_row = find_row(session, release_id=release.id, hcpcs=hcpcs)
        if global_row is not None and modifier:
            raise NotFound(
                f"Code {hcpcs} has no -{modifier} row in release {release.name}.", code=hcpcs
            )
        raise NotFound(
            f"Code {hcpcs} is not in release {release.name}.",
            code=hcpcs,
            near_codes=near_codes(session, hcpcs),
            suggestions=suggestions(session, hcpcs, today=today),
        )
    guide = session.get(CodeGuide, hcpcs)
    cf = release.conversion_factor
    category = category_of(hcpcs)
    return s.CodeCard(
        code=hcpcs,
        modifier=modifier,
        release=s.ReleaseRef(
            name=release.name,
            effective_date=release.effective_date,
            conversion_factor=cf,
            is_complete=release.is_complete,
            has_descriptors=release.has_descriptors,
            proposed=release.proposed,
        ),
        official_descriptor=row.description,
        descriptor_note=None if row.description else DESCRIPTOR_NOT_SHIPPED,
        name=guide.name if guide else (row.description or DESCRIPTOR_NOT_SHIPPED),
        other_names=guide.aliases if guide else [],
        plain_language=guide.plain_language if guide else None,
        clinical_context=guide.clinical_context if guide else None,
        specialties=guide.specialties if guide else [],
        category=category,
        global_period=s.GlobalPeriod(
            days=row.global_days,
            meaning=ind.meaning(ind.GLOBAL_DAYS, row.global_days),
            pre_op_share=row.pre_op,
            intra_op_share=row.intra_op,
            post_op_share=row.post_op,
        ),
        rvus=s.RvuBreakdown(
            work_rvu=row.work_rvu,
            malpractice_rvu=row.mp_rvu,
            facility=s.SettingRvus(
                practice_expense_rvu=row.facility_pe_rvu,
                total_rvu=row.facility_total,
                not_applicable=row.facility_na,
            ),
            non_facility=s.SettingRvus(
                practice_expense_rvu=row.nonfacility_pe_rvu,
                total_rvu=row.nonfacility_total,
                not_applicable=row.nonfacility_na,
            ),
        ),
        payment=_payment(session, row=row, release=release, locality=locality),
        policy=s.PolicyIndicators(
            status=s.Indicator(value=row.status, meaning=ind.meaning(ind.STATUS, row.status)),
            not_used_for_medicare_payment=row.not_used_for_payment,
            pctc=s.Indicator(value=row.pctc, meaning=ind.meaning(ind.PCTC, row.pctc)),
            multiple_procedure=s.Indicator(
                value=row.mult_proc, meaning=ind.meaning(ind.MULT_PROC, row.mult_proc)
            ),
            bilateral=s.Indicator(
                value=row.bilat_surg, meaning=ind.meaning(ind.BILAT_SURG, row.bilat_surg)
            ),
            assistant=s.Indicator(
                value=row.asst_surg, meaning=ind.meaning(ind.ASST_SURG, row.asst_surg)
            ),
            co_surgeon=s.Indicator(
                value=row.co_surg, meaning=ind.meaning(ind.CO_SURG, row.co_surg)
            ),
            team=s.Indicator(
                value=row.team_surg, meaning=ind.meaning(ind.TEAM_SURG, row.team_surg)
            ),
            endoscopic_base=row.endo_base,
            imaging_family=s.Indicator(
                value=row.imaging_family,
                meaning=ind.meaning(ind.IMAGING_FAMILY, row.imaging_family),
            ),
            pricing_indicator=row.pricing_indicator,
        ),
        comparison=_comparison(session, release=release, category=category, work=row.work_rvu),
        history=_history(session, hcpcs=hcpcs, modifier=modifier),
        component_modifiers=sorted(
            m
            for m in session.exec(
                select(FeeScheduleRow.modifier).where(
                    FeeScheduleRow.release_id == release.id, FeeScheduleRow.hcpcs == hcpcs
                )
            )
            if m
        ),
    )


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _payment(
    session: Session, *, row: FeeScheduleRow, release: FeeScheduleRelease, locality: str | None
) -> s.Payment:
    cf = release.conversion_factor
    if locality is None:
        return s.Payment(
            conversion_factor=cf,
            work_only=_money(row.work_rvu * cf),
            facility=_money(row.facility_total * cf),
            non_facility=_money(row.nonfacility_total * cf),
            locality=None,
            method="National: total RVU x conversion factor; work only: work RVU x conversion "
            "factor.",
        )
    gpci = get_locality(session, key=locality, year=release.year)
    work = row.work_rvu * gpci.work_gpci
    mp = row.mp_rvu * gpci.mp_gpci
    return s.Payment(
        conversion_factor=cf,
        work_only=_money(work * cf),
        facility=_money((work + row.facility_pe_rvu * gpci.pe_gpci + mp) * cf),
        non_facility=_money((work + row.nonfacility_pe_rvu * gpci.pe_gpci + mp) * cf),
        locality=s.LocalityRef(
            key=gpci.key,
            name=gpci.name,
            state=gpci.state,
            year=gpci.year,
            work_gpci=gpci.work_gpci,
            pe_gpci=gpci.pe_gpci,
            mp_gpci=gpci.mp_gpci,
        ),
        method="Locality: (work RVU x work GPCI + PE RVU x PE GPCI + MP RVU x MP GPCI) x "
        "conversion factor; work only: work RVU x work GPCI x conversion factor.",
    )


def _comparison(
    session: Session, *, release: FeeScheduleRelease, category: str, work: Decimal
) -> s.Comparison | None:
    stat = session.exec(
        select(CategoryStat).where(
            CategoryStat.release_id == release.id, CategoryStat.category == category
        )
    ).first()
    if stat is None:
        return None
    median = Decimal(stat.median_work_rvu)
    rank = percentile_rank([Decimal(p) for p in stat.percentile_points], work) if work > 0 else None
    multiple = (work / median).quantize(Decimal("0.01"), ROUND_HALF_UP) if median and work else None
    summary = (
        f"{_ordinal(rank)} percentile among {category} codes, "
        f"{multiple.quantize(Decimal('0.1'), ROUND_HALF_UP)}x the median "
        f"({_money(median)}); the highest is {stat.max_hcpcs} at {stat.max_work_rvu}"
        if rank is not None and multiple is not None
        else f"No work RVU to compare; the {category} median is {_money(median)}"
    )
    return s.Comparison(
        category=category,
        definition=COMPARISON_DEFINITION,
        code_count=stat.code_count,
        percentile_rank=rank,
        multiple_of_median=multiple,
        median_work_rvu=_money(median),
        highest=s.Highest(code=stat.max_hcpcs, work_rvu=stat.max_work_rvu),
        summary=summary,
    )


def _ordinal(value: Decimal | None) -> str:
    if value is None:
        return "-"
    n = int(value.quantize(Decimal(1), ROUND_HALF_UP))
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _history(session: Session, *, hcpcs: str, modifier: str) -> list[s.HistoryPoint]:
    rows = session.exec(
        select(
            col(FeeScheduleRelease.name),
            col(FeeScheduleRelease.effective_date),
            col(FeeScheduleRow.work_rvu),
            col(FeeScheduleRelease.proposed),
        )
        .join(FeeScheduleRow, col(FeeScheduleRow.release_id) == col(FeeScheduleRelease.id))
        .where(col(FeeScheduleRow.hcpcs) == hcpcs, col(FeeScheduleRow.modifier) == modifier)
        .order_by(col(FeeScheduleRelease.effective_date))
    ).all()
    points: list[s.HistoryPoint] = []
    previous: Decimal | None = None
    for name, effective, work, proposed in rows:
        change = work - previous if previous is not None else None
        percent = (
            (change / previous * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
            if change is not None and previous
            else None
        )
        points.append(
            s.HistoryPoint(
                release=name,
                effective_date=effective,
                work_rvu=work,
                change=change,
                change_percent=percent,
                proposed=proposed,
            )
        )
        previous = work
    return points
