"""Yargy grammars and their regular-expression companions, one file per grammar.

Modules: `dates` (article date lines, dates inside sentences, relative dates).
Requirements (temperatures, climate versions, standards, materials) are read by
`promkoop.requirements_text`, shared with the matching engine.
"""
