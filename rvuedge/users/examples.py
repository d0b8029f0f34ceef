"""Examples shown in the API's schema for accounts and profiles."""

from typing import Any

PROFILE_EXAMPLE: dict[str, Any] = {
    "id": "6a1f4c9e-0b3d-4e2a-8f57-9d2c1b7e4a36",
    "email": "dr.example@example.org",
    "display_name": "Dr. Example",
    "specialty": None,
    "career_stage": "attending",
    "clinical_fte": 1.0,
    "time_zone": "America/Chicago",
    "fiscal_year_start_month": 7,
    "default_setting": "facility",
    "locality": None,
    "monthly_wrvu_goal": 650.0,
    "annual_wrvu_goal": 7800.0,
    "credit_settings": {"profile": "productivity_standard", "overrides": {}},
    "compensation_plan": {
        "base_salary": 350000.0,
        "wrvu_threshold": 6500.0,
        "dollars_per_wrvu": 52.0,
        "tiers": [{"above_wrvu": 8000.0, "dollars_per_wrvu": 58.0}],
    },
    "benchmark_source": None,
    "conversion_factor_choice": "non_apm",
    "created_at": "2026-07-01T14:03:22Z",
}
