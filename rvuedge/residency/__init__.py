"""The resident's case log: ACGME roles per specialty, defined categories and minimums, progress
toward graduation, the entry-form export and the program director's report."""
