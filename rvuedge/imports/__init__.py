"""Past logs brought in from CSV or XLSX: preview, mapping, commit, delete."""
