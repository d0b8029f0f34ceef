"""The reports add up to what the lines add up to (tests/reports/oracle.py) on random logs.

Random cases are created, changed, moved, deleted and revalued through the case service (so the
daily rollup is maintained the way the API maintains it), then every report is asked for and
each figure it adds up from the log is held against the same figure summed over the lines in
plain Python: to the cent and the 0.01 wRVU, in the user's fiscal year. Runs on the engine under
test (SQLite by default, PostgreSQL in CI's second pass).
"""

import csv
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from rvuedge.calc.periods import Period
from rvuedge.cases import service as cases
from rvuedge.cases.schemas import CaseCreate, CaseUpdate, LineIn
from rvuedge.config import get_settings
from rvuedge.errors import InvalidInput
from rvuedge.reports import service as sql_reports
from rvuedge.users.models import User
from tests.conftest import TODAY
from tests.reports import oracle

with (get_settings().SEED_DIR / "codes.csv").open() as f:
    SEED_CODES = sorted(row["code"] for row in csv.DictReader(f))
CODES = st.sampled_from(SEED_CODES)
MODIFIERS = st.sampled_from([[], [], [], ["51"], ["59"], ["50"], ["80"], ["62"], ["22"], ["52"]])
FIRST_DAY = date(2024, 12, 1)  # the seed has 2025 and 2026 releases; 2024 is refused
DAYS = st.dates(min_value=FIRST_DAY, max_value=TODAY)
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)

line = st.builds(
    lambda code, mods, units: LineIn(code=code, modifiers=mods, units=units),
    CODES,
    MODIFIERS,
    st.sampled_from([1, 1, 1, 2, 3]),
)
create = st.tuples(
    st.just("create"),
    DAYS,
    st.lists(line, min_size=1, max_size=4),
    st.sampled_from([None, "", "Main OR", "ASC", "(no site)", "Clinic"]),
    st.sampled_from(["surgeon", "assistant", "co_surgeon"]),
    st.sampled_from(["facility", "non_facility"]),
)
change = st.tuples(st.sampled_from(["delete", "move", "relog"]), st.integers(0, 50), DAYS)
revalue = st.tuples(st.just("revalue"), DAYS, DAYS)
operations = st.lists(st.one_of(create, create, create, change, revalue), min_size=1, max_size=25)
profile = st.fixed_dictionaries(
    {
        "fiscal_year_start_month": st.integers(1, 12),
        "clinical_fte": st.sampled_from([Decimal("1.0"), Decimal("0.8"), Decimal("0.55")]),
        "annual_wrvu_goal": st.sampled_from([None, Decimal("6500.00"), Decimal("12.34")]),
        "monthly_wrvu_goal": st.sampled_from([None, Decimal("500.00")]),
        "specialty": st.sampled_from(["General Surgery", "Family Medicine", "Urology"]),
        "compensation_plan": st.sampled_from(
            [
                None,
                {
                    "base_salary": "250000",
                    "wrvu_threshold": "5000",
                    "dollars_per_wrvu": "55.5",
                    "tiers": [{"above_wrvu": "7000", "dollars_per_wrvu": "61.25"}],
                },
            ]
        ),
    }
)
questions = st.fixed_dictionaries(
    {
        "period": st.sampled_from(list(Period)),
        "start": st.dates(min_value=date(2024, 6, 1), max_value=TODAY),
        "span_days": st.integers(0, 1200),
        "today": st.dates(min_value=date(2025, 1, 1), max_value=TODAY),
        "basis": st.sampled_from(
            [
                "ytd_annualized",
                "fiscal_ytd_annualized",
                "trailing_12_months",
                "calendar_year:2025",
                "fiscal_year",
            ]
        ),
    }
)


def _apply(session: Session, user: User, ops: list) -> None:  # noqa: ANN401
    logged: list[uuid.UUID] = []
    for op in ops:
        attempt = session.begin_nested()  # as the API rolls a refused request back
        try:
            if op[0] == "create":
                _, day, lines, site, role, setting = op
                data = CaseCreate(
                    date_of_service=day, lines=lines, site=site, role=role, setting=setting
                )
                case, _ = cases.create_case(session, user=user, data=data, today=TODAY)
                logged.append(case.id)
            elif op[0] == "revalue":
                _, a, b = op
                cases.revalue(session, start=min(a, b), end=max(a, b), now=NOW, user=user)
            elif logged:
                kind, index, day = op
                case = cases.get_case(session, user=user, case_id=logged[index % len(logged)])
                if kind == "delete":
                    cases.delete_case(session, user=user, case_id=case.id, now=NOW)
                    logged.remove(case.id)
                else:
                    update = {"version": case.version, "date_of_service": day}
                    if kind == "relog":
                        update["lines"] = [LineIn(code=SEED_CODES[index % len(SEED_CODES)])]
                    cases.update_case(
                        session,
                        user=user,
                        case_id=case.id,
                        data=CaseUpdate(**update),
                        today=TODAY,
                        now=NOW,
                    )
        except InvalidInput:
            attempt.rollback()  # a combination the engine refuses
        else:
            attempt.commit()


def differences(actual: object, expected: object, path: str = "") -> list[str]:
    """Where actual differs from expected; a dict expected checks only its own keys."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [d for k in expected for d in differences(actual.get(k), expected[k], f"{path}.{k}")]
    if isinstance(expected, list) and isinstance(actual, list) and len(actual) == len(expected):
        return [
            d
            for i, (a, e) in enumerate(zip(actual, expected, strict=True))
            for d in differences(a, e, f"{path}[{i}]")
        ]
    return [] if actual == expected else [f"{path}: report {actual!r} != lines {expected!r}"]


def matches(actual: dict, expected: dict) -> None:  # noqa: ANN001
    found = differences(actual, expected)
    assert not found, "\n".join(found[:10])


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations, who=profile, ask=questions)
def test_sql_reports_equal_the_python_reports(session: Session, ops, who, ask) -> None:  # noqa: ANN001
    user = User(
        email=f"{uuid.uuid4().hex}@example.org",
        password_hash="not-a-hash",
        display_name="Dr. Property",
        time_zone="America/Chicago",
        **who,
    )
    session.add(user)
    session.flush()
    try:
        _apply(session, user, ops)
        session.flush()
        lines = oracle.live_lines(session, user_id=user.id)
        start = ask["start"]
        end = min(start + timedelta(days=ask["span_days"]), TODAY)
        totals = sql_reports.totals(
            session, user=user, period=ask["period"], start=start, end=end
        ).model_dump()
        matches(totals, oracle.totals(lines, totals))
        breakdown = sql_reports.breakdown(session, user=user, start=start, end=end).model_dump()
        breakdown["by_rule"] = {r["rule"]: r for r in breakdown["by_rule"]}  # ties in any order
        matches(breakdown, oracle.breakdown(lines, start, end))
        today = ask["today"]
        summary = sql_reports.summary(session, user=user, today=today).model_dump()
        matches(
            summary,
            oracle.summary(
                lines,
                summary,
                annual_goal=user.annual_wrvu_goal,
                monthly_goal=user.monthly_wrvu_goal,
            ),
        )
        asked = {"specialty": None, "source": None, "year": None, "basis": ask["basis"]}
        benchmark = sql_reports.benchmark_report(session, user=user, today=today, **asked)
        matches(benchmark.model_dump(), oracle.benchmark(lines, benchmark.model_dump()))
    finally:
        session.rollback()
