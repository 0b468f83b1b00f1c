"""Demo data: the organizations and people named in the seed article, plus a
deterministic synthetic registry of Russian industry for trying the platform.

Plain Python except `load.py` and `accounts.py`: `catalog.py` holds the product
families, `naming.py` the words names are made of, `seed_article.py` the facts
the article states, `generator.py` turns (size, seed) into dataclasses, and
`load.py` writes them to the database. `promkoop demo` runs them.
"""
