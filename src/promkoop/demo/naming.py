"""Words demo names are made of: regional adjectives and stems, legal forms,
park names, Russian personal names, streets — data in `data/naming.json`,
read and checked by `load_naming` — and the functions that put them together
(gender agreement, feminine surnames, the transliteration used for demo web
addresses). Used by `generator.py`.
"""
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .types import DataFileError, Fields, read_json

NAMING_FILE = Path(__file__).with_name("data") / "naming.json"

# (masculine adjectives, stems for compound names such as «Уралрезинотехника»)
Words = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Naming:
    """The word lists of `naming.json`."""

    region_words: dict[str, Words]      # by region code
    district_words: dict[str, Words]    # by federal district, for regions without their own words
    legal_forms: dict[str, str]         # ООО → Общество с ограниченной ответственностью
    brand_prefixes: dict[str, str]      # written before a brand: ООО НПП «Эластомер»
    brand_suffixes: tuple[str, ...]
    park_names: tuple[str, ...]
    park_kinds: tuple[str, ...]
    male_names: tuple[str, ...]
    female_names: tuple[str, ...]
    patronymics: tuple[tuple[str, str], ...]  # (masculine, feminine) forms of one father's name
    surnames: tuple[str, ...]                 # masculine forms
    positions_director: tuple[str, ...]
    positions_other: tuple[str, ...]
    streets: tuple[tuple[str, str], ...]      # (kind, name): ("ул.", "Промышленная")


@cache
def load_naming(path: Path = NAMING_FILE) -> Naming:
    """Read and check a naming file (each path once per process); DataFileError names the broken
    list and entry."""
    top = Fields(read_json(path), "", path)

    def words(field: str) -> dict[str, Words]:
        out = {}
        for key, value in top.mapping(field).items():
            entry = top.child(value, f"{field} {key!r}")
            out[key] = (entry.texts("adjectives"), entry.texts("stems"))
            if not all(out[key]):
                raise entry.error("adjectives" if not out[key][0] else "stems", "must not be empty")
            entry.finish()
        return out

    def labels(field: str) -> dict[str, str]:
        value = top.mapping(field)
        if not value or not all(isinstance(v, str) and v for v in value.values()):
            raise top.error(field, "must map each short form to a non-empty full form")
        return dict(value)

    def texts(field: str) -> tuple[str, ...]:
        value = top.texts(field)
        if not value:
            raise top.error(field, "must not be empty")
        return value

    def pairs(field: str) -> tuple[tuple[str, str], ...]:
        out = []
        for i, value in enumerate(top.items(field)):
            if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, str) and v for v in value):
                raise DataFileError(f"{path.name}: field {field!r}, entry #{i + 1}: "
                                    f"must be a pair of non-empty strings, got {value!r}")
            out.append((value[0], value[1]))
        if not out:
            raise top.error(field, "must not be empty")
        return tuple(out)

    naming = Naming(
        region_words=words("region_words"), district_words=words("district_words"),
        legal_forms=labels("legal_forms"), brand_prefixes=labels("brand_prefixes"),
        brand_suffixes=texts("brand_suffixes"), park_names=texts("park_names"), park_kinds=texts("park_kinds"),
        male_names=texts("male_names"), female_names=texts("female_names"), patronymics=pairs("patronymics"),
        surnames=texts("surnames"), positions_director=texts("positions_director"),
        positions_other=texts("positions_other"), streets=pairs("streets"),
    )
    top.finish()
    return naming


NAMING = load_naming()
REGION_WORDS = NAMING.region_words
DISTRICT_WORDS = NAMING.district_words
LEGAL_FORMS = NAMING.legal_forms
BRAND_PREFIXES = NAMING.brand_prefixes
BRAND_SUFFIXES = NAMING.brand_suffixes
PARK_NAMES = NAMING.park_names
PARK_KINDS = NAMING.park_kinds
MALE_NAMES = NAMING.male_names
FEMALE_NAMES = NAMING.female_names
PATRONYMICS = NAMING.patronymics
SURNAMES = NAMING.surnames
POSITIONS_DIRECTOR = NAMING.positions_director
POSITIONS_OTHER = NAMING.positions_other
STREETS = NAMING.streets

_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
}


def translit(text: str) -> str:
    """Latin letters and digits for a web address; everything else is dropped.

    >>> translit("Уралрезинотехника-74")
    'uralrezinotekhnika74'
    """
    out = []
    for ch in text.lower():
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
    return "".join(out)


def agree(adjective: str, gender: str) -> str:
    """Put a masculine adjective into gender m, f, n or p (plural).

    >>> [agree("Уральский", g) for g in "mfnp"]
    ['Уральский', 'Уральская', 'Уральское', 'Уральские']
    >>> agree("Тверской", "f"), agree("Подмосковный", "n")
    ('Тверская', 'Подмосковное')
    """
    if gender == "m":
        return adjective
    if adjective.endswith(("ский", "цкий", "жский")) or adjective.endswith("ий"):
        stem, soft = adjective[:-2], True
    elif adjective.endswith(("ой", "ый")):
        stem, soft = adjective[:-2], adjective.endswith("ой") and adjective[-3] in "кгхжшчщ"
    else:
        return adjective
    endings = {"f": "ая", "n": "ое", "p": "ие" if soft else "ые"}
    return stem + endings[gender]


def fill_template(template: str, adjective: str) -> str:
    """A name template such as "{m} завод РТИ" with the adjective agreed.

    >>> fill_template("{f} резинотехническая компания", "Сибирский")
    'Сибирская резинотехническая компания'
    """
    return template.format(**{g: agree(adjective, g) for g in "mfnp"})


def feminine_surname(surname: str) -> str:
    """The feminine form of a surname; surnames that do not change stay as they are.

    >>> feminine_surname("Соловьёв"), feminine_surname("Островский"), feminine_surname("Кравченко")
    ('Соловьёва', 'Островская', 'Кравченко')
    """
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith("ский") or surname.endswith("цкий"):
        return surname[:-2] + "ая"
    return surname


def initials_abbreviation(name: str) -> str:
    """Upper-case initials of the words of a name, for short web addresses.

    >>> initials_abbreviation("Уральский завод резинотехнических изделий")
    'УЗРИ'
    """
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isalpha()).upper()
