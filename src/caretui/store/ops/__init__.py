"""The only writers: one module per domain, one function per thing a user does.

Every op takes the acting user, asks ``rules.permissions``, applies the rules, writes the
change and its audit entry in one transaction (``writing.transaction``) and raises a
:class:`~caretui.store.errors.DomainError` (or ``PermissionDenied``) whose message a
practitioner can act on. Callers import from the domain module (``ops.activities``,
``ops.forms``, ...); this package imports nothing, so loading one domain's ops does not
load the others.
"""
