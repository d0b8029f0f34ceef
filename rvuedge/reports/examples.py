"""Examples for the report schemas (figures consistent with each other and with the method
texts the reports write)."""

from typing import Any

from rvuedge.yearview.schemas import PACE_EXAMPLE

TOTALS_EXAMPLE: dict[str, Any] = {
    "period": "month",
    "start": "2026-09-01",
    "end": "2026-11-27",
    "fiscal_year_start_month": 1,
    "buckets": [
        {
            "start": "2026-09-01",
            "end": "2026-09-30",
            "label": "2026-09",
            "cases": 2,
            "lines": 2,
            "credited_wrvu": 17.97,
            "base_wrvu": 17.97,
            "work_only_value": 600.21,
            "estimated_payment": 1139.98,
        },
        {
            "start": "2026-10-01",
            "end": "2026-10-31",
            "label": "2026-10",
            "cases": 3,
            "lines": 4,
            "credited_wrvu": 33.51,
            "base_wrvu": 37.39,
            "work_only_value": 1119.26,
            "estimated_payment": 2096.08,
        },
        {
            "start": "2026-11-01",
            "end": "2026-11-27",
            "label": "2026-11",
            "cases": 1,
            "lines": 1,
            "credited_wrvu": 9.21,
            "base_wrvu": 9.21,
            "work_only_value": 307.62,
            "estimated_payment": 578.17,
        },
    ],
    "total_credited_wrvu": 60.69,
}


SUMMARY_EXAMPLE: dict[str, Any] = {
    "today": "2026-11-27",
    "time_zone": "America/Chicago",
    "windows": [
        {
            "name": "today",
            "start": "2026-11-27",
            "end": "2026-11-27",
            "cases": 1,
            "credited_wrvu": 10.21,
        },
        {
            "name": "this_week",
            "start": "2026-11-23",
            "end": "2026-11-27",
            "cases": 3,
            "credited_wrvu": 27.18,
        },
        {
            "name": "month_to_date",
            "start": "2026-11-01",
            "end": "2026-11-27",
            "cases": 38,
            "credited_wrvu": 512.4,
        },
        {
            "name": "quarter_to_date",
            "start": "2026-10-01",
            "end": "2026-11-27",
            "cases": 91,
            "credited_wrvu": 1190.85,
        },
        {
            "name": "year_to_date",
            "start": "2026-01-01",
            "end": "2026-11-27",
            "cases": 502,
            "credited_wrvu": 6420.55,
        },
        {
            "name": "fiscal_year_to_date",
            "start": "2026-01-01",
            "end": "2026-11-27",
            "cases": 502,
            "credited_wrvu": 6420.55,
        },
        {
            "name": "trailing_12_months",
            "start": "2025-11-28",
            "end": "2026-11-27",
            "cases": 548,
            "credited_wrvu": 6988.3,
        },
        {
            "name": "all_time",
            "start": None,
            "end": "2026-11-27",
            "cases": 1203,
            "credited_wrvu": 15210.75,
        },
    ],
    "fiscal_year_start_month": 1,
    "monthly_goal": {"goal": 625, "achieved": 512.4, "percent": 82.0, "period": "2026-11"},
    "annual_goal": {"goal": 7500, "achieved": 6420.55, "percent": 85.6, "period": "2026"},
    "pace": {
        "basis": "calendar_year",
        "label": "2026",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "as_of": "2026-11-27",
        "year_to_date": 6420.55,
        "days_elapsed": 331,
        "days_in_year": 365,
        "projected_year_end": 7080.06,
        "projected_per_fte": 7080.06,
        "clinical_fte": 1.0,
        "annual_goal": 7500.0,
        "still_to_log": 1079.45,
        "remaining_months": 2,
        "needed_per_remaining_month": 539.73,
        "method": "Pace for the year 2026 (2026-01-01 to 2026-12-31): 6,420.55 wRVU to date / 331 "
        "days elapsed x 365 days = 7,080.06 wRVU projected at the year end. Still to log = annual "
        "goal 7,500.00 - 6,420.55 to date = 1,079.45 wRVU; per remaining month = 1,079.45 / 2 "
        "months left (the current one included) = 539.73 wRVU.",
    },
    "calendar_annual_goal": None,
    "calendar_pace": None,
}


BENCHMARK_EXAMPLE: dict[str, Any] = {
    "specialty": "Orthopedic Surgery",
    "basis": "fiscal_ytd_annualized",
    "period_start": "2026-07-01",
    "period_end": "2026-11-27",
    "wrvu_in_period": 2601.4,
    "annual_wrvu": 6330.07,
    "clinical_fte": 1.0,
    "wrvu_per_fte": 6330.07,
    "table": {
        "id": 7,
        "source": "rvuedge_site_2026 (approximate public figures, not MGMA data)",
        "survey_year": 2026,
        "specialty": "Orthopedic Surgery",
        "setting": "all",
        "metric": "annual_wrvu_per_fte",
        "points": {"p25": 5500.0, "p50": 7200.0, "p75": 9000.0, "p90": 11500.0},
        "is_sample": True,
    },
    "percentile": 37.2,
    "position": "within",
    "rank_text": "37.2th percentile, interpolated between the 25th (5,500 wRVU per 1.0 FTE) and "
    "the 50th (7,200 wRVU per 1.0 FTE)",
    "method": "Fiscal year FY2027 to date (2026-07-01 to 2026-11-27) annualized: 2,601.40 wRVU / "
    "150 days elapsed x 365 days = 6,330.07 (the year's pace). Divided by the clinical FTE (1.0): "
    "6,330.07 wRVU per 1.0 FTE, then placed on the table by straight-line interpolation between "
    "its two nearest percentile points. Table: rvuedge_site_2026 (approximate public figures, not "
    "MGMA data), 2026, Orthopedic Surgery (all). To reach a point: its wRVU per 1.0 FTE x 1.0 FTE "
    "- the 2,601.40 wRVU logged so far, spread over the 8 months left (the current one included).",
    "remaining_months": 8,
    "to_reach": [
        {
            "percentile": 50,
            "wrvu_per_fte": 7200.0,
            "target_wrvu": 7200.0,
            "still_needed": 4598.6,
            "per_remaining_month": 574.83,
        },
        {
            "percentile": 75,
            "wrvu_per_fte": 9000.0,
            "target_wrvu": 9000.0,
            "still_needed": 6398.6,
            "per_remaining_month": 799.83,
        },
        {
            "percentile": 90,
            "wrvu_per_fte": 11500.0,
            "target_wrvu": 11500.0,
            "still_needed": 8898.6,
            "per_remaining_month": 1112.33,
        },
    ],
    "year": PACE_EXAMPLE,
    "compensation": {
        "estimated_annual_pay": 317163.64,
        "method": "Plan year FY2027 (2026-07-01 to 2027-06-30) at the pace so far: 2,601.40 wRVU "
        "logged to 2026-11-27 / 150 days elapsed = 17.34 wRVU a day over all 365 days = 6,330.07 "
        "wRVU, paid under your pay plans (Group 2026): base salary, bands, draws, true-ups and "
        "guarantee as the compensation report's projection computes them. Compared only with a "
        "total-compensation table; percentiles of different tables are never combined.",
        "compensation_table": None,
        "compensation_percentile": None,
        "compensation_position": None,
        "compensation_text": None,
    },
    "caveat": "This table is a sample of approximate public figures, not MGMA data.",
}
