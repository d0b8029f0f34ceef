"""The seed names every code a fresh install can value, in rvuedge's own words.

Read straight from the shipped CMS files (2025D and 2026C): every status-A code with work RVUs
(no modifier) has a name in seed/codes.csv, and no name equals or nearly equals its CMS short
descriptor (tests/catalog/descriptor_overlap.py says how near is too near).
"""

import csv
from decimal import Decimal
from pathlib import Path

from rvuedge.catalog.seed import read_codes
from rvuedge.config import get_settings
from tests.catalog.descriptor_overlap import TOO_CLOSE, normalized, overlap
from tests.conftest import RVU_2025, RVU_2026

SEED = get_settings().SEED_DIR
SPECIALTIES = {
    "General Surgery", "Colorectal Surgery", "Orthopedic Surgery", "Spine Surgery",
    "Neurosurgery", "Urology", "Otolaryngology", "Obstetrics and Gynecology", "Vascular Surgery",
    "Cardiothoracic Surgery", "Cardiology", "Gastroenterology", "Plastic Surgery", "Dermatology",
    "Ophthalmology", "Pain Medicine", "Anesthesiology", "Interventional Radiology",
    "Diagnostic Radiology", "Emergency Medicine", "Critical Care", "Primary Care",
    "Family Medicine", "Internal Medicine", "Hospital Medicine", "Pediatrics",
    # used by the first 532 names
    "Neurology", "Pathology", "Psychiatry", "Pulmonary Medicine",
}  # fmt: skip


def _descriptors(path: Path) -> dict[str, tuple[str, str, Decimal]]:
    """code -> (status, short descriptor, work RVU) of the rows without a modifier."""
    lines = list(csv.reader(path.open(encoding="latin-1", newline="")))
    at = next(i for i, r in enumerate(lines) if r and r[0] == "HCPCS")
    return {r[0]: (r[3], r[2], Decimal(r[5] or "0")) for r in lines[at + 1 :] if r and r[1] == ""}


FILES = {path.name: _descriptors(path) for path in (RVU_2025, RVU_2026)}


def _priced() -> set[str]:
    return {
        code
        for rows in FILES.values()
        for code, (status, _, work) in rows.items()
        if status == "A" and work > 0
    }


def test_every_status_a_code_with_work_rvus_has_a_name() -> None:
    priced = _priced()
    assert len(priced) > 7000  # both files: 7,195 in 2026C alone
    named = {c.hcpcs for c in read_codes(SEED) if c.name}
    missing = sorted(priced - named)
    assert missing == [], f"{len(missing)} of {len(priced)} without a name: {missing[:20]}"


def test_seed_rows_are_well_formed() -> None:
    with (SEED / "codes.csv").open(newline="", encoding="utf-8") as handle:
        raw = handle.read()
    assert raw.isascii()
    codes = read_codes(SEED)
    hcpcs = [c.hcpcs for c in codes]
    assert hcpcs == sorted(hcpcs)
    assert len(set(hcpcs)) == len(hcpcs)
    known = set().union(*(rows.keys() for rows in FILES.values()))
    assert [c for c in hcpcs if c not in known] == []  # every code is one CMS prices
    assert {s for c in codes for s in c.specialties} <= SPECIALTIES
    for c in codes:
        assert 1 <= len(c.name.split()) <= 16 and len(c.name) <= 120, c
        assert not (c.aliases and not c.plain_language), f"{c.hcpcs}: aliases, no explanation"


def test_no_name_equals_or_nearly_equals_its_cms_descriptor() -> None:
    """Same words after normalizing (case, punctuation, abbreviations spelled out, word order),
    or a word overlap (Jaccard) at or above TOO_CLOSE against either year's descriptor."""
    close = []
    for code in read_codes(SEED):
        for rows in FILES.values():
            if code.hcpcs not in rows:
                continue
            descriptor = rows[code.hcpcs][1]
            score = overlap(code.name, descriptor)
            if normalized(code.name) == normalized(descriptor) or score >= TOO_CLOSE:
                close.append((code.hcpcs, code.name, round(score, 2)))
    assert close == []


def test_the_overlap_measure_catches_an_expanded_descriptor() -> None:
    """The measure itself: a descriptor spelled out word for word fails, a rewording passes."""
    assert overlap("Total knee arthroplasty", "Total knee arthroplasty") == 1
    assert normalized("Colonoscopy with biopsy") == normalized("Colonoscopy w/biopsy")
    assert overlap("Repair of rotator cuff, chronic", "Repair rotator cuff chronic") >= TOO_CLOSE
    assert overlap("Incision and drainage of abscess, simple", "I&d abscess simple") >= TOO_CLOSE
    assert overlap("Knee replacement, total (TKA)", "Total knee arthroplasty") < TOO_CLOSE
