"""The role sets and shipped minimums per residency specialty, read from data/specialties.json."""

import json
from functools import cache
from importlib.resources import files

from rvuedge.calc.acgme import Minimum, Role, RoleSet


@cache
def _data() -> dict:
    text = files("rvuedge.residency").joinpath("data/specialties.json").read_text("utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def keys() -> list[str]:
    return list(_data())


@cache
def role_set(specialty: str) -> RoleSet:
    """The specialty's roles and counting rules (KeyError for an unknown specialty)."""
    entry = _data()[specialty]
    return RoleSet(
        specialty=specialty,
        name=entry["name"],
        roles=tuple(Role(r["code"], r["name"], r.get("description", "")) for r in entry["roles"]),
        surgeon_roles=frozenset(entry["surgeon_roles"]),
        category_roles=frozenset(entry["category_roles"]),
        teaching_role=entry.get("teaching_role"),
        teaching_cap=entry.get("teaching_cap"),
        chief_role=entry.get("chief_role"),
    )


def shipped_minimums(specialty: str) -> list[Minimum]:
    """The minimums shipped for the specialty (empty when none are)."""
    return [
        Minimum(m["category"], int(m["minimum"]), m.get("parent"))
        for m in _data()[specialty].get("minimums", [])
    ]
