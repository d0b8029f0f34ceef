"""A phone developer's view: a client generated from the server's own /openapi.json (by
openapi-python-client, as a mobile team would) signs up, logs a case and reads the month's
totals against a live server, with nothing written by hand but the calls."""

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.conftest import TODAY

PACKAGE = "rvuedge_generated_client"


@pytest.fixture(scope="module")
def generated(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("client")
    spec = folder / "openapi.json"
    spec.write_bytes(
        httpx.get(f"{live_server}/api/v1/openapi.json", timeout=60).raise_for_status().content
    )
    PATH = os.environ.get("PATH", "")  # noqa: N806
    result = subprocess.run(  # noqa: S603  (our interpreter, fixed arguments)
        [
            sys.executable, "-m", "openapi_python_client", "generate",
            "--path", str(spec), "--meta", "none", "--output-path", str(folder / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # The generator formats its output with ruff, found on PATH: the one installed beside
        # this interpreter, whether or not the virtual environment is activated.
        env={**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), PATH])},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    # The generator says which parts it could not turn into code; only the two binary answers
    # (a PDF and an SVG chart, which it cannot type) may be among them.
    skipped = result.stdout.count("WARNING parsing") + result.stderr.count("WARNING parsing")
    assert skipped <= 2, result.stdout + result.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_a_generated_client_signs_up_logs_a_case_and_reads_totals(
    generated: ModuleType, live_server: str
) -> None:
    models = _module("models")
    register = _module("api.auth.register")
    sign_in = _module("api.auth.sign_in")
    create_case = _module("api.cases.create_case")
    totals = _module("api.reports.totals")

    anonymous = generated.Client(base_url=live_server, raise_on_unexpected_status=True)
    email, password = "generated-client@example.org", "a long enough pass phrase"
    signed_up = register.sync_detailed(
        client=anonymous,
        body=models.RegisterIn(email=email, password=password, display_name="Dr. Example"),
    )
    assert signed_up.status_code == 201
    tokens = sign_in.sync(
        client=anonymous, body=models.BodySignIn(username=email, password=password)
    )
    assert isinstance(tokens, models.TokenPair), tokens

    client = generated.AuthenticatedClient(
        base_url=live_server, token=tokens.access_token, raise_on_unexpected_status=True
    )
    day = date(TODAY.year, TODAY.month, 2)
    case = create_case.sync(
        client=client,
        body=models.CaseCreate(
            date_of_service=day,
            lines=[
                models.LineIn(code="47562"),
                models.LineIn(code="49505", modifiers=["51"]),
            ],
        ),
    )
    assert isinstance(case, models.CaseOut), case
    assert case.date_of_service == day
    assert [line.code for line in case.lines] == ["47562", "49505"]
    # The second procedure is halved by the multiple-procedure rule, typed as the schema says.
    second = case.lines[1]
    assert [a.rule for a in second.adjustments] == [models.Rule.MULTIPLE_PROCEDURE]
    assert Decimal(str(second.credited_wrvu)) == Decimal(str(second.base_wrvu)) / 2

    report = totals.sync(
        client=client, period=models.Period.MONTH, start=day.replace(day=1), end=TODAY
    )
    assert isinstance(report, models.TotalsReport), report
    (month,) = report.buckets
    assert Decimal(str(month.credited_wrvu)) == Decimal(str(case.total_wrvu))
    assert month.cases == 1

    # A problem answer arrives as the schema's Problem model, not an untyped dict.
    refused = create_case.sync(
        client=client,
        body=models.CaseCreate(date_of_service=day, lines=[models.LineIn(code="0000Z")]),
    )
    assert isinstance(refused, models.Problem) and refused.status == 422
