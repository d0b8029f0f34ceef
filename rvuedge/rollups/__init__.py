"""Per-user daily totals, kept exact inside every transaction that changes a case."""
