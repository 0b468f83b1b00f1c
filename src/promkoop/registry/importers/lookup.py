"""Reference look-ups for imports: regions (by code, name, alias or address),
cities, ОКПД2 and ОКВЭД2 codes.

Loaded once per import from the reference tables (Region, RegionAlias, City,
Okpd2, Okved2) into memory, so a file of thousands of rows makes a handful of
queries. Used by the template columns and the ГИСП layout.
"""
import re
from collections import defaultdict

from ..models import City, Okpd2, Okved2, Region, RegionAlias, fold

# Words that say "this is a region": an adjective short name ("Челябинская") counts only next to one.
_REGION_TYPE_WORDS = {"обл", "область", "области", "край", "края", "кр", "респ", "республика", "республики",
                      "ао", "аобл", "автономный", "автономная", "автономного", "автономной", "округ", "округа"}
_CITY_WORDS = {"г", "город", "гор"}
_ADJECTIVE_ENDINGS = ("ая", "ий", "ый", "ой")


def tokens(text: str) -> list[str]:
    """Folded words of an address; punctuation (`.`, `,`, `(`) separates, hyphens stay.

    >>> tokens("454000, Челябинская обл., г.Челябинск, ул. Ленина, 1")
    ['454000', 'челябинская', 'обл', 'г', 'челябинск', 'ул', 'ленина', '1']
    """
    return re.findall(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*", fold(text).replace("—", " "))


def _adjective_forms(word: str) -> list[str]:
    """The nominative and genitive of a region adjective ("челябинской области", "пермского края").

    >>> _adjective_forms("челябинская"), _adjective_forms("пермский")
    (['челябинская', 'челябинской'], ['пермский', 'пермского'])
    """
    if word.endswith("ая"):
        return [word, word[:-2] + "ой"]
    if word.endswith(("ий", "ый", "ой")):
        return [word, word[:-2] + ("его" if word.endswith("ний") else "ого")]
    return [word]


def _find(seq: list[str], phrase: list[str]) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(seq) - n + 1) if seq[i:i + n] == phrase] if n else []


