"""The operator's command line: `rvuedge --help` (the app is assembled in `rvuedge.cli.main`).

`base` holds what every command shares (consoles, one-line errors, confirmation, the database);
one module per command group (the features' too: `presets.py` for crediting, `export.py`).
Nothing is imported here, so `rvuedge.cli.base` can be imported without the whole app; the old
names (`from rvuedge.cli import app`) are looked up on first use.
"""

from typing import Any

_NAMES = {"app": "rvuedge.cli.main", "proxy_options": "rvuedge.cli.serve"}


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        import importlib

        return getattr(importlib.import_module(_NAMES[name]), name)
    raise AttributeError(f"module 'rvuedge.cli' has no attribute {name!r}")
