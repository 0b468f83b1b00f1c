"""News app: articles, facts extracted from them, linking and review (no models yet).

For now it only adapts the `promkoop.nlp` engine to the command line
(`promkoop extract FILE --json`).
"""
