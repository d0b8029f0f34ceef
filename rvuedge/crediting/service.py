"""Crediting presets and each user's dated crediting settings. Services flush; callers commit."""

import uuid
from bisect import bisect_right
from dataclasses import asdict, fields
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from rvuedge.calc.credit_settings import (
    CONTRACT_RELEASE,
    CONTRACT_SINCE,
    SWITCHES,
    Profile,
    credit_rules,
)
from rvuedge.calc.releases import parse_release_name
from rvuedge.catalog import service as catalog_service
from rvuedge.crediting.models import CreditPreset, CreditSetting
from rvuedge.crediting.schemas import CreditPresetPublic, CreditSettingCreate, CreditSettingPublic
from rvuedge.failures import Conflict, InvalidInput
from rvuedge.ownership import get_owned, owned_select
from rvuedge.readcache import cached
from rvuedge.stamps import settings_cache
from rvuedge.users.models import User
from rvuedge.users.profile_settings import CreditOverrides

BUILT_IN = {p.value for p in Profile}


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value


def _all_switches(settings: dict[str, Any]) -> dict[str, Any]:
    _name, rules = credit_rules(settings)
    values = asdict(rules)
    return {f.name: _json(values[f.name]) for f in fields(rules) if f.name in SWITCHES}


# --- Presets --------------------------------------------------------------------------------


def _preset_row(session: Session, name: str) -> CreditPreset | None:
    return session.exec(select(CreditPreset).where(CreditPreset.name == name)).first()


def resolved(session: Session, *, preset: str, overrides: dict[str, Any]) -> dict[str, Any]:
    """Stored settings the credit engine reads: a built-in preset, or an operator's with its
    base profile and switches carried along."""
    if preset in BUILT_IN:
        return {"preset": preset, "overrides": overrides}
    row = _preset_row(session, preset)
    if row is None:
        known = ", ".join(sorted(BUILT_IN | {p.name for p in session.exec(select(CreditPreset))}))
        raise InvalidInput(
            f"Unknown crediting preset {preset!r}. Known: {known}.",
            errors=[{"loc": ["body", "preset"], "msg": "unknown preset"}],
        )
    return {
        "preset": row.name,
        "preset_base": row.base,
        "preset_switches": row.switches,
        "overrides": overrides,
    }


def list_presets(session: Session) -> list[CreditPresetPublic]:
    out = []
    base_values = {p: _all_switches({"preset": p.value}) for p in Profile}
    for profile in Profile:
        changed = [
            k
            for k, v in base_values[profile].items()
            if v != base_values[Profile.PRODUCTIVITY_STANDARD][k]
        ]
        out.append(
            CreditPresetPublic(
                name=profile.value,
                description=(
                    "Productivity crediting (the default): CMS reductions, '+' rows credited."
                    if profile == Profile.PRODUCTIVITY_STANDARD
                    else "What Medicare would pay for: AS 13.6%, imaging PC 5%, no '+' rows."
                ),
                base=profile.value,
                switches=base_values[profile],
                changed=changed,
                built_in=True,
            )
        )
    for row in session.exec(select(CreditPreset).order_by(col(CreditPreset.name))):
        settings = resolved(session, preset=row.name, overrides={})
        values = _all_switches(settings)
        base = base_values[Profile(row.base)]
        out.append(
            CreditPresetPublic(
                name=row.name,
                description=row.description,
                base=row.base,
                switches=values,
                changed=[k for k, v in values.items() if v != base[k]],
                built_in=False,
            )
        )
    return out


def _check_switches(raw: dict[str, Any], loc: str) -> dict[str, Any]:
    try:
        checked = CreditOverrides.model_validate(raw)
    except ValidationError as exc:
        errors = [
            {"loc": [loc, *e["loc"]], "msg": e["msg"], "type": e["type"]} for e in exc.errors()
        ]
        raise InvalidInput(
            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors),
            errors=errors,
        ) from None
    return checked.model_dump(mode="json", exclude_none=True)


def create_preset(
    session: Session,
    *,
    name: str,
    base: str,
    switches: dict[str, Any],
    description: str | None = None,
) -> CreditPreset:
    """An operator's named preset (e.g. an employer's rules), for users to pick by name."""
    name = name.strip()
    if not name or len(name) > 40 or name in BUILT_IN:
        raise InvalidInput(
            f"A preset name must be 1-40 characters and not a built-in one ({name!r}).",
            errors=[{"loc": ["name"], "msg": "invalid name"}],
        )
    if base not in BUILT_IN:
        raise InvalidInput(
            f"base must be one of {', '.join(sorted(BUILT_IN))}, not {base!r}.",
            errors=[{"loc": ["base"], "msg": "unknown base"}],
        )
    if _preset_row(session, name) is not None:
        raise Conflict(f"A crediting preset named {name!r} already exists.")
    row = CreditPreset(
        name=name,
        base=base,
        switches=_check_switches(switches, "switches"),
        description=description,
    )
    session.add(row)
    session.flush()
    return row


# --- A user's dated settings ----------------------------------------------------------------


def list_settings(session: Session, *, user_id: uuid.UUID) -> list[CreditSetting]:
    return list(
        session.exec(
            owned_select(CreditSetting, user_id).order_by(col(CreditSetting.effective_from))
        )
    )


