import pytest

from rvuedge.calc.categories import Category, category_of


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("3008F", Category.CATEGORY_II),
        ("0042T", Category.CATEGORY_III),
        ("0001U", Category.PLA),
        ("0001A", Category.VACCINE_ADMIN),
        ("G2211", Category.HCPCS_II),
        ("J1100", Category.HCPCS_II),
        ("00840", Category.ANESTHESIA),
        ("01999", Category.ANESTHESIA),
        ("10004", Category.SURGERY),
        ("44314", Category.SURGERY),
        ("69990", Category.SURGERY),
        ("70010", Category.RADIOLOGY),
        ("79999", Category.RADIOLOGY),
        ("80047", Category.PATHOLOGY),
        ("89398", Category.PATHOLOGY),
        ("99202", Category.EM),
        ("99499", Category.EM),
        ("98000", Category.EM),  # override: telemedicine E/M inside the Medicine range
        ("98016", Category.EM),
        ("98017", Category.MEDICINE),
        ("99100", Category.ANESTHESIA),  # override: qualifying circumstances
        ("99140", Category.ANESTHESIA),
        ("99152", Category.MEDICINE),  # moderate sedation
        ("93000", Category.MEDICINE),
        ("99500", Category.MEDICINE),
        ("W1234", Category.OTHER),
        ("ABCDE", Category.OTHER),
    ],
)
def test_category_of(code: str, expected: Category) -> None:
    assert category_of(code) == expected
