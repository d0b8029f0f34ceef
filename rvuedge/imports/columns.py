"""Which column holds what: header names recognised across logging apps and billing extracts
(Epic, Cerner and others name the same column differently), and a caller's mapping override. Pure.
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Field(StrEnum):
    DATE_OF_SERVICE = "date_of_service"
    CODE = "code"
    MODIFIERS = "modifiers"
    MODIFIER_1 = "modifier_1"
    MODIFIER_2 = "modifier_2"
    MODIFIER_3 = "modifier_3"
    MODIFIER_4 = "modifier_4"
    UNITS = "units"
    SITE = "site"
    SETTING = "setting"
    ROLE = "role"
    ENCOUNTER_REF = "encounter_ref"
    NOTE = "note"
    # Employer reports only
    POST_DATE = "post_date"
    VOID_DATE = "void_date"
    WRVU = "wrvu"
    PROVIDER = "provider"


MODIFIER_FIELDS = (Field.MODIFIER_1, Field.MODIFIER_2, Field.MODIFIER_3, Field.MODIFIER_4)
LOG_FIELDS = frozenset(
    {
        Field.DATE_OF_SERVICE,
        Field.CODE,
        Field.MODIFIERS,
        *MODIFIER_FIELDS,
        Field.UNITS,
        Field.SITE,
        Field.SETTING,
        Field.ROLE,
        Field.ENCOUNTER_REF,
        Field.NOTE,
    }
)
REPORT_FIELDS = frozenset(
    {
        Field.DATE_OF_SERVICE,
        Field.CODE,
        Field.MODIFIERS,
        *MODIFIER_FIELDS,
        Field.UNITS,
        Field.SITE,
        Field.ENCOUNTER_REF,
        Field.POST_DATE,
        Field.VOID_DATE,
        Field.WRVU,
        Field.PROVIDER,
    }
)

# Header names, compared without case, spaces or punctuation ("Date of Service" = "dateofservice").
SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.DATE_OF_SERVICE: (
        "dateofservice",
        "dos",
        "servicedate",
        "svcdate",
        "dateofsvc",
        "date",
        "servicefromdate",
        "fromdate",
        "dosfrom",
        "proceduredate",
        "proceduredt",
        "casedate",
        "surgerydate",
        "encounterdate",
        "visitdate",
        "svcdt",
        "servicedt",
    ),
    Field.CODE: (
        "cpt",
        "cptcode",
        "code",
        "hcpcs",
        "hcpcscode",
        "cpthcpcs",
        "cpthcpcscode",
        "procedurecode",
        "proccode",
        "cpt4",
        "cpt4code",
        "billingcode",
        "procedure",
        "cptcodes",
        "cptproc",
    ),
    Field.MODIFIERS: ("modifiers", "modifier", "mods", "mod", "cptmodifiers", "cptmodifier"),
    Field.MODIFIER_1: ("modifier1", "mod1", "cptmodifier1", "modifierone", "m1"),
    Field.MODIFIER_2: ("modifier2", "mod2", "cptmodifier2", "modifiertwo", "m2"),
    Field.MODIFIER_3: ("modifier3", "mod3", "cptmodifier3", "modifierthree", "m3"),
    Field.MODIFIER_4: ("modifier4", "mod4", "cptmodifier4", "modifierfour", "m4"),
    Field.UNITS: (
        "units",
        "unit",
        "qty",
        "quantity",
        "servicequantity",
        "serviceunits",
        "procqty",
        "count",
        "chargequantity",
    ),
    Field.SITE: ("site", "location", "department", "dept", "facility", "hospital", "servicearea"),
    Field.SETTING: ("setting", "pos", "placeofservice", "postype", "poscode", "facilitytype"),
    Field.ROLE: ("role", "providerrole", "surgeonrole", "myrole"),
    Field.ENCOUNTER_REF: (
        "encounterref",
        "encounter",
        "encounternumber",
        "encounterno",
        "encounterid",
        "fin",
        "finnumber",
        "csn",
        "invoice",
        "invoicenumber",
        "invoiceno",
        "chargenumber",
        "chargeid",
        "chargeno",
        "case",
        "casenumber",
        "caseno",
        "caseid",
        "caseref",
        "visitnumber",
        "visitid",
    ),
    Field.NOTE: ("note", "notes", "comment", "comments", "memo"),
    Field.POST_DATE: (
        "postdate",
        "posteddate",
        "postingdate",
        "datepost",
        "dateposted",
        "postdt",
        "billdate",
    ),
    Field.VOID_DATE: (
        "voiddate",
        "voideddate",
        "reversaldate",
        "reverseddate",
        "datevoided",
        "voiddt",
    ),
    Field.WRVU: (
        "wrvu",
        "wrvus",
        "workrvu",
        "workrvus",
        "creditedwrvu",
        "totalwrvu",
        "totalwrvus",
        "wrvucredit",
        "rvuwork",
        "workrvuunits",
        "wrvutotal",
    ),
    Field.PROVIDER: (
        "billingprovider",
        "provider",
        "renderingprovider",
        "serviceprovider",
        "performingprovider",
        "physician",
    ),
}


@dataclass(frozen=True)
class ColumnChoice:
    field: Field
    index: int  # 0-based column index
    header: str
    how: str  # "recognised from the header" or "set by the mapping"


class MappingProblem(Exception):
    def __init__(self, detail: str, errors: list[dict[str, Any]]):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


def normalize(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


_LOOKUP = {name: f for f, names in SYNONYMS.items() for name in names}


def recognise(header: list[str], allowed: frozenset[Field]) -> dict[Field, ColumnChoice]:
    """Each allowed field's column, by header name; the first column of a name wins."""
    chosen: dict[Field, ColumnChoice] = {}
    for index, name in enumerate(header):
        found = _LOOKUP.get(normalize(name))
        if found is not None and found in allowed and found not in chosen:
            chosen[found] = ColumnChoice(
                found, index, name, f"header {name!r} recognised as {found.value}"
            )
    return chosen


