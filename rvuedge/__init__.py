"""rvuedge: wRVU tracking backend. The version is the package's (see CHANGELOG.md)."""

__version__ = "0.2.0"