class ReferenceLookup:
    def __init__(self):
        self.regions: dict[str, Region] = {r.code: r for r in Region.objects.all()}
        self._by_name: dict[str, str] = {}
        # Phrases (token lists) naming a region anywhere in an address, and those that need a region word.
        self._phrases: list[tuple[list[str], str]] = []
        self._adjectives: list[tuple[str, str]] = []
        for region in self.regions.values():
            for name in (region.name, region.short_name):
                self._by_name[fold(name)] = region.code
                self._by_name[" ".join(tokens(name))] = region.code
            self._phrases.append((tokens(region.name), region.code))
            short = tokens(region.short_name)
            if len(short) == 1 and short[0].endswith(_ADJECTIVE_ENDINGS):
                self._adjectives.extend((form, region.code) for form in _adjective_forms(short[0]))
            else:
                self._phrases.append((short, region.code))
        for alias in RegionAlias.objects.filter(ambiguous=False, kind__in=[RegionAlias.Kind.CAPITAL,
                                                                           RegionAlias.Kind.INFORMAL]):
            self._phrases.append((tokens(alias.alias), alias.region_id))
            self._by_name.setdefault(fold(alias.alias), alias.region_id)
        self.cities: dict[str, dict[str, int]] = defaultdict(dict)  # region code → folded name → id
        regions_of_city: dict[str, set[str]] = defaultdict(set)
        for city_id, name, region_id in City.objects.values_list("id", "name", "region_id"):
            self.cities[region_id][fold(name)] = city_id
            regions_of_city[" ".join(tokens(name))].add(region_id)
        self._phrase_index: dict[str, list[tuple[list[str], str]]] = defaultdict(list)
        for phrase, code in self._phrases:
            if phrase:
                self._phrase_index[phrase[0]].append((phrase, code))
        self._adjective_index = dict(self._adjectives)
        # A city named after "г." in an address identifies its region when no other region has that city.
        self._unique_cities = {name: next(iter(codes)) for name, codes in regions_of_city.items() if len(codes) == 1}
        self._address_cache: dict[str, str | None] = {}
        self.okpd2: set[str] = set(Okpd2.objects.values_list("code", flat=True))
        self.okved2: set[str] = set(Okved2.objects.values_list("code", flat=True))

    # Regions ----------------------------------------------------------------------------------------------

    def region_from_cell(self, value: str) -> str | None:
        """A region given in a cell: a code ("74", "7"), a name, a short name, or a phrase an address would
        contain ("Челябинская обл.", "г. Москва")."""
        text = (value or "").strip()
        if text.isdigit() and len(text) <= 2:
            code = text.zfill(2)
            return code if code in self.regions else None
        code = self._by_name.get(fold(text)) or self._by_name.get(" ".join(tokens(text)))
        if code:
            return code
        found = self._regions_in(tokens(text))
        return found[0][1] if len({c for _pos, c in found}) == 1 else None

    def region_from_address(self, address: str) -> str | None:
        """The region an address names first (addresses go from the region down to the street)."""
        if address not in self._address_cache:  # open data repeats an address on every product row
            self._address_cache[address] = self._region_from_address(address)
        return self._address_cache[address]

    def _region_from_address(self, address: str) -> str | None:
        words = tokens(address)
        found = self._regions_in(words)
        if found:
            return min(found)[1]
        for i, word in enumerate(words[:-1]):
            if word in _CITY_WORDS:
                for length in (3, 2, 1):
                    code = self._unique_cities.get(" ".join(words[i + 1:i + 1 + length]))
                    if code:
                        return code
        return None

    def _regions_in(self, words: list[str]) -> list[tuple[int, str]]:
        found = []
        for pos, word in enumerate(words):
            for phrase, code in self._phrase_index.get(word, ()):
                if words[pos:pos + len(phrase)] == phrase:
                    found.append((pos, code))
            if code := self._adjective_index.get(word):
                neighbours = words[max(pos - 1, 0):pos] + words[pos + 1:pos + 2]
                if any(w in _REGION_TYPE_WORDS for w in neighbours):
                    found.append((pos, code))
        return found

    def region_label(self, code: str) -> str:
        region = self.regions.get(code)
        return region.name if region else code

    # Cities -----------------------------------------------------------------------------------------------

    def city_in_region(self, name: str, region_code: str) -> int | None:
        """A city of the region by its name, with or without "г."."""
        cities = self.cities.get(region_code, {})
        text = fold(name)
        if text in cities:
            return cities[text]
        words = tokens(name)
        if words and words[0] in _CITY_WORDS:
            words = words[1:]
        return cities.get(" ".join(words))

    def city_from_address(self, address: str, region_code: str) -> int | None:
        """The city after "г." in an address, if it is in the region."""
        words = tokens(address)
        for i, word in enumerate(words[:-1]):
            if word in _CITY_WORDS:
                for length in (3, 2, 1):
                    city = self.cities.get(region_code, {}).get(" ".join(words[i + 1:i + 1 + length]))
                    if city:
                        return city
        return None

    # Classifiers ------------------------------------------------------------------------------------------

    def okpd2_code(self, value: str) -> str | None:
        """The code if it is in ОКПД2, else None."""
        code = normalize_code(value)
        return code if code in self.okpd2 else None

    def okpd2_nearest(self, value: str) -> str | None:
        """The code, or its nearest ancestor in ОКПД2 (trimming digits from the end), else None.
        Open data carries codes of older editions: 22.19.73.119 becomes 22.19.73."""
        code = normalize_code(value)
        while len(code) >= 2:
            if code in self.okpd2:
                return code
            code = code[:-1].rstrip(".")
        return None

    def okved2_code(self, value: str) -> str | None:
        code = normalize_code(value)
        return code if code in self.okved2 else None


def normalize_code(value: str) -> str:
    """A classifier code as written in the reference: spaces and a trailing dot dropped, `,` read as `.`.

    >>> normalize_code(" 22.19.73.110 "), normalize_code("22,19"), normalize_code("29.32.")
    ('22.19.73.110', '22.19', '29.32')
    """
    return re.sub(r"\s", "", value or "").replace(",", ".").strip(".")
