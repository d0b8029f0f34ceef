"""CPT/HCPCS category of a code by its form (wrvu-rules.md section 3.1).

Overrides come first because numeric ranges misclassify some codes.
"""

import re
from enum import StrEnum


class Category(StrEnum):
    CATEGORY_II = "Category II"
    CATEGORY_III = "Category III"
    PLA = "PLA"
    VACCINE_ADMIN = "Vaccine administration"
    HCPCS_II = "HCPCS Level II"
    ANESTHESIA = "Anesthesia"
    SURGERY = "Surgery"
    RADIOLOGY = "Radiology"
    PATHOLOGY = "Pathology & Laboratory"
    EM = "Evaluation & Management"
    MEDICINE = "Medicine"
    OTHER = "Other"


# (first, last, category), checked before the range table.
_OVERRIDES: tuple[tuple[int, int, Category], ...] = (
    (98000, 98016, Category.EM),  # telemedicine E/M (CPT 2025) sits inside Medicine numerically
    (99100, 99140, Category.ANESTHESIA),  # anesthesia qualifying-circumstance add-ons
    (99151, 99157, Category.MEDICINE),  # moderate sedation
)

_RANGES: tuple[tuple[int, int, Category], ...] = (
    (100, 1999, Category.ANESTHESIA),
    (10004, 69990, Category.SURGERY),
    (70010, 79999, Category.RADIOLOGY),
    (80047, 89398, Category.PATHOLOGY),
    (99202, 99499, Category.EM),
    (90281, 99199, Category.MEDICINE),
    (99500, 99607, Category.MEDICINE),
)

_PATTERNS: tuple[tuple[re.Pattern[str], Category], ...] = (
    (re.compile(r"^\d{4}F$"), Category.CATEGORY_II),
    (re.compile(r"^\d{4}T$"), Category.CATEGORY_III),
    (re.compile(r"^\d{4}U$"), Category.PLA),
    (re.compile(r"^\d{4}A$"), Category.VACCINE_ADMIN),
    (re.compile(r"^[A-V]\d{4}$"), Category.HCPCS_II),
)


def category_of(hcpcs: str) -> Category:
    code = hcpcs.strip().upper()
    for pattern, category in _PATTERNS:
        if pattern.match(code):
            return category
    if not re.fullmatch(r"\d{5}", code):
        return Category.OTHER
    number = int(code)
    for first, last, category in _OVERRIDES + _RANGES:
        if first <= number <= last:
            return category
    return Category.OTHER
