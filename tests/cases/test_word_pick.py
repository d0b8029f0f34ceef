import pytest

from rvuedge.cases.word_pick import Candidate, pick, score

# Seed-like candidates: name and aliases.
IHR = Candidate(
    "49505",
    "Inguinal hernia repair, initial, age 5 or older",
    (
        "Inguinal hernia repair, initial, age 5 or older",
        "inguinal hernia repair",
        "IHR",
        "open inguinal hernia",
        "hernia repair",
    ),
)
INCARCERATED = Candidate(
    "49507",
    "Inguinal hernia repair, initial, incarcerated",
    (
        "Inguinal hernia repair, initial, incarcerated",
        "incarcerated inguinal hernia",
    ),
)
RECURRENT = Candidate(
    "49520",
    "Recurrent inguinal hernia repair",
    (
        "Recurrent inguinal hernia repair",
        "recurrent inguinal hernia",
    ),
)
LAP_IHR = Candidate(
    "49650",
    "Laparoscopic inguinal hernia repair, initial",
    (
        "Laparoscopic inguinal hernia repair, initial",
        "lap inguinal hernia",
        "TEP",
    ),
)
LAP_CHOLE = Candidate(
    "47562",
    "Laparoscopic gallbladder removal (cholecystectomy)",
    (
        "Laparoscopic gallbladder removal (cholecystectomy)",
        "lap chole",
        "lap cholecystectomy",
    ),
)
LAP_CHOLE_IOC = Candidate(
    "47563",
    "Laparoscopic cholecystectomy with cholangiogram",
    (
        "Laparoscopic cholecystectomy with cholangiogram",
        "lap chole with IOC",
        "lap chole IOC",
    ),
)
OPEN_CHOLE = Candidate("47600", "Open cholecystectomy", ("Open cholecystectomy", "open chole"))


@pytest.mark.parametrize(
    ("words", "candidates", "expected"),
    [
        (["inguinal", "hernia"], [IHR, INCARCERATED, RECURRENT, LAP_IHR], "49505"),
        (["inguinal", "hernia"], [LAP_IHR, RECURRENT, IHR, INCARCERATED], "49505"),  # any order
        (["lap", "inguinal", "hernia"], [IHR, LAP_IHR], "49650"),
        (["recurrent", "inguinal", "hernia"], [IHR, RECURRENT, LAP_IHR], "49520"),
        (["lap", "chole"], [LAP_CHOLE, LAP_CHOLE_IOC, OPEN_CHOLE], "47562"),
        (["lap", "chole", "ioc"], [LAP_CHOLE, LAP_CHOLE_IOC], "47563"),
        (["chole"], [LAP_CHOLE, LAP_CHOLE_IOC, OPEN_CHOLE], None),  # lap or open? ask
        (["hernia"], [IHR, INCARCERATED, RECURRENT, LAP_IHR], "49505"),  # "hernia repair"
        (["tep"], [LAP_IHR], "49650"),
        (["gallbladder", "stone"], [LAP_CHOLE], None),  # no phrase holds every word
        ([], [], None),
    ],
)
def test_pick(words, candidates, expected) -> None:  # noqa: ANN001
    assert pick(words, candidates).code == expected


@pytest.mark.parametrize(
    ("typed", "known", "same"),
    [
        ("cholecystecomy", "cholecystectomy", True),  # a letter left out
        ("hernai", "hernia", True),  # two letters swapped
        ("inguinel", "inguinal", True),  # one letter wrong
        ("chol", "chole", True),
        ("lap", "laparoscopic", False),
        ("tep", "tap", False),  # too short to guess
        ("hernia", "herniorrhaphy", False),
    ],
)
def test_typos_count_as_the_word(typed, known, same) -> None:  # noqa: ANN001
    assert (score([typed], known) == (0, 0)) is same


def test_a_typo_still_picks() -> None:
    assert pick(["lap", "cholecystecomy"], [LAP_CHOLE, OPEN_CHOLE]).code == "47562"


def test_ranked_lists_the_best_first() -> None:
    got = pick(["chole"], [OPEN_CHOLE, LAP_CHOLE_IOC, LAP_CHOLE])
    assert [s.candidate.code for s in got.ranked][:2] == [
        "47600",
        "47562",
    ]  # ties keep search order
    assert got.ranked[-1].candidate.code == "47563" and got.ranked[-1].extra == 2
