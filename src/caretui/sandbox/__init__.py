"""The training sandbox: a separate SQLite store full of made-up people, built from scratch.

It writes through the store's tables and migrations; the store never imports it.
Import from the module that holds a thing (``caretui.sandbox.build`` for
``build_sandbox``), so importing the package itself loads nothing.
"""
