"""Examples for the pay-plan schemas (invented plans; figures computed by the pay arithmetic)."""

from typing import Any

PLAN_EXAMPLE: dict[str, Any] = {
    "name": "Example Surgical Group 2026",
    "effective_from": "2026-01-01",
    "effective_to": "2026-12-31",
    "base_salary": 300000,
    "threshold_wrvu": 1600,
    "bands": [
        {"from_wrvu": 1600, "dollars_per_wrvu": 55},
        {"from_wrvu": 2000, "dollars_per_wrvu": 60},
    ],
    "accrual": "marginal",
    "measurement_period": "quarter",
    "guarantee": None,
    "monthly_draw": None,
    "true_up": None,
    "clawback": False,
    "fte": None,
}
PLAN_UPDATE_EXAMPLE: dict[str, Any] = {
    "threshold_wrvu": 1650,
    "bands": [
        {"from_wrvu": 1650, "dollars_per_wrvu": 55},
        {"from_wrvu": 2000, "dollars_per_wrvu": 60},
    ],
}
COMPARE_EXAMPLE: dict[str, Any] = {
    "plans": [
        {
            "name": "Current contract",
            "base_salary": 300000,
            "threshold_wrvu": 6400,
            "bands": [{"from_wrvu": 6400, "dollars_per_wrvu": 55}],
        },
        {
            "name": "Offer with a draw",
            "base_salary": 280000,
            "threshold_wrvu": 1500,
            "bands": [
                {"from_wrvu": 1500, "dollars_per_wrvu": 58},
                {"from_wrvu": 1900, "dollars_per_wrvu": 62},
            ],
            "measurement_period": "quarter",
            "monthly_draw": 2000,
            "true_up": "quarter",
        },
    ],
    "year": 2026,
}
COMPENSATION_EXAMPLE: dict[str, Any] = {
    "as_of": "2026-11-27",
    "plan_year": "2026",
    "plan_year_start": "2026-01-01",
    "plan_year_end": "2026-12-31",
    "source": "pay_plans",
    "plans": [
        {
            "plan": "Example Surgical Group 2026",
            "plan_id": "3f6c1a2e-8b4d-4e5f-9a7b-2c1d0e9f8a76",
            "start": "2026-01-01",
            "end": "2026-12-31",
        }
    ],
    "periods": [
        {
            "label": "2026-Q1",
            "plan": "Example Surgical Group 2026",
            "start": "2026-01-01",
            "end": "2026-03-31",
            "complete": True,
            "credited_wrvu": 1710.55,
            "threshold_wrvu": 1600.0,
            "incentive_earned": 6080.25,
            "draws_paid": 0.0,
            "true_up": None,
            "balance": 0.0,
            "method": "1,710.55 wRVU against a threshold of 1,600.00 ($55/wRVU from "
            "1,600.00 to 2,000.00; $60/wRVU above 2,000.00; marginal).",
        },
        {
            "label": "2026-Q2",
            "plan": "Example Surgical Group 2026",
            "start": "2026-04-01",
            "end": "2026-06-30",
            "complete": True,
            "credited_wrvu": 1778.25,
            "threshold_wrvu": 1600.0,
            "incentive_earned": 9803.75,
            "draws_paid": 0.0,
            "true_up": None,
            "balance": 0.0,
            "method": "1,778.25 wRVU against a threshold of 1,600.00 ($55/wRVU from "
            "1,600.00 to 2,000.00; $60/wRVU above 2,000.00; marginal).",
        },
        {
            "label": "2026-Q3",
            "plan": "Example Surgical Group 2026",
            "start": "2026-07-01",
            "end": "2026-09-30",
            "complete": True,
            "credited_wrvu": 1732.2,
            "threshold_wrvu": 1600.0,
            "incentive_earned": 7271.0,
            "draws_paid": 0.0,
            "true_up": None,
            "balance": 0.0,
            "method": "1,732.20 wRVU against a threshold of 1,600.00 ($55/wRVU from "
            "1,600.00 to 2,000.00; $60/wRVU above 2,000.00; marginal).",
        },
        {
            "label": "2026-Q4",
            "plan": "Example Surgical Group 2026",
            "start": "2026-10-01",
            "end": "2026-12-31",
            "complete": False,
            "credited_wrvu": 1099.55,
            "threshold_wrvu": 1600.0,
            "incentive_earned": 0.0,
            "draws_paid": 0.0,
            "true_up": None,
            "balance": 0.0,
            "method": "1,099.55 wRVU against a threshold of 1,600.00 ($55/wRVU from "
            "1,600.00 to 2,000.00; $60/wRVU above 2,000.00; marginal).",
        },
    ],
    "plan_year_to_date": {
        "credited_wrvu": 6320.55,
        "base_salary": 272054.79,
        "incentive_earned": 23155.0,
        "draws_paid": 0.0,
        "true_ups": 0.0,
        "guarantee_top_up": 0.0,
        "total_pay": 295209.79,
        "dollars_per_wrvu": 46.71,
        "method": "Plan year 2026 from 2026-01-01 to 2026-11-27. Total pay = "
        "base salary (prorated by days) + the incentive (with a "
        "draw: draws + true-ups) + any guarantee top-up; $/wRVU = "
        "total pay / wRVU.",
    },
    "projection": {
        "credited_wrvu": 6969.79,
        "base_salary": 300000.0,
        "incentive_earned": 31338.49,
        "draws_paid": 0.0,
        "true_ups": 0.0,
        "guarantee_top_up": 0.0,
        "total_pay": 331338.49,
        "dollars_per_wrvu": 47.54,
        "method": "The rest of the plan year at the pace so far: 6320.55 wRVU / 331 "
        "days elapsed = 19.10 wRVU a day, over all 365 days. Total pay = "
        "base salary (prorated by days) + the incentive (with a draw: draws "
        "+ true-ups) + any guarantee top-up; $/wRVU = total pay / wRVU.",
        "pace_wrvu_per_day": 19.1,
        "days_elapsed": 331,
        "days_in_plan_year": 365,
    },
    "next_band": {
        "plan": "Example Surgical Group 2026",
        "period_start": "2026-10-01",
        "period_end": "2026-12-31",
        "wrvu_in_period": 1099.55,
        "edge_wrvu": 1600.0,
        "wrvu_needed": 500.45,
        "dollars_per_wrvu_from_edge": 55.0,
        "incentive_added": 0.0,
        "method": "1,099.55 wRVU so far in the quarter 2026-10-01 to 2026-12-31; the "
        "next edge is 1,600.00, 500.45 away. Reaching it adds 0.00 to the "
        "period's incentive (marginal), and each wRVU after it pays $55.",
    },
    "uncovered": [],
    "notes": [],
    "year": {
        "basis": "calendar_year",
        "label": "2026",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "as_of": "2026-11-27",
        "year_to_date": 6320.55,
        "days_elapsed": 331,
        "days_in_year": 365,
        "projected_year_end": 6969.79,
        "projected_per_fte": 6969.79,
        "clinical_fte": 1.0,
        "annual_goal": 7500.0,
        "still_to_log": 1179.45,
        "remaining_months": 2,
        "needed_per_remaining_month": 589.73,
        "method": "Pace for the year 2026 (2026-01-01 to 2026-12-31): 6,320.55 wRVU to date / 331 "
        "days elapsed x 365 days = 6,969.79 wRVU projected at the year end. Still to log = annual "
        "goal 7,500.00 - 6,320.55 to date = 1,179.45 wRVU; per remaining month = 1,179.45 / 2 "
        "months left (the current one included) = 589.73 wRVU.",
    },
}
