"""Write the synthetic sample files of the README walkthrough (no patient data, invented numbers).

    python3 docs/samples/make_samples.py

past-log-2026q1.csv: twelve weeks of a general surgeon's log (January to March 2026), as another
app might export it. employer-report-2026-03.csv: an employer's productivity report for March 2026
in the shape of a professional-billing extract, with these known differences from the log:

- the laparoscopic colectomy of 2026-03-04 is missing;
- the cholecystectomy of 2026-03-02 was voided, reversed and re-posted (it nets to one charge);
- the 99233 visit of 2026-03-12 is reported on 2026-03-13;
- the sentinel node biopsy of 2026-03-11 is credited at 100% (no multiple-procedure reduction);
- the bilateral hernia repair of 2026-03-16 lost its -50;
- the assistant line of 2026-03-13 (44207-80) is credited in full;
- the EGD of 2026-03-27 is credited with the 2025 value (2.39, not 2.33);
- a 99214 on 2026-03-24 was never logged, and a 99215 of another department is attributed.
"""

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Work RVU and facility total RVU per code, CMS 2026 July release (RVU26C).
WORK = {
    "47562": ("10.21", "18.92"),
    "49505": ("7.76", "15.21"),
    "44970": ("9.21", "17.31"),
    "99213": ("1.30", "1.72"),
    "99214": ("1.92", "2.53"),
    "99215": ("2.80", "3.76"),
    "44204": ("25.76", "42.31"),
    "19301": ("9.88", "18.94"),
    "38525": ("6.27", "12.89"),
    "99232": ("1.59", "2.11"),
    "99233": ("2.40", "3.20"),
    "49650": ("6.20", "12.70"),
    "43239": ("2.33", "3.70"),
    "44207": ("31.12", "49.38"),
}
WEEK = {
    0: [("OR", ["47562"]), ("OR", ["49505-RT"]), ("OR", ["44970"])],
    1: [("Clinic", ["99213"]), ("Clinic", ["99213"]), ("Clinic", ["99214"]), ("Clinic", ["99214"])],
    2: [("OR", ["44204"]), ("OR", ["19301", "38525"])],
    3: [("Hospital", ["99232"]), ("Hospital", ["99232"]), ("Hospital", ["99233"])],
    4: [("OR", ["47562", "49650"]), ("OR", ["43239"])],
}
SITES = {
    "OR": ("Main OR", "facility"),
    "Clinic": ("Surgery Clinic", "office"),
    "Hospital": ("Main Hospital", "facility"),
}


def cases() -> list[dict]:
    out = []
    first = date(2026, 1, 5)
    for week in range(12):
        for weekday, planned in WEEK.items():
            day = first + timedelta(weeks=week, days=weekday)
            todays = list(planned)
            if weekday == 4 and week % 2 == 1:
                todays.append(("OR", ["44207-80"]))
            for n, (where, codes) in enumerate(todays, start=1):
                if day == date(2026, 3, 16) and codes == ["49505-RT"]:
                    codes = ["49505-50"]
                site, setting = SITES[where]
                out.append(
                    {
                        "date": day,
                        "codes": codes,
                        "site": site,
                        "setting": setting,
                        "fin": f"F{day:%y%m%d}{n:02d}" if where != "Clinic" else "",
                        "role": "assistant" if codes == ["44207-80"] else "surgeon",
                    }
                )
    return out


def write_log(path: Path, logged: list[dict]) -> None:
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Date", "CPT", "Modifiers", "Units", "Encounter", "Site", "Setting", "Role"])
        for case in logged:
            for code in case["codes"]:
                cpt, _, mods = code.partition("-")
                out.writerow(
                    [
                        case["date"].isoformat(),
                        cpt,
                        mods,
                        1,
                        case["fin"],
                        case["site"],
                        case["setting"],
                        case["role"],
                    ]
                )


