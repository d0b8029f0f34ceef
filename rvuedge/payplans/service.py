"""Pay plans and the compensation report. Services flush; the caller commits."""

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col

from rvuedge.calc import pay as c
from rvuedge.cases import queries
from rvuedge.failures import InvalidInput
from rvuedge.ownership import get_owned, owned_select
from rvuedge.payplans import schemas as s
from rvuedge.payplans.models import PayPlan
from rvuedge.users.models import User

EARLIEST = date(2000, 1, 1)
PROFILE_PLAN = "compensation_plan (profile)"


# --- The resource ---------------------------------------------------------------------------


def list_plans(session: Session, *, user_id: uuid.UUID) -> list[PayPlan]:
    statement = owned_select(PayPlan, user_id).order_by(
        col(PayPlan.effective_from), col(PayPlan.id)
    )
    return list(session.exec(statement))


def get_plan(session: Session, *, user_id: uuid.UUID, plan_id: uuid.UUID) -> PayPlan:
    return get_owned(session, PayPlan, user_id=user_id, row_id=plan_id, what="pay plan")


def _row_values(data: s.PayPlanCreate) -> dict[str, Any]:
    values = data.model_dump(mode="python")
    values["bands"] = [
        {"from_wrvu": str(b.from_wrvu), "dollars_per_wrvu": str(b.dollars_per_wrvu)}
        for b in data.bands
    ]
    return values


def _check_overlap(
    session: Session, *, user_id: uuid.UUID, data: s.PayPlanCreate, ignore: uuid.UUID | None
) -> None:
    for other in list_plans(session, user_id=user_id):
        if other.id == ignore:
            continue
        starts_before_other_ends = other.effective_to is None or data.effective_from <= (
            other.effective_to
        )
        other_starts_before_end = data.effective_to is None or other.effective_from <= (
            data.effective_to
        )
        if starts_before_other_ends and other_starts_before_end:
            until = other.effective_to.isoformat() if other.effective_to else "open-ended"
            raise InvalidInput(
                f"The dates overlap plan {other.name!r} ({other.effective_from} to {until}); "
                "end one plan the day before the next starts.",
                errors=[
                    {
                        "loc": ["body", "effective_from"],
                        "msg": f"overlaps plan {other.id} ({other.effective_from} to {until})",
                    }
                ],
            )


def create_plan(session: Session, *, user: User, data: s.PayPlanCreate) -> PayPlan:
    _check_overlap(session, user_id=user.id, data=data, ignore=None)
    plan = PayPlan(user_id=user.id, **_row_values(data))
    session.add(plan)
    session.flush()
    return plan


def _as_create(plan: PayPlan) -> dict[str, Any]:
    return {
        name: getattr(plan, name) for name in s.PayPlanCreate.model_fields if name not in ("bands",)
    } | {"bands": plan.bands}


