"""Gunicorn settings of `promkoop serve`: the application is loaded once in the master process and
the sentence encoder with it (its model loaded by one text), before the workers are forked.

The encoder's weights (about 140 MB) are then shared by every worker, page for page, copy-on-write —
they are only ever read. The matching indexes are not loaded here (loading them reads the database,
and a connection must not cross a fork): each worker maps the saved index files read-only, so the
page cache holds them once (see `cooperation.matching.indexes`).
"""

preload_app = True


def when_ready(server):
    from django.db import connections

    from promkoop.cooperation.matching.indexes import warm_up

    warm_up()
    connections.close_all()  # nothing opened in the master may be inherited by the workers
