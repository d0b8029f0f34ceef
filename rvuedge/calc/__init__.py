"""Pure arithmetic: standard library only, no database, no web framework."""
