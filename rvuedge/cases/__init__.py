from rvuedge.cases import changes  # noqa: F401  (numbers every case change)
