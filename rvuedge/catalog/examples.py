"""Examples shown in the API's schema for search and the code card."""

from typing import Any

SEARCH_EXAMPLE: dict[str, Any] = {
    "query": "lap chole",
    "release": "2026C",
    "items": [
        {
            "code": "47562",
            "name": "Laparoscopic gallbladder removal (cholecystectomy)",
            "description": None,
            "work_rvu": 10.21,
            "global_days": "090",
            "release": "2026C",
            "common": True,
        },
        {
            "code": "47563",
            "name": "Laparoscopic cholecystectomy with cholangiogram",
            "description": None,
            "work_rvu": 11.18,
            "global_days": "090",
            "release": "2026C",
            "common": True,
        },
    ],
    "suggestions": [],
}

CODE_CARD_EXAMPLE: dict[str, Any] = {
    "code": "47562",
    "modifier": "",
    "release": {
        "name": "2026C",
        "effective_date": "2026-07-01",
        "conversion_factor": 33.4009,
        "is_complete": True,
        "has_descriptors": False,
    },
    "official_descriptor": None,
    "descriptor_note": "descriptor not shipped: import the CMS file to see it",
    "name": "Laparoscopic gallbladder removal (cholecystectomy)",
    "other_names": ["lap chole", "lap cholecystectomy", "gallbladder removal"],
    "plain_language": "Removal of the gallbladder through a few small incisions using a camera "
    "and long instruments.",
    "clinical_context": None,
    "specialties": ["General Surgery"],
    "category": "Surgery",
    "global_period": {
        "days": "090",
        "meaning": "Major surgery: the day before, the day of, and 90 days after",
        "pre_op_share": 0.09,
        "intra_op_share": 0.81,
        "post_op_share": 0.1,
    },
    "rvus": {
        "work_rvu": 10.21,
        "malpractice_rvu": 2.67,
        "facility": {"practice_expense_rvu": 6.04, "total_rvu": 18.92, "not_applicable": False},
        "non_facility": {"practice_expense_rvu": 6.04, "total_rvu": 18.92, "not_applicable": True},
    },
    "payment": {
        "conversion_factor": 33.4009,
        "work_only": 341.02,
        "facility": 631.95,
        "non_facility": 631.95,
        "locality": None,
        "method": "National: total RVU x conversion factor; work only: work RVU x conversion "
        "factor.",
    },
    "policy": {
        "status": {"value": "A", "meaning": "Active: paid separately under the fee schedule"},
        "not_used_for_medicare_payment": False,
        "pctc": {
            "value": "0",
            "meaning": "Physician service; professional/technical split does not apply",
        },
        "multiple_procedure": {
            "value": "2",
            "meaning": "Standard multiple-procedure rule: 100% for the highest, 50% for the 2nd "
            "to 5th, by report after that",
        },
        "bilateral": {
            "value": "0",
            "meaning": "Bilateral adjustment does not apply: -50 pays 100% of one side",
        },
        "assistant": {"value": "2", "meaning": "Assistant at surgery may be paid (16%)"},
        "co_surgeon": {
            "value": "1",
            "meaning": "Co-surgeons paid with documentation (62.5% each)",
        },
        "team": {"value": "0", "meaning": "Team surgery not permitted"},
        "endoscopic_base": None,
        "imaging_family": {"value": "99", "meaning": "Concept does not apply"},
        "pricing_indicator": "9",
    },
    "comparison": {
        "category": "Surgery",
        "definition": "Codes of the same category in the same release that have a work RVU "
        "above zero and no modifier; the percentile rank is interpolated from the category's "
        "percentile points.",
        "code_count": 5734,
        "percentile_rank": 59.5,
        "multiple_of_median": 1.28,
        "median_work_rvu": 8.0,
        "highest": {"code": "39503", "work_rvu": 106.19},
        "summary": "60th percentile among Surgery codes, 1.3x the median (8.00); the highest is "
        "39503 at 106.19",
    },
    "history": [
        {
            "release": "2025D",
            "effective_date": "2025-10-01",
            "work_rvu": 10.47,
            "change": None,
            "change_percent": None,
        },
        {
            "release": "2026C",
            "effective_date": "2026-07-01",
            "work_rvu": 10.21,
            "change": -0.26,
            "change_percent": -2.5,
        },
    ],
    "component_modifiers": [],
}