def employer_lines(case: dict) -> list[dict]:
    """The employer's credit: work RVU, secondary procedures at 50% by facility total, -80 16%."""
    ranked = sorted(case["codes"], key=lambda c: -Decimal(WORK[c.partition("-")[0]][1]))
    lines = []
    for code in case["codes"]:
        cpt, _, mods = code.partition("-")
        wrvu = Decimal(WORK[cpt][0])
        if mods == "50":
            wrvu *= Decimal("1.5")
        if mods == "80":
            wrvu *= Decimal("0.16")
        if len(case["codes"]) > 1 and ranked.index(code) > 0:
            wrvu *= Decimal("0.5")
        lines.append({"cpt": cpt, "mod": mods, "wrvu": wrvu})
    return lines


def write_report(path: Path, logged: list[dict]) -> None:
    rows = []
    for case in logged:
        day = case["date"]
        if not date(2026, 3, 1) <= day <= date(2026, 3, 31):
            continue
        for line in employer_lines(case):
            row = {
                "dos": day,
                "post": day + timedelta(days=2),
                "void": None,
                "qty": 1,
                "dept": case["site"].upper(),
                "fin": case["fin"],
                **line,
            }
            if day == date(2026, 3, 4) and line["cpt"] == "44204":
                continue  # dropped by the employer
            if day == date(2026, 3, 12) and line["cpt"] == "99233":
                row["dos"] = day + timedelta(days=1)
            if day == date(2026, 3, 11) and line["cpt"] == "38525":
                row["wrvu"] = Decimal(WORK["38525"][0])
            if day == date(2026, 3, 16) and line["cpt"] == "49505":
                row["mod"], row["wrvu"] = "", Decimal(WORK["49505"][0])
            if day == date(2026, 3, 13) and line["cpt"] == "44207":
                row["wrvu"] = Decimal(WORK["44207"][0])
            if day == date(2026, 3, 27) and line["cpt"] == "43239":
                row["wrvu"] = Decimal("2.39")
            if day == date(2026, 3, 2) and line["cpt"] == "47562":
                voided = {**row, "void": date(2026, 3, 9)}
                reversal = {**row, "post": date(2026, 3, 9), "qty": -1, "wrvu": -row["wrvu"]}
                repost = {**row, "post": date(2026, 3, 9)}
                rows += [voided, reversal, repost]
                continue
            rows.append(row)
    for day, cpt, dept in ((24, "99214", "SURGERY CLINIC"), (26, "99215", "CARDIOLOGY CLINIC")):
        rows.append(
            {
                "dos": date(2026, 3, day),
                "post": date(2026, 3, day + 2),
                "void": None,
                "qty": 1,
                "dept": dept,
                "fin": "",
                "cpt": cpt,
                "mod": "",
                "wrvu": Decimal(WORK[cpt][0]),
            }
        )
    rows.sort(key=lambda r: (r["post"], r["dos"]))
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Productivity detail, March 2026 (synthetic sample)"])
        out.writerow([])
        out.writerow(
            [
                "Service Date",
                "Post Date",
                "Void Date",
                "CPT Code",
                "Modifier 1",
                "Modifier 2",
                "Quantity",
                "Billing Provider",
                "Department",
                "FIN",
                "wRVU",
            ]
        )
        for r in rows:
            out.writerow(
                [
                    f"{r['dos']:%m/%d/%Y}",
                    f"{r['post']:%m/%d/%Y}",
                    f"{r['void']:%m/%d/%Y}" if r["void"] else "",
                    r["cpt"],
                    r["mod"],
                    "",
                    r["qty"],
                    "EXAMPLE, DANA MD",
                    r["dept"],
                    r["fin"],
                    f"{r['wrvu'].quantize(Decimal('0.01'))}",
                ]
            )


if __name__ == "__main__":
    logged = cases()
    write_log(HERE / "past-log-2026q1.csv", logged)
    write_report(HERE / "employer-report-2026-03.csv", logged)