def public_settings(rows: list[CreditSetting]) -> list[CreditSettingPublic]:
    out = []
    for i, row in enumerate(rows):
        following = rows[i + 1].effective_from if i + 1 < len(rows) else None
        out.append(
            CreditSettingPublic(
                id=row.id,
                effective_from=row.effective_from,
                effective_to=following - timedelta(days=1) if following else None,
                preset=row.preset,
                overrides=row.overrides,
                credit_with_release=row.credit_with_release,
                created_at=row.created_at,
            )
        )
    return out


def contract_release(session: Session, name: str) -> str:
    """A release a contract year may credit with: a loaded, final one (422 otherwise)."""
    loc = ["body", "credit_with_release"]
    releases = catalog_service.list_releases(session, proposed=True)
    final = [r.name for r in releases if not r.proposed]
    loaded = ", ".join(final) or "none"
    try:
        year, quarter = parse_release_name(name)
    except ValueError as exc:
        raise InvalidInput(
            f"{exc}. Loaded releases: {loaded}.",
            errors=[{"loc": loc, "msg": "not a release name"}],
            loaded=final,
        ) from None
    wanted = f"{year}{quarter}"
    for release in releases:
        if release.name == wanted and release.proposed:
            raise InvalidInput(
                f"Release {wanted} is a proposed rule's numbers: a proposed release never "
                f"values a case. Loaded final releases: {loaded}.",
                errors=[{"loc": loc, "msg": "a proposed release never values a case"}],
                loaded=final,
            )
    if wanted not in final:
        raise InvalidInput(
            f"Release {wanted} is not loaded. Loaded releases: {loaded}.",
            errors=[{"loc": loc, "msg": f"not a loaded release ({loaded})"}],
            loaded=final,
        )
    return wanted


def add_setting(session: Session, *, user: User, data: CreditSettingCreate) -> CreditSetting:
    overrides = data.overrides.model_dump(mode="json", exclude_none=True)
    resolved(session, preset=data.preset, overrides=overrides)  # the preset must exist
    release = (
        contract_release(session, data.credit_with_release)
        if data.credit_with_release is not None
        else None
    )
    clash = session.exec(
        owned_select(CreditSetting, user.id).where(
            CreditSetting.effective_from == data.effective_from
        )
    ).first()
    if clash is not None:
        raise InvalidInput(
            f"An entry already starts on {data.effective_from}; delete it first.",
            errors=[{"loc": ["body", "effective_from"], "msg": "an entry starts that day"}],
        )
    row = CreditSetting(
        user_id=user.id,
        effective_from=data.effective_from,
        preset=data.preset,
        overrides=overrides,
        credit_with_release=release,
    )
    session.add(row)
    session.flush()
    return row


def delete_setting(session: Session, *, user: User, setting_id: uuid.UUID) -> None:
    row = get_owned(
        session, CreditSetting, user_id=user.id, row_id=setting_id, what="crediting setting"
    )
    session.delete(row)
    session.flush()


def assign(session: Session, *, preset: str, effective_from: date, users: list[User]) -> int:
    """An operator gives a group of users a preset from a date (replacing an entry that day)."""
    resolved(session, preset=preset, overrides={})
    for user in users:
        existing = session.exec(
            owned_select(CreditSetting, user.id).where(
                CreditSetting.effective_from == effective_from
            )
        ).first()
        if existing is not None:
            session.delete(existing)
            session.flush()
        session.add(
            CreditSetting(
                user_id=user.id, effective_from=effective_from, preset=preset, overrides={}
            )
        )
    session.flush()
    return len(users)


def _in_force(session: Session, row: CreditSetting) -> dict[str, Any]:
    """What the credit engine and the valuation read for one dated entry."""
    settings = resolved(session, preset=row.preset, overrides=row.overrides)
    if row.credit_with_release:
        settings[CONTRACT_RELEASE] = row.credit_with_release
        settings[CONTRACT_SINCE] = row.effective_from.isoformat()
    return settings


class SettingsByDate:
    """A user's crediting settings in force on any date: the dated entry that started last on or
    before it, or (before the first entry) the profile's credit_settings."""

    def __init__(self, session: Session, user: User):
        self._default = user.credit_settings or {}
        # The dated entries are kept per process and settings stamp (rvuedge/stamps.py); the
        # profile's own settings come with the user, read by this request.
        self._starts, self._settings = settings_cache.get(
            session, ("credit settings", user.id), lambda: _dated(session, user.id)
        )

    def on(self, day: date) -> dict[str, Any]:
        index = bisect_right(self._starts, day)
        return self._settings[index - 1] if index else self._default


def _dated(session: Session, user_id: uuid.UUID) -> tuple[list[date], list[dict[str, Any]]]:
    rows = list_settings(session, user_id=user_id)
    return (
        [r.effective_from for r in rows],
        [_in_force(session, r) for r in rows],
    )


def settings_on(session: Session, *, user: User, on: date) -> dict[str, Any]:
    by_date = cached(session, ("credit settings", user.id), lambda: SettingsByDate(session, user))
    return by_date.on(on)
