"""The schema's version moves whenever the schema does: a generated client can tell by the
version alone whether it must be regenerated.

When this test fails after a deliberate change, bump rvuedge.openapi.API_VERSION (minor for
additions, major for what breaks a generated client) and record the new fingerprint with
`python -m tests.api.test_schema_version`.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from rvuedge.main import create_app
from rvuedge.openapi import API_VERSION

RECORD = Path(__file__).with_name("openapi-fingerprint.json")


def fingerprint() -> str:
    spec: dict[str, Any] = create_app().openapi()
    spec = {**spec, "info": {k: v for k, v in spec["info"].items() if k != "version"}}
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()


def test_the_schema_changes_only_with_its_version() -> None:
    recorded = json.loads(RECORD.read_text())
    now = fingerprint()
    if now != recorded["sha256"]:
        assert API_VERSION != recorded["version"], (
            f"the schema changed but API_VERSION is still {API_VERSION}: bump it"
        )
    assert (API_VERSION, now) == (recorded["version"], recorded["sha256"]), (
        "record the new version and fingerprint: python -m tests.api.test_schema_version"
    )


if __name__ == "__main__":
    RECORD.write_text(
        json.dumps({"version": API_VERSION, "sha256": fingerprint()}, indent=2) + "\n"
    )
    print(f"recorded {API_VERSION} {RECORD.read_text()}")
