"""The names the engine gives its flags and adjustment rules are a closed set (the enums the API
schema lists), and their strings never change: stored cases, reports and reconciliations read
them back."""

import pytest

from rvuedge.calc.credit import Flag, Rule, Setting, credit_case
from rvuedge.calc.credit_settings import PROFILES, Profile
from rvuedge.cases.schemas import AdjustmentOut, LineCreditOut
from tests.calc.test_credit_vectors import VECTORS, _rows, parse
from tests.conftest import RVU_2025

# The strings as the API has always sent them; renaming a member's value breaks stored data.
RULES = {
    Rule.STATUS: "status",
    Rule.UNKNOWN_CODE: "unknown_code",
    Rule.COMPONENT: "component",
    Rule.DISCONTINUED: "discontinued",
    Rule.GLOBAL_COMPONENT: "global_component",
    Rule.BILATERAL: "bilateral",
    Rule.ASSISTANT: "assistant",
    Rule.CO_SURGEON: "co_surgeon",
    Rule.TEAM: "team",
    Rule.INCREASED_SERVICE: "increased_service",
    Rule.REDUCED_SERVICE: "reduced_service",
    Rule.ENDOSCOPY_BASE: "endoscopy_base",
    Rule.ENDOSCOPY_FAMILY: "endoscopy_family",
    Rule.MULTIPLE_PROCEDURE: "multiple_procedure",
    Rule.IMAGING_PC_REDUCTION: "imaging_pc_reduction",
}
FLAGS = {
    Flag.BY_REPORT: "by_report",
    Flag.NEEDS_MANUAL_VALUATION: "needs_manual_valuation",
    Flag.NOT_PERMITTED: "not_permitted",
    Flag.BUNDLED: "bundled",
    Flag.UNKNOWN_CODE: "unknown_code",
    Flag.NOT_MEDICARE_PAYABLE: "not_medicare_payable",
    Flag.DOCUMENTATION_REQUIRED: "documentation_required",
    Flag.MODIFIER_NOT_APPLICABLE: "modifier_not_applicable",
    Flag.GLOBAL_SHARES_MISSING: "global_shares_missing",
    Flag.ANESTHESIA: "anesthesia_base_units",
    Flag.MERGED_BILATERAL: "merged_into_bilateral",
}
# Cases beyond the worked vectors that reach the remaining rules and flags.
EXTRA = [
    ("six procedures, mirror", "44204; 27447; 47562; 49505; 29870; 64721; 20610"),
    ("imaging, mirror", "71046-26; 73560-26"),
    ("team surgery", "22612-66"),
    ("unknown code", "00000"),
    ("RT and LT", "49505-RT; 49505-LT"),
]
MIRROR = PROFILES[Profile.CMS_PAYMENT_MIRROR]


@pytest.fixture(scope="module")
def rows_2025() -> dict:
    return _rows(RVU_2025, "2025D")


@pytest.mark.parametrize(("enum", "table"), [(Rule, RULES), (Flag, FLAGS)])
def test_every_member_keeps_its_string(enum, table) -> None:  # noqa: ANN001
    assert {member: member.value for member in enum} == table


def test_the_engine_only_produces_members(rows_2025) -> None:  # noqa: ANN001
    cases = [(text, rules) for _name, text, rules, _t25, _t26 in VECTORS]
    cases += [(text, MIRROR) for _name, text in EXTRA]
    seen_rules: set[Rule] = set()
    seen_flags: set[Flag] = set()
    for text, rules in cases:
        result = credit_case(parse(text), rows_2025, setting=Setting.FACILITY, rules=rules)
        for line in result.lines:
            for adjustment in line.adjustments:
                assert type(adjustment.rule) is Rule, (text, adjustment)
                seen_rules.add(adjustment.rule)
            for flag in line.flags:
                assert type(flag) is Flag, (text, flag)
                seen_flags.add(flag)
    # The table above is exercised, not only declared: most rules and flags appear.
    assert len(seen_rules) >= 12, sorted(seen_rules)
    assert len(seen_flags) >= 7, sorted(seen_flags)


def test_the_schema_accepts_every_member_and_nothing_else() -> None:
    for rule in Rule:
        out = AdjustmentOut.model_validate_json(f'{{"rule": "{rule}", "factor": 1, "reason": "x"}}')
        assert out.rule is rule
    with pytest.raises(ValueError, match="rule"):
        AdjustmentOut.model_validate({"rule": "made_up", "factor": 1, "reason": "x"})
    line = {
        "position": 1,
        "code": "47562",
        "modifiers": [],
        "units": 1,
        "release": "2026A",
        "row_modifier": "",
        "base_wrvu": 10.47,
        "adjustments": [],
        "credited_wrvu": 10.47,
        "credited_wrvu_exact": "10.47",
        "rank": None,
        "global_days": "090",
    }
    parsed = LineCreditOut.model_validate({**line, "flags": [str(f) for f in Flag]})
    assert parsed.flags == list(Flag)
    assert parsed.model_dump(mode="json")["flags"] == list(FLAGS.values())
    with pytest.raises(ValueError, match="flags"):
        LineCreditOut.model_validate({**line, "flags": ["made_up"]})
