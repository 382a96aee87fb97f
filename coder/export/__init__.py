"""Exports of coded data. Every file is written atomically and never overwritten without --force."""