def update_plan(
    session: Session,
    *,
    user: User,
    plan_id: uuid.UUID,
    data: s.PayPlanUpdate,
    now: datetime,
) -> PayPlan:
    plan = get_plan(session, user_id=user.id, plan_id=plan_id)
    merged = _as_create(plan) | data.model_dump(exclude_unset=True, mode="python")
    try:
        checked = s.PayPlanCreate.model_validate(merged)
    except ValidationError as exc:
        errors = [
            {"loc": ["body", *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()
        ]
        raise InvalidInput(
            "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or 'body'}: {e['msg']}" for e in errors),
            errors=errors,
        ) from None
    _check_overlap(session, user_id=user.id, data=checked, ignore=plan.id)
    for key, value in _row_values(checked).items():
        setattr(plan, key, value)
    plan.updated_at = now
    session.add(plan)
    session.flush()
    return plan


def delete_plan(session: Session, *, user: User, plan_id: uuid.UUID) -> None:
    session.delete(get_plan(session, user_id=user.id, plan_id=plan_id))
    session.flush()


def public(plan: PayPlan) -> s.PayPlanPublic:
    values = {name: getattr(plan, name) for name in s.PayPlanPublic.model_fields}
    values["bands"] = [s.BandOut(**b) for b in _decimal_bands(plan.bands)]
    return s.PayPlanPublic.model_validate(values)


# --- From rows to the pure module -----------------------------------------------------------


def _decimal_bands(bands: list[dict[str, Any]]) -> list[dict[str, Decimal]]:
    return [{k: Decimal(str(v)) for k, v in band.items()} for band in bands]


def _opt(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def to_compute(plan: PayPlan | s.PlanTerms, *, start: date | None = None) -> c.Plan:
    """A stored plan (or, with start, a hypothetical one running from start) for the pure module."""
    raw = plan.bands
    bands = tuple(
        c.Band(Decimal(str(b["from_wrvu"])), Decimal(str(b["dollars_per_wrvu"])))
        if isinstance(b, dict)
        else c.Band(b.from_wrvu, b.dollars_per_wrvu)
        for b in raw
    )
    return c.Plan(
        name=plan.name,
        effective_from=start or plan.effective_from,  # type: ignore[union-attr]
        effective_to=None if start else plan.effective_to,  # type: ignore[union-attr]
        base_salary=Decimal(str(plan.base_salary)),
        threshold_wrvu=Decimal(str(plan.threshold_wrvu)),
        bands=bands,
        accrual=c.Accrual(plan.accrual),
        measurement_period=c.MeasurementPeriod(plan.measurement_period),
        guarantee=_opt(plan.guarantee),
        monthly_draw=_opt(plan.monthly_draw),
        true_up=c.TrueUp(plan.true_up) if plan.true_up else None,
        clawback=bool(plan.clawback),
        fte=_opt(plan.fte),
    )


def profile_plan(settings: dict[str, Any]) -> c.Plan:
    """The profile's older compensation_plan, read as one open-ended, plan-year, marginal plan."""
    threshold = Decimal(str(settings["wrvu_threshold"]))
    bands = [c.Band(threshold, Decimal(str(settings["dollars_per_wrvu"])))]
    bands += [
        c.Band(Decimal(str(t["above_wrvu"])), Decimal(str(t["dollars_per_wrvu"])))
        for t in settings.get("tiers", [])
    ]
    return c.Plan(
        name=PROFILE_PLAN,
        effective_from=EARLIEST,
        effective_to=None,
        base_salary=Decimal(str(settings["base_salary"])),
        threshold_wrvu=threshold,
        bands=tuple(bands),
    )


def user_plans(session: Session, *, user: User) -> tuple[list[c.Plan], dict[str, uuid.UUID], str]:
    """The user's plans for the pure module, their ids by name, and where they came from."""
    rows = list_plans(session, user_id=user.id)
    if rows:
        return [to_compute(r) for r in rows], {r.name: r.id for r in rows}, "pay_plans"
    if user.compensation_plan:
        return [profile_plan(user.compensation_plan)], {}, "compensation_plan"
    return [], {}, "pay_plans"


def logged_wrvu(session: Session, *, user_id: uuid.UUID, start: date, end: date) -> c.WrvuSeries:
    """The user's credited wRVU per date of service (live cases only)."""
    return c.WrvuSeries(queries.case_totals(session, user_id=user_id, start=start, end=end))


# --- For other packages (reconciliation) ----------------------------------------------------


def dollars_for_extra_wrvu(
    session: Session, *, user: User, on: date, extra: Decimal
) -> c.ExtraValue:
    """What `extra` wRVU credited on `on` would pay under the user's plan in force that day.

    Loads the user's plans and that plan year's log, then calls the pure
    `compute.dollars_for_extra_wrvu` (which callers holding their own data can use directly).
    """
    plans, _ids, _source = user_plans(session, user=user)
    year_start, year_end = c.plan_year_bounds(on, user.fiscal_year_start_month)
    series = logged_wrvu(session, user_id=user.id, start=year_start, end=year_end)
    return c.dollars_for_extra_wrvu(
        plans, series, on=on, extra=extra, fiscal_start_month=user.fiscal_year_start_month
    )


def value_at_projected_year_end(
    session: Session, *, user: User, on: date, extra: Decimal, as_of: date
) -> c.ExtraValue:
    """`extra` wRVU dated `on` at the dollars per wRVU the plan in force that day pays at the
    projected end of its measurement period (the log to as_of, then the pace so far): what a
    wRVU the employer missed is worth. Calls the pure `calc.pay.value_at_projected_year_end`."""
    plans, _ids, _source = user_plans(session, user=user)
    year_start, year_end = c.plan_year_bounds(on, user.fiscal_year_start_month)
    series = logged_wrvu(session, user_id=user.id, start=year_start, end=year_end)
    return c.value_at_projected_year_end(
        plans,
        series,
        on=on,
        extra=extra,
        as_of=as_of,
        fiscal_start_month=user.fiscal_year_start_month,
    )
