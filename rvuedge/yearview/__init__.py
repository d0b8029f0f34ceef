"""The year in view: one physician's year (to date, pace, still to log, per remaining month) as
every report, document and screen shows it. The arithmetic is calc/year_view.py; this package
reads its one input (credited wRVU to date) and shapes the answer."""
