"""Reusable widgets: banner, record tables, lookups, form renderer, wizard frame."""
