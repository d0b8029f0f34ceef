"""Text that is safe to put in a spreadsheet cell. Pure; shared by every CSV or XLSX writer.

A spreadsheet runs a cell that begins with =, +, -, @ (or a tab or carriage return, which some
programs skip before looking) as a formula: a site name like ``=HYPERLINK(...)`` typed on a phone
must reach a practice manager's Excel as text. The OWASP remedy is a leading apostrophe, which
spreadsheets read as "this is text" and do not show.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def starts_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def escape_formula(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if starts_like_formula(text) else text
