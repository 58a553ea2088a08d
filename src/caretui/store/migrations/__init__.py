"""Alembic migrations of the caretui store (run by caretui.store.migrate on start)."""
