"""What the CMS indicator values mean, in words (wrvu-rules.md section 1.4)."""

STATUS = {
    "A": "Active: paid separately under the fee schedule",
    "B": "Bundled: always paid as part of another service",
    "C": "Carrier priced: valued case by case by the Medicare contractor",
    "D": "Deleted code",
    "E": "Excluded from the fee schedule by regulation",
    "F": "Deleted code, no grace period",
    "G": "Not valid for Medicare (grace period)",
    "H": "Deleted modifier",
    "I": "Not valid for Medicare: another code is used",
    "J": "Anesthesia service: paid by base and time units, no RVUs",
    "M": "Measurement code, for reporting only",
    "N": "Not covered by Medicare",
    "P": "Bundled or excluded: no RVUs",
    "R": "Restricted coverage: contractor priced if covered",
    "T": "Paid only when no other fee-schedule service is billed the same day",
    "X": "Statutory exclusion: not a physician service under the fee schedule",
}

GLOBAL_DAYS = {
    "000": "Same-day global: pre- and post-procedure work on the day of the procedure only",
    "010": "Minor procedure: the day of the procedure and 10 days after",
    "090": "Major surgery: the day before, the day of, and 90 days after",
    "MMM": "Maternity care: the usual global period does not apply",
    "XXX": "No global period",
    "YYY": "The Medicare contractor sets the global period",
    "ZZZ": "Add-on code: falls within the global period of its primary procedure",
}

PCTC = {
    "0": "Physician service; professional/technical split does not apply",
    "1": "Diagnostic test with professional (-26) and technical (-TC) components",
    "2": "Professional component only",
    "3": "Technical component only (no physician work)",
    "4": "Global test only: professional and technical components billed together",
    "5": "Incident-to service",
    "6": "Laboratory physician interpretation",
    "7": "Physical therapy service with a hospital restriction",
    "8": "Physician interpretation of an abnormal smear",
    "9": "Concept does not apply",
}

MULT_PROC = {
    "0": "No multiple-procedure reduction (never ranked or reduced)",
    "1": "Pre-1995 multiple-procedure rules (100/50/25/25/25)",
    "2": "Standard multiple-procedure rule: 100% for the highest, 50% for the 2nd to 5th, "
    "by report after that",
    "3": "Endoscopy family rule: related endoscopies share one base value",
    "4": "Diagnostic imaging reduction: 5% off the professional component of later studies",
    "5": "Therapy reduction: 50% off practice expense (work RVU unchanged)",
    "6": "Cardiovascular reduction: 25% off the technical component (work RVU unchanged)",
    "7": "Ophthalmology reduction: 20% off the technical component (work RVU unchanged)",
    "9": "Concept does not apply",
}

BILAT_SURG = {
    "0": "Bilateral adjustment does not apply: -50 pays 100% of one side",
    "1": "Bilateral adjustment applies: -50 pays 150%",
    "2": "Already bilateral: -50 pays 100%",
    "3": "Each side paid in full: -50 pays 200%",
    "9": "Concept does not apply",
}

ASST_SURG = {
    "0": "Assistant at surgery paid only with documentation of medical necessity",
    "1": "Assistant at surgery may not be paid",
    "2": "Assistant at surgery may be paid (16%)",
    "9": "Concept does not apply",
}

CO_SURG = {
    "0": "Co-surgeons not permitted",
    "1": "Co-surgeons paid with documentation (62.5% each)",
    "2": "Co-surgeons permitted (62.5% each)",
    "9": "Concept does not apply",
}

TEAM_SURG = {
    "0": "Team surgery not permitted",
    "1": "Team surgery paid by report, with documentation",
    "2": "Team surgery permitted, paid by report",
    "9": "Concept does not apply",
}

IMAGING_FAMILY = {
    "88": "Subject to the diagnostic imaging multiple-procedure reduction",
    "99": "Concept does not apply",
}


def meaning(table: dict[str, str], value: str | None) -> str:
    if value is None or value == "":
        return "Not given"
    return table.get(value, f"Unknown value {value!r}")
