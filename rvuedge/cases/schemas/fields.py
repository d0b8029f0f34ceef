"""The case log's field types, limits and help texts, shared by its request and answer shapes."""

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

MAX_LINES = 30
MAX_VERSION = 2**31 - 1
CodeStr = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9]{5}$", description="CPT/HCPCS code, e.g. 47562")
]
ModifierStr = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9]{2}$", description="A two-character CPT/HCPCS modifier, e.g. 51"),
]
RowModifier = Literal["", "26", "TC", "53"]
EncounterRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._/#:-]*$",
        description="The charge, FIN or encounter number you see on the employer's report "
        "(used to match it); never a medical record number",
        examples=["FIN-20260914-07"],
    ),
]


class Role(StrEnum):
    """Your part in a case. A label: credit follows the lines' modifiers (-80/-82/-AS, -62)."""

    SURGEON = "surgeon"
    ASSISTANT = "assistant"
    CO_SURGEON = "co_surgeon"
    TEACHING = "teaching"


LocalityKey = Annotated[
    str, Field(pattern=r"^\d{5}-\d{2}$", description="MAC-locality, see GET /api/v1/localities")
]
SETTING_HELP = (
    "facility or non_facility; when left out, the saved site's setting (if `site` names one of "
    "/me/sites), else the profile's default_setting"
)
SITE_HELP = "Free text; naming one of your saved sites (/me/sites, any case) applies its setting"
LOCALITY_HELP = (
    "Medicare locality for estimated payments; when left out, the saved site's, else the profile's"
)


ROLE_HELP = (
    "Your part: surgeon (default), assistant, co_surgeon or teaching. A label only: credit "
    "follows the modifiers (-80/-81/-82/-AS, -62), and a warning says when the two disagree"
)
RELATED_HELP = (
    "Another of your cases this one follows, e.g. the original procedure for -58/-78/-79; "
    "a -78 line then continues that case's global period"
)
NOTE_HELP = (
    "A short private note (up to 280 characters); never patient information: the answer "
    "warns when the note looks like a name, date of birth or record number"
)
ENCOUNTER_HELP = (
    "The charge, FIN or encounter number on your employer's report (used to match it in "
    "reconciliations); never a medical record number"
)
