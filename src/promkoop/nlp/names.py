"""Name keys: when two spellings name the same thing ("«Волгадизелем»" and "«Волгадизель»").

Owns the crude stem key used to merge mentions: lower case, ё→е, quotes and legal forms
dropped, each word cut to five letters minus trailing vowels (the same rule the
extraction scorer uses, so a merge here is a match there).
"""
import re

LEGAL_FORMS = {"ооо", "ао", "оао", "зао", "пао", "нао", "фгуп", "муп", "гуп", "ано", "ип", "фгбу",
               "гбу", "гку", "ано", "нко", "фгуп", "гауз", "ауп"}
_VOWELS = "аеиоуыэюяйь"


def words(s: str) -> list[str]:
    s = re.sub("[«»\"“”„']", "", s.lower().replace("ё", "е"))
    return [w for w in re.findall(r"\w+", s) if w not in LEGAL_FORMS]


def stem(w: str) -> str:
    return w[:5].rstrip(_VOWELS) or w[:5]


def name_key(s: str) -> frozenset[str]:
    """Stems of a name's words.

    >>> name_key("«Волгадизелем»") == name_key("Волгадизель")
    True
    """
    return frozenset(stem(w) for w in words(s))


def same_name(a: str, b: str, threshold: float = 0.6) -> bool:
    ka, kb = name_key(a), name_key(b)
    return bool(ka | kb) and len(ka & kb) / len(ka | kb) >= threshold
