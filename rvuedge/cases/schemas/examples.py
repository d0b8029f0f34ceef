"""Examples shown in the API's schema: a laparoscopic cholecystectomy with an inguinal hernia
repair, valued with the 2026C release under productivity_standard (what POST /cases answers for
this body), and the same case seen through the sync feed and an offline batch."""

from typing import Any

_ADJUST_FIRST = {
    "rule": "multiple_procedure",
    "factor": 1.0,
    "reason": "ranked 1st by fee: 100%",
    "switch": "mppr_schedule",
    "preset": "productivity_standard",
}
_LINES_EXAMPLE: list[dict[str, Any]] = [
    {
        "position": 1,
        "code": "47562",
        "modifiers": [],
        "units": 1,
        "release": "2026C",
        "provisional": False,
        "row_modifier": "",
        "base_wrvu": 10.21,
        "adjustments": [_ADJUST_FIRST],
        "credited_wrvu": 10.21,
        "credited_wrvu_exact": "10.21",
        "flags": [],
        "rank": 1,
        "global_days": "090",
        "global_period_end": "2026-12-13",
        "global_period_case_id": None,
        "global_note": None,
    },
    {
        "position": 2,
        "code": "49505",
        "modifiers": ["51"],
        "units": 1,
        "release": "2026C",
        "provisional": False,
        "row_modifier": "",
        "base_wrvu": 7.76,
        "adjustments": [
            {**_ADJUST_FIRST, "factor": 0.5, "reason": "ranked 2nd by fee: 50%"},
        ],
        "credited_wrvu": 3.88,
        "credited_wrvu_exact": "3.88",
        "flags": [],
        "rank": 2,
        "global_days": "090",
        "global_period_end": "2026-12-13",
        "global_period_case_id": None,
        "global_note": None,
    },
]
CREDIT_EXAMPLE: dict[str, Any] = {
    "date_of_service": "2026-09-14",
    "setting": "facility",
    "setting_source": "case",
    "release": "2026C",
    "release_note": None,
    "provisional": False,
    "credit_profile": "productivity_standard",
    "total_wrvu": 14.09,
    "total_wrvu_exact": "14.09",
    "base_wrvu": 17.97,
    "lines": _LINES_EXAMPLE,
    "notes": [],
    "warnings": [],
}
CASE_ID_EXAMPLE = "3f2b8c1e-5d4a-4e7b-9c2d-1a6f0e8b7c45"
CASE_EXAMPLE: dict[str, Any] = {
    **CREDIT_EXAMPLE,
    "id": CASE_ID_EXAMPLE,
    "site": "Main OR",
    "locality": None,
    "role": "surgeon",
    "related_case_id": None,
    "note": "Booked as add-on",
    "encounter_ref": "FIN-20260914-07",
    "import_id": None,
    "version": 1,
    "payment_locality": None,
    "created_at": "2026-09-14T21:32:05Z",
    "updated_at": "2026-09-14T21:32:05Z",
    "deleted": False,
}
CASE_BODY_EXAMPLE: dict[str, Any] = {
    "date_of_service": "2026-09-14",
    "setting": "facility",
    "site": "Main OR",
    "lines": [{"code": "47562"}, {"code": "49505", "modifiers": ["51"]}],
}


# A second case, logged offline: one right inguinal hernia repair (7.76 wRVU in 2026C).
OFFLINE_ID = "8d0c6e52-71a3-4f0e-b5d9-2c4e6a8f1b37"
OFFLINE_LINE = {
    "position": 1,
    "code": "49505",
    "modifiers": ["RT"],
    "units": 1,
    "release": "2026C",
    "provisional": False,
    "row_modifier": "",
    "base_wrvu": 7.76,
    "adjustments": [],
    "credited_wrvu": 7.76,
    "credited_wrvu_exact": "7.76",
    "flags": [],
    "rank": None,
    "global_days": "090",
    "global_period_end": "2026-12-14",
    "global_period_case_id": None,
    "global_note": None,
}
OFFLINE_CASE = {
    **CASE_EXAMPLE,
    "id": OFFLINE_ID,
    "date_of_service": "2026-09-15",
    "setting_source": "profile",
    "site": None,
    "note": None,
    "encounter_ref": None,
    "total_wrvu": 7.76,
    "total_wrvu_exact": "7.76",
    "base_wrvu": 7.76,
    "lines": [OFFLINE_LINE],
    "created_at": "2026-09-15T22:10:41Z",
    "updated_at": "2026-09-15T22:10:41Z",
}
UPDATED_CASE = {**CASE_EXAMPLE, "note": None, "version": 2, "updated_at": "2026-09-15T22:10:41Z"}


SYNC_FEED_EXAMPLES: list[Any] = [
    {
        "changes": [
            {
                "id": CASE_ID_EXAMPLE,
                "change": "created",
                "version": 1,
                "changed_at": "2026-09-14T21:32:05Z",
                "case": CASE_EXAMPLE,
            },
            {
                "id": "c41e9a07-2b6d-4f38-9e15-7a0d3c8b5f62",
                "change": "deleted",
                "version": 3,
                "changed_at": "2026-09-14T22:02:17Z",
                "case": None,
            },
        ],
        "next_cursor": "YzE6Mg",
        "has_more": False,
    }
]


SYNC_BATCH_EXAMPLES: list[Any] = [
    {
        "operations": [
            {
                "op": "update",
                "id": CASE_ID_EXAMPLE,
                "changes": {"version": 1, "note": None},
            },
            {
                "op": "create",
                "case": {
                    "id": OFFLINE_ID,
                    "date_of_service": "2026-09-15",
                    "lines": [{"code": "49505", "modifiers": ["RT"]}],
                },
            },
            {
                "op": "delete",
                "id": "c41e9a07-2b6d-4f38-9e15-7a0d3c8b5f62",
                "version": 2,
            },
        ]
    }
]


SYNC_RESULTS_EXAMPLES: list[Any] = [
    {
        "results": [
            {
                "index": 0,
                "op": "update",
                "id": CASE_ID_EXAMPLE,
                "status": "updated",
                "case": UPDATED_CASE,
                "server_version": 2,
                "detail": None,
                "errors": [],
            },
            {
                "index": 1,
                "op": "create",
                "id": OFFLINE_ID,
                "status": "created",
                "case": OFFLINE_CASE,
                "server_version": 1,
                "detail": None,
                "errors": [],
            },
            {
                "index": 2,
                "op": "delete",
                "id": "c41e9a07-2b6d-4f38-9e15-7a0d3c8b5f62",
                "status": "deleted",
                "case": None,
                "server_version": 3,
                "detail": None,
                "errors": [],
            },
        ]
    }
]