def looks_like_header(allowed: frozenset[Field]) -> Any:
    def check(header: list[str]) -> bool:
        found = recognise(header, allowed)
        return Field.CODE in found and Field.DATE_OF_SERVICE in found

    return check


def apply_mapping(
    header: list[str],
    recognised: dict[Field, ColumnChoice],
    mapping: dict[str, Any] | None,
    allowed: frozenset[Field],
) -> dict[Field, ColumnChoice]:
    """The recognised columns with the caller's choices on top. A mapping value is a header name
    (any case), a 1-based column number, or null to ignore a recognised column."""
    chosen = dict(recognised)
    errors: list[dict[str, Any]] = []
    names = {normalize(h): i for i, h in reversed(list(enumerate(header)))}
    for key, value in (mapping or {}).items():
        try:
            target = Field(key)
        except ValueError:
            target = None
        if target is None or target not in allowed:
            known = ", ".join(sorted(f.value for f in allowed))
            errors.append({"row": None, "column": key, "msg": f"unknown field; use one of {known}"})
            continue
        if value is None or value == "":
            chosen.pop(target, None)
            continue
        index = _column_index(value, header, names)
        if index is None:
            errors.append(
                {
                    "row": None,
                    "column": key,
                    "msg": f"no column {value!r} in the file (columns: {', '.join(header)})",
                }
            )
            continue
        for other, choice in list(chosen.items()):
            if choice.index == index and other != target:
                chosen.pop(other)  # one column serves one field
        chosen[target] = ColumnChoice(target, index, header[index], "set by the mapping")
    if errors:
        raise MappingProblem(
            "The mapping names " + "; ".join(f"{e['column']}: {e['msg']}" for e in errors), errors
        )
    return chosen


def _column_index(value: Any, header: list[str], names: dict[str, int]) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value - 1 if 1 <= value <= len(header) else None
    if isinstance(value, str):
        return names.get(normalize(value))
    return None
