"""News app: articles, the facts extracted from them, linking and review.

The extraction itself is the pure `promkoop.nlp` engine; `promkoop extract FILE --json`
(management/commands/extract.py) runs it on one file without touching the database.
"""
