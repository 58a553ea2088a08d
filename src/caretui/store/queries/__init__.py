"""The readers: one module per domain, each returning frozen rows shaped for a screen.

Every reader masks locked-down people the same way (``lockdown``); the dashboard's lists
(``worklists``) and signing in (``signin``) are kept apart from the rest so the first
screen loads nothing else. Callers import the domain module (``queries.case_record``,
``queries.search``, ...); this package imports nothing of its own.
"""
