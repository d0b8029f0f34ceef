"""Warnings for notes that look like patient information. Pure; a note is never refused for it."""

import re

_CHECKS = (
    (
        re.compile(r"\b(?:MRN|MR#|medical record|acct|account)\s*[:#]?\s*\w*\d", re.I),
        "a record number",
    ),
    (re.compile(r"\b\d{6,}\b"), "a record number"),
    (re.compile(r"\b(?:DOB|born|birth ?date)\b", re.I), "a birth date"),
    (re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-](?:19|20)?\d{2}\b"), "a date (birth date?)"),
    (re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z][a-z]+"), "a name"),
    (re.compile(r"\b(?:patient|pt)\s*(?:name)?\s*[:\-]\s*[A-Z][a-z]+", re.I), "a name"),
    (re.compile(r"\b[A-Z][a-z]+,\s*[A-Z][a-z]+\b"), "a name (Last, First)"),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "a social security number"),
)


def phi_warnings(note: str | None) -> list[str]:
    if not note:
        return []
    found = []
    for pattern, what in _CHECKS:
        if pattern.search(note) and what not in found:
            found.append(what)
    return [
        f"The note looks like it contains {what}. "
        "Notes must not identify a patient; please remove it."
        for what in found
    ]
