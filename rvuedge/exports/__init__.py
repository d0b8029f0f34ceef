"""Documents for people: the case log as CSV and XLSX, the PDF productivity report, SVG charts."""
