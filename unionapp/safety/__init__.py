"""Keeping the data safe: backups and restore, the one-instance lock, the opening password."""
