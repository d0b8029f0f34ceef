"""Examples shown in the API's schema for the reports."""

from typing import Any

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
        "year_to_date": 6420.55,
        "days_elapsed": 331,
        "days_in_year": 365,
        "projected_year_end": 7080.06,
        "projected_per_fte": 7080.06,
        "clinical_fte": 1.0,
        "remaining_months": 2,
        "needed_per_remaining_month": 539.73,
        "method": "Projection for the year (2026-01-01 to 2026-12-31) = to date (6420.55) / days "
        "elapsed (331) x days in the year (365); per 1.0 FTE divides by the clinical FTE (1.0). "
        "Needed per remaining month = (annual goal - to date) / months left in the year (2), "
        "the current month included.",
    },
    "calendar_annual_goal": None,
    "calendar_pace": None,
}

BENCHMARK_EXAMPLE: dict[str, Any] = {
    "specialty": "General Surgery",
    "basis": "ytd_annualized",
    "period_start": "2026-01-01",
    "period_end": "2026-11-27",
    "wrvu_in_period": 6420.55,
    "annual_wrvu": 7080.06,
    "clinical_fte": 1.0,
    "wrvu_per_fte": 7080.06,
    "table": {
        "id": 7,
        "source": "rvuedge_site_2026 (approximate public figures, not MGMA data)",
        "survey_year": 2026,
        "specialty": "General Surgery",
        "setting": "all",
        "metric": "annual_wrvu_per_fte",
        "points": {"p25": 5500.0, "p50": 7200.0, "p75": 9000.0, "p90": 11500.0},
        "is_sample": True,
    },
    "percentile": 48.2,
    "position": "within",
    "rank_text": "48.2th percentile, interpolated between the 25th (5500.00) and the 50th "
    "(7200.00)",
    "method": "Year to date (2026-01-01 to 2026-11-27) annualized: / 331 days elapsed x 365. "
    "Divided by the clinical FTE (1.0) for wRVU per 1.0 FTE, then placed on the table by "
    "straight-line interpolation between its two nearest percentile points. Table: "
    "rvuedge_site_2026 (approximate public figures, not MGMA data), 2026, General Surgery (all).",
    "remaining_months": 2,
    "to_reach": [
        {
            "percentile": 50,
            "wrvu_per_fte": 7200.0,
            "still_needed": 119.94,
            "per_remaining_month": 59.97,
        },
        {
            "percentile": 75,
            "wrvu_per_fte": 9000.0,
            "still_needed": 1919.94,
            "per_remaining_month": 959.97,
        },
        {
            "percentile": 90,
            "wrvu_per_fte": 11500.0,
            "still_needed": 4419.94,
            "per_remaining_month": 2209.97,
        },
    ],
    "compensation": {
        "estimated_annual_pay": 331903.45,
        "method": "Base salary 300000 plus each wRVU of the year's 7080.06 above 6500 at its "
        "tier's rate. Compared only with a total-compensation table; percentiles of different "
        "tables are never combined.",
        "compensation_table": None,
        "compensation_percentile": None,
        "compensation_position": None,
        "compensation_text": None,
    },
    "caveat": "This table is a sample of approximate public figures, not MGMA data.",
}
