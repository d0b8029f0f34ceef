"""Keeping the database whole: backups and restores, the start-up check, lock handling."""
