"""Long work off the request: jobs with visible progress, run by a worker.

A `Job` row is what people see (kind, state, done/total, message, result); the work
itself runs as a Django task (`django-tasks`, the backport of Django 6's `django.tasks`)
on the configured backend — by default the database backend, whose worker
(`promkoop db_worker`) `make run` starts beside the web server. Each app declares its
jobs in `<app>/jobs.py` with `@job("kind", label)`; `start_job("kind", ...)` queues one.
"""
