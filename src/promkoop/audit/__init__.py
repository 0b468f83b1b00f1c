"""The audit trail: who changed what, when and from where (page, API, import, news, demo).

One mechanism for every app: the audited models' saves, deletions and many-to-many changes are
recorded by signal receivers (`signals.py`) as `AuditEntry` rows with the old and new value of
each changed field; the actor and the channel come from the context the entry point sets
(`context.acting`; the middleware sets it for every request). Bulk writes, which send no
signals, record their entries through `record_bulk`.
"""
