"""Yargy grammars and their regular-expression companions, one file per grammar.

Modules: `dates` (article date lines, dates inside sentences, relative dates),
`requirements` (temperature ranges, ГОСТ 15150 climate versions, standards, materials).
"""
