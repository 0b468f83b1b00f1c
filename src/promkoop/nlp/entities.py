"""Entity step: the named-entity layer, every PER, LOC and ORG mention the engine recognises.

Owns merging slovnet's spans with the engine's own rules and gazetteers, before any
schema-level filtering, and drawing span boundaries the way factRuEval-2016 draws its
objects (a mention runs from its first to its last part, descriptors included; quotes
around a name are not part of it):

- PER: slovnet's spans, up to a bracket ("Юрген Клинсман (Jürgen Klinsmann)").
- LOC: slovnet's spans and the gazetteer's region and city mentions (not region
  adjectives); a geographic descriptor agreeing with the name joins it ("реки Славянки",
  "штата Аризона", "лондонском районе Тоттенхэм", but not "столице Калмыкии"); a few
  names slovnet calls places are organizations ("Евросоюз"; "Кремль" unless after "в").
- ORG: slovnet's spans, split at brackets ("Союз координационных советов (СКС)" is two);
  the patterns of `organizations` («…» names only after an organization noun or a legal
  form, or where slovnet agrees; authorities "… Смоленской области"; numbered plants);
  a government body before a place in the genitive ("правительства Израиля", "Верховный
  суд Бангладеша"); capital abbreviations (ООН, ФСБ, МВД); capitalised words after a
  company noun ("компании Hewlett-Packard"). Every ORG span takes in the organization
  noun, legal form and adjectives before it when they stand in apposition
  ("государственного информационного агентства БелТА", "ОАО «Газпром»", but not
  "комитетом ООН") and places in the genitive after it ("Конгресса США"); an organization
  before another in the genitive contains it ("Палаты представителей Конгресса США").
  Capitalised common words slovnet takes for names at a sentence start ("Замглавы") and
  abbreviations that name no organization (СМИ, СМС) are dropped.

Offsets index the tagged text; `extract()` maps them to the input. Each mention keeps
its `name` (the span without the descriptors before it). Confidence: 0.7 for a slovnet
span, 0.8 for a gazetteer place, the pattern's own for an organization pattern, 0.75 for
the other rules; +0.15 when slovnet and a rule found the same span.
"""
from __future__ import annotations

import re

from . import org_rules
from .names import LEGAL_FORMS
from .organizations import NOT_ORGANIZATIONS, QUOTE_CONTEXT, OrgMention, proper_single
from .regions import RegionMention
from .tagging import Tagged
from .types import EntityMention, Span

NER_CONFIDENCE = 0.7
RULE_CONFIDENCE = 0.75
GAZETTEER_CONFIDENCE = 0.8
AGREEMENT_BONUS = 0.15

# Nouns that name a kind of organization: before a name they belong to it.
ORG_HEADS = {
    "движение", "партия", "компания", "корпорация", "концерн", "холдинг", "банк", "фонд",
    "агентство", "газета", "журнал", "телеканал", "канал", "радиостанция", "издание",
    "издательство", "медиакомпания", "театр", "музей", "университет", "институт",
    "академия", "центр", "клуб", "команда", "сборная", "союз", "ассоциация", "организация",
    "общество", "объединение", "служба", "министерство", "ведомство", "правительство",
    "парламент", "администрация", "комитет", "комиссия", "совет", "суд", "дума", "палата",
    "управление", "департамент", "завод", "фабрика", "комбинат", "предприятие", "фирма",
    "авиакомпания", "авиаперевозчик", "магазин", "больница", "госпиталь", "лаборатория",
    "кафедра", "редакция", "биржа", "трибунал", "прокуратура", "федерация", "альянс",
    "фракция", "бюро", "группа", "производитель", "оператор", "ритейлер", "сеть",
    "телекомпания", "киностудия", "студия", "издательский", "портал", "сайт", "поисковик",
    "консорциум", "госкорпорация", "инспекция", "представительство", "посольство",
    "консульство", "церковь", "епархия", "колледж", "школа", "лицей", "гимназия", "техникум",
    "училище", "полиция", "армия", "флот", "штаб", "коллегия", "нии", "риа", "ита",
    "информагентство", "дом", "отделение", "филиал", "отдел", "подразделение", "трест",
    "кооператив", "товарищество", "артель", "профсоюз", "конфедерация", "лига", "орден",
    "синдикат", "картель", "кластер", "технопарк",
}
# Heads that form an authority with a place after them: "правительства Израиля".
GOVERNMENT_HEADS = {
    "правительство", "парламент", "министерство", "администрация", "руководство",
    "госдепартамент", "посольство", "консульство", "мэрия", "полиция", "армия", "прокуратура",
    "кабинет", "минобороны", "мид", "генпрокуратура", "пресс-служба", "сборная", "госдума",
    "дума", "сейм", "рада", "меджлис", "кнессет", "конгресс", "сенат", "власть", "делегация",
    "департамент", "госдеп", "орган", "суд", "минфин", "минэнерго", "спецслужба", "разведка",
    "командование", "ведомство",
}
# Heads an unquoted foreign or made-up name follows: "компании Hewlett-Packard".
COMPANY_HEADS = {
    "компания", "корпорация", "концерн", "холдинг", "банк", "агентство", "газета", "журнал",
    "телеканал", "издание", "медиакомпания", "команда", "клуб", "авиакомпания", "фирма",
    "производитель", "оператор", "партия", "движение", "фонд", "группа", "автопроизводитель",
    "ретейлер", "ритейлер", "дистрибьютор", "телекомпания", "радиостанция", "издательство",
}
# Descriptors of a place that belong to its name in factRuEval: "реки Славянки".
LOC_DESCRIPTORS = {
    "город", "городок", "река", "поселок", "посёлок", "село", "деревня", "район", "штат",
    "провинция", "улица", "площадь", "проспект", "остров", "озеро", "полуостров", "округ",
    "станица", "аул", "графство", "префектура", "кантон", "аэропорт", "порт",
    "микрорайон", "квартал", "залив", "пролив", "гора", "хребет", "долина", "пустыня",
    "курорт", "поселение", "хутор", "станция", "переулок", "бульвар", "шоссе", "набережная",
}
# Monuments to a person are places in factRuEval: "памятник Пушкину".
MONUMENTS = {"памятник", "монумент", "мемориал"}
# Landscape and town nouns a capitalised adjective names: "Химкинский лес".
LANDSCAPE_NOUNS = {"лес", "парк", "сквер", "сад", "бульвар", "проспект", "площадь", "улица",
                   "шоссе", "переулок", "набережная", "мост", "озеро", "водохранилище",
                   "кладбище", "заповедник", "пляж", "бор", "роща"}
# Facilities that are places where one is in, at or from them ("в аэропорту «Домодедово»").
FACILITY_HEADS = {"аэропорт", "вокзал", "стадион", "магазин", "гостиница", "отель",
                  "кинотеатр", "универмаг"}
PLACE_PREPOSITIONS = {"в", "во", "на", "из", "у", "около", "возле", "до", "близ"}
# Capital abbreviations that name places, not organizations.
LOC_ABBREVIATIONS = {"США", "РФ", "КНДР", "КНР", "СССР", "ОАЭ", "ЮАР", "ФРГ", "ГДР", "СНГ",
                     "ЕАЭС", "РСФСР", "УССР", "БССР", "ЧССР", "СФРЮ", "ДНР", "ЛНР", "ПМР",
                     "НАО", "ХМАО", "ЯНАО", "ЕАО", "ЦФО", "СЗФО", "ЮФО", "ПФО", "УФО", "СФО",
                     "ДФО", "СКФО", "ЛО", "МО"}
# Names slovnet tags as places that factRuEval counts as organizations: unions of states
# always, seats of government unless one is "в"/"на" them ("в Кремле" is a place).
ORG_NOT_LOC = {("евросоюз",), ("ес",), ("европейский", "союз"), ("кремль",),
               ("белый", "дом"), ("пентагон",), ("ватикан",)}
UNIONS = {("евросоюз",), ("ес",), ("европейский", "союз")}
_ABBREVIATION = re.compile(r"[А-ЯЁ]{2,6}")
# Capital abbreviations that name no organization, besides organizations.NOT_ORGANIZATIONS.
NOT_ORG_ABBREVIATIONS = {"СМС", "ММС", "ДНК", "РНК", "ВИЧ", "СПИД", "ТВ", "ПК", "ОС", "СПО",
                         "УК", "ГК", "ЕГЭ", "ОГЭ", "ЧМ", "ОИ", "ЖЖ", "ПДД", "НИР", "НТР",
                         "ВУЗ", "АЭС", "ГЭС", "ТЭЦ", "ЛЭП", "БПЛА", "ПВО", "ЗРК", "ВВП"}
_ROMAN = re.compile(r"[ХIVXLCDM]+")  # "ХХ век" is often typed with the Cyrillic Х
_OPENING = ("«", "\"", "„", "“")
_CLOSING = ("»", "\"", "“")


def find_entities(tagged: Tagged, regions: list[RegionMention], orgs: list[OrgMention],
                  parts) -> list[EntityMention]:
    """All PER, LOC and ORG mentions in `tagged`, in text order (one per type and span)."""
    spans = _Spans(tagged)
    tokens = tagged.tokens
    per, loc, org = _ner_candidates(tagged)
    places = [r for r in regions if r.kind in ("official", "informal", "capital", "city")]
    world = _world_places(tagged, parts)
    loc += [(r.first, r.last, "rule", GAZETTEER_CONFIDENCE) for r in places + world]
    relabelled = [m for m in loc if _lemmas(tokens, m) in UNIONS or (
        _lemmas(tokens, m) in ORG_NOT_LOC and
        (m[0] == 0 or tokens[m[0] - 1].lemma not in ("в", "во", "на")))]
    loc = [m for m in loc if not _adjective_alone(tagged, m)]
    loc = [m for m in loc if m not in relabelled]
    org += relabelled
    org += [(m.first, m.last, "rule", m.confidence) for m in orgs
            if _rule_org_admissible(tagged, m.first, m.last, spans)]
    org += _government_bodies(tagged, loc) + _abbreviations(tagged, spans) + \
        _company_names(tagged, spans)
    org_starts = {a: b for a, b, _s, _c in org}
    per_starts = {a: b for a, b, _s, _c in per}
    org += [(a, b, "rule", RULE_CONFIDENCE) for a, b in
            org_rules.units(tagged, org_starts) + org_rules.offices(tagged, per_starts) +
            org_rules.authorities(tagged)]

    loc += _landmarks(tagged, per)
    titled = _titled_persons(tagged, loc + org, parts.morph_vocab)
    persons = {m[:2] for m in titled}
    loc = [m for m in loc if m[:2] not in persons]
    org = [m for m in org if m[:2] not in persons]
    per = [m for m in per + titled if not _common_word_person(tagged, m, parts.morph_vocab)]

    found = _Found()
    for a, b, source, confidence in per:
        found.add("PER", (a, b), source, confidence, a)
    in_place = {k for a, b, _s, _c in loc for k in range(a, b)}
    for a, b, source, confidence in loc:
        found.add("LOC", _loc_bounds(tagged, a, b, in_place), source, confidence, a)
    loc_starts = {a: b for (typ, a, b) in found.items if typ == "LOC"}
    for a0, b0, source, confidence in org:
        for a, b in _split_at_brackets(tagged, a0, b0):
            if (a, b) in persons or _not_an_org(tagged, a, b, source, parts.morph_vocab):
                continue
            bounds = _org_bounds(tagged, a, b, loc_starts)
            facility = _facility(tagged, *bounds)
            if facility is not None:
                stop, inside = bounds[1], tokens[facility:bounds[1]]
                if stop < len(tokens) and tokens[stop].text in _CLOSING and \
                        any(t.text in _OPENING for t in inside) and \
                        not any(t.text in _CLOSING for t in inside[1:]):
                    stop += 1  # the closing quote of «Домодедово»
                found.add("LOC", (facility, stop), source, confidence, a)
            else:
                found.add("ORG", bounds, source, confidence, a)
    _chain_organizations(tagged, found.items)
    _name_units(tagged, found.items)
    _parents_of_branches(tagged, found.items)
    _chain_places(tagged, found.items)
    _persons_called_places(tagged, found.items)
    keys = _place_keys(found.items, places, world)
    keys.update(_organization_keys(tagged, found.items))
    keys.update(_person_keys(tagged, found.items))
    return found.mentions(tagged, keys)


_PATRONYMIC = re.compile(r"\w{2,}(ович|евич|ич|овна|евна|ична|инична)$")


def _person_keys(tagged: Tagged, found: dict) -> dict[tuple[str, int, int], str]:
    """Link the mentions of one person: "Оливер Кан", "Оливеру Кану", "Каном" (the lemmas of
    a shorter mention within a longer one's), "Людмилы Гурченко" and "Людмилы Марковны"
    (a first name and patronymic, the first name the same). A mention that fits two
    people ("Кадырова" with "Рамзан Кадыров" and "Ахмат-Хаджи Кадыров") stays unlinked."""
    tokens = tagged.tokens

    def parts(m):
        words = [t for t in tokens[m[1]:m[2]] if t.text[:1].isalpha()]
        names = [t.lemma.lower().replace("ё", "е") for t in words]
        patronymic = len(words) >= 2 and bool(_PATRONYMIC.fullmatch(names[1]))
        return names, patronymic

    people: list[tuple[frozenset, str, str]] = []  # (name lemmas, first name, key)
    out = {}
    mentions = sorted((k for k in found if k[0] == "PER"), key=lambda k: (-(k[2] - k[1]), k[1]))
    for m in mentions:
        names, patronymic = parts(m)
        if not names:
            continue
        lemmas = frozenset(n for i, n in enumerate(names) if not (patronymic and i == 1))
        fits = [p for p in people if lemmas <= p[0]]
        if not fits and patronymic and len(names) == 2:  # "Людмилы Марковны"
            fits = [p for p in people if p[1] == names[0]]
        if len(fits) == 1:
            out[m] = fits[0][2]
        elif not fits:
            key = "PER:" + " ".join(names)
            people.append((lemmas, names[0], key))
            out[m] = key
    return out


def _lemmas(tokens, m) -> tuple[str, ...]:
    return tuple(t.lemma for t in tokens[m[0]:m[1]])


def _adjective_alone(tagged: Tagged, m) -> bool:
    """slovnet's one-word LOC that is an adjective before a lower-case word ("Кипрское
    правительство", "Южная водозаборная станция"): the adjective names no place itself."""
    a, b, source, _confidence = m
    tokens = tagged.tokens
    return source == "ner" and b - a == 1 and tokens[a].pos == "ADJ" and b < len(tokens) and \
        tokens[b].text[:1].islower() and tokens[b].pos in ("NOUN", "ADJ") and \
        tagged.token_sentence[a] == tagged.token_sentence[b]


def _persons_called_places(tagged: Tagged, found: dict) -> None:
    """slovnet now and then tags a person as a place ("играет в супертурнире Гата Камский",
    "президента Ахмат-Хаджи Кадырова"): a LOC of capitalised words that slovnet alone found
    is a person when its last word is the surname of a person the document names."""
    tokens = tagged.tokens
    surnames = {tokens[b - 1].lemma for typ, a, b in found if typ == "PER" and b - a >= 1}
    for typ, a, b in [k for k in found if k[0] == "LOC"]:
        source = found[(typ, a, b)][0]
        if source == "ner" and b - a >= 2 and tokens[b - 1].lemma in surnames and \
                all(t.is_capitalized for t in tokens[a:b]):
            found.setdefault(("PER", a, b), found.pop((typ, a, b)))


def _chain_places(tagged: Tagged, found: dict) -> None:
    """"Партизанского района" + "города Минска" → "Партизанского района города Минска":
    a place named by an adjective and its descriptor, then the place it lies in, in the
    genitive, is one place in factRuEval (the inner one stays a mention of its own)."""
    tokens = tagged.tokens
    starts: dict[int, int] = {}
    for typ, a, b in found:
        if typ == "LOC":
            starts[a] = max(b, starts.get(a, b))
    for typ, a, b in sorted(k for k in found if k[0] == "LOC"):
        nxt = starts.get(b)
        if nxt is not None and b - a >= 2 and tokens[b - 1].lemma in LOC_DESCRIPTORS and \
                tokens[b - 1].text.islower() and tokens[b].feats.get("Case") == "Gen" and \
                tagged.token_sentence[a] == tagged.token_sentence[b]:
            found[("LOC", a, nxt)] = found.pop((typ, a, b))


def _world_places(tagged: Tagged, parts) -> list[RegionMention]:
    """Foreign countries and cities (places.py), except inside a longer place slovnet
    found ("Латинской Америки" is one place, not "Америки" in it); inside an organization
    a country stays a place of its own, as factRuEval marks it ("Госдумы России")."""
    out = []
    for r in parts.world.find(tagged):
        span = tagged.span_of_token[r.first]
        if span is not None and span.type == "LOC" and (
                span.start < tagged.tokens[r.first].start or
                span.stop > tagged.tokens[r.last - 1].stop):
            continue
        out.append(r)
    return out


def _place_keys(found: dict, places: list[RegionMention], world: list[RegionMention]
                ) -> dict[tuple[str, int, int], str]:
    """A LOC mention whose name is a gazetteer place gets its code: "Турции", "Турецкой
    Республикой" → LOC:TR; "Чечни", "Чеченской республики" → LOC:RU-<region code>. A Russian
    region's capital is its own place (LOC:RU-city-<name>), not the region."""
    by_token: dict[int, str] = {}
    for r in world:
        key = f"LOC:{r.code}" if r.kind != "city" else f"LOC:{r.code}-city-{r.place.lower()}"
        for k in range(r.first, r.last):
            by_token.setdefault(k, key)
    for r in places:
        key = f"LOC:RU-{r.code}" if r.kind in ("official", "informal") else \
            f"LOC:RU-city-{r.place.lower()}"
        for k in range(r.first, r.last):
            by_token[k] = key
    out = {}
    for typ, a, b in found:
        if typ == "LOC":
            n = found[(typ, a, b)][2]  # the name proper, after a descriptor
            keys = {by_token[k] for k in range(n, b) if k in by_token}
            if len(keys) == 1:
                out[(typ, a, b)] = keys.pop()
    return out


def _organization_keys(tagged: Tagged, found: dict) -> dict[tuple[str, int, int], str]:
    """Link an organization to its abbreviation — "ПАСЕ" where the document also names the
    "Парламентская ассамблея Совета Европы" (the initials of its words), "МЧС" and "МЧС
    России" — and a one-word name to the longer name it starts ("Конгресса" and "Конгресса
    США"). An abbreviation in brackets after a name is not linked by that alone: factRuEval
    links "(ФАО)" to its name but not "(СКС)" to "Союз координационных советов"."""
    tokens = tagged.tokens
    orgs = sorted((k for k in found if k[0] == "ORG"), key=lambda k: (k[1], -k[2]))
    key_of: dict[tuple[str, int, int], str] = {}

    def key(m):
        return key_of.setdefault(m, f"ORG:{tagged.text[tokens[m[1]].start:tokens[m[2] - 1].stop]}"
                                 .lower())

    for m in orgs:
        _typ, a, b = m
        word = tokens[a].text
        if b - a != 1 or not word[:1].isupper():
            continue
        for other in orgs:
            _t, c, d = other
            if other == m or tokens[c].text == word and d - c == 1:
                continue
            same_head = d - c >= 2 and tokens[c].lemma == tokens[a].lemma and \
                tokens[c].text[:1].isupper()
            if word.isupper() and len(word) >= 2:  # an abbreviation
                same_head = same_head and tokens[c].text == word  # "МЧС" and "МЧС России"
                if not (same_head or _initials(tokens[found[other][2]:d]) == word):
                    continue
            elif not same_head:
                continue
            key_of[m] = key(other)
            break
    starts = {c: m for m in orgs for c in (m[1],) if m not in key_of}
    for m in orgs:  # "Газета «Кориера делла Сера» (Corriere della Sera)": the original name
        _typ, a, b = m
        k = b + 1 if b < len(tokens) and tokens[b].text in ("»", "\"", "“") else b
        inner = starts.get(k + 1) if k < len(tokens) and tokens[k].text == "(" else None
        if inner is None or inner == m or inner[2] >= len(tokens) or \
                tokens[inner[2]].text != ")":
            continue
        name = tagged.text[tokens[inner[1]].start:tokens[inner[2] - 1].stop]
        outer = tagged.text[tokens[a].start:tokens[b - 1].stop]
        if name.isupper() or _latin(name) == _latin(outer):
            continue
        key_of[inner] = key(m)
    return key_of


def _latin(text: str) -> bool:
    return bool(re.search("[A-Za-z]", text)) and not re.search("[А-Яа-яЁё]", text)


def _ner_candidates(tagged: Tagged) -> tuple[list, list, list]:
    """slovnet's PER, LOC and ORG spans as token ranges, split at brackets."""
    out: dict[str, list] = {"PER": [], "LOC": [], "ORG": []}
    for span in tagged.spans:
        first, last = tagged.token_index_at(span.start), tagged.token_index_at(span.stop)
        pieces = _split_at_brackets(tagged, first, last)
        if span.type == "PER":  # "Юрген Клинсман (Jürgen Klinsmann)": the name, not its gloss
            pieces = pieces[:1]
        out[span.type] += [(a, b, "ner", NER_CONFIDENCE) for a, b in pieces]
    return out["PER"], out["LOC"], out["ORG"]


class _Found:
    """Mentions by (type, first token, last token): who found them, how sure, and where
    the name proper starts (after the descriptors the bounds took in)."""

    def __init__(self):
        self.items: dict[tuple[str, int, int], tuple[str, float, int]] = {}

    def add(self, typ: str, bounds: tuple[int, int], source: str, confidence: float,
            name_first: int) -> None:
        first, last = bounds
        if first >= last:
            return
        key = (typ, first, last)
        if key in self.items:
            old_source, old_confidence, old_name = self.items[key]
            if old_source != source or "+" in old_source:
                source = "ner+rule"
            confidence = max(confidence, old_confidence)
            name_first = max(name_first, old_name)
        self.items[key] = (source, confidence, min(max(name_first, first), last - 1))

    def mentions(self, tagged: Tagged, keys: dict) -> list[EntityMention]:
        tokens = tagged.tokens
        out = []
        for (typ, a, b), (source, confidence, n) in sorted(self.items.items(),
                                                           key=lambda kv: kv[0][1:]):
            if source == "ner+rule":
                confidence = min(0.99, confidence + AGREEMENT_BONUS)
            start, stop = tokens[a].start, tokens[b - 1].stop
            text = tagged.text[start:stop]
            name = tagged.text[tokens[n].start:stop].strip("«»\"„“” ")
            out.append(EntityMention(typ, Span(start, stop), text, name or text, source,
                                     round(confidence, 2), keys.get((typ, a, b))))
        return out


class _Spans:
    """slovnet's spans by token: which type covers a token."""

    def __init__(self, tagged: Tagged):
        self.of_token = tagged.span_of_token

    def type_at(self, i: int) -> str | None:
        span = self.of_token[i]
        return span.type if span is not None else None


def _split_at_brackets(tagged: Tagged, first: int, last: int) -> list[tuple[int, int]]:
    """"ООН (ФАО" → ООН and ФАО: a span never runs over a bracket."""
    out, a = [], first
    for k in range(first, last):
        if tagged.tokens[k].text in ("(", ")", "[", "]"):
            out.append((a, k))
            a = k + 1
    out.append((a, last))
    return [(a, b) for a, b in out if a < b]


def _sentence_bounds(tagged: Tagged, i: int) -> tuple[int, int]:
    sent = tagged.sentences[tagged.token_sentence[i]]
    return sent.first, sent.last


def _rule_org_admissible(tagged: Tagged, first: int, last: int, spans: _Spans) -> bool:
    """A «…» name counts only after an organization noun or a legal form, or when slovnet
    also calls it ORG: «День гнева», «Происхождение видов» are not organizations."""
    tokens = tagged.tokens
    if first == 0 or tokens[first - 1].text not in _OPENING:
        return True
    if any(spans.type_at(k) == "ORG" for k in range(first, last)):
        return True
    j = first - 2
    if j < 0:
        return False
    head = tokens[j]
    return head.text.lower() in LEGAL_FORMS or head.lemma in ORG_HEADS or \
        QUOTE_CONTEXT.get(head.lemma, None) is not None


def _loc_bounds(tagged: Tagged, first: int, last: int, in_place=frozenset()) -> tuple[int, int]:
    """A place with the descriptor before it ("городе Грозном", "лондонском районе
    Тоттенхэм", "штата Аризона"); not "столице Калмыкии", where the place is a genitive, nor
    a descriptor that ends another place ("Южного округа Нью-Йорка": the district's)."""
    tokens = tagged.tokens
    floor, _ = _sentence_bounds(tagged, first)
    j = first - 1
    if j < floor or j in in_place or tokens[j].lemma not in LOC_DESCRIPTORS or \
            tokens[j].is_capitalized or \
            tokens[j].feats.get("Number") == "Plur":
        return first, last
    case, own = tokens[j].feats.get("Case"), tokens[first].feats.get("Case")
    if own != case and own not in ("Nom", None):
        return first, last
    first = j
    while first - 1 >= floor and tokens[first - 1].pos == "ADJ" and \
            not tokens[first - 1].is_capitalized and \
            tokens[first - 1].lemma.endswith(("ский", "цкий")):
        first -= 1
    return first, last


def _org_bounds(tagged: Tagged, first: int, last: int, loc_starts: dict[int, int]
                ) -> tuple[int, int]:
    """An organization name with its noun, legal form and adjectives before it and a
    place or abbreviation in the genitive after it."""
    tokens = tagged.tokens
    floor, ceiling = _sentence_bounds(tagged, first)
    j = first - 1
    quoted = j >= floor and tokens[j].text in _OPENING
    if quoted:
        j -= 1
    name_like = not tokens[first].text[:1].islower()
    if j >= floor and name_like and (quoted or tokens[first].lemma not in ORG_HEADS):
        word = tokens[j]
        case, own = word.feats.get("Case"), tokens[first].feats.get("Case")
        mixed = re.search(r"[a-zа-яё][A-ZА-ЯЁ]", tokens[first].text)  # "БелТА": no real case
        apposition = quoted or mixed or case is None or own is None or case == own or \
            own == "Nom"
        if word.text.lower() in LEGAL_FORMS or (word.lemma in ORG_HEADS and apposition and (
                not word.is_capitalized or j == floor or word.text.isupper())):
            first = j
            if first - 1 >= floor and tokens[first - 1].lemma in ORG_HEADS and \
                    not tokens[first - 1].is_capitalized:
                first -= 1  # "группы компаний Michelin"
            while first - 1 >= floor and tokens[first - 1].pos == "ADJ":
                first -= 1
            if first == j and first - 1 >= floor and (
                    tokens[first - 1].text.lower() in LEGAL_FORMS):
                first -= 1
    # a closing quote right after the name belongs to it
    if last < ceiling and tokens[last].text in ("»", "\"", "“") and first < last and \
            any(t.text in _OPENING for t in tokens[first:last]):
        last += 1
    last = org_rules.tails(tagged, first, last, ceiling)
    if last < ceiling:
        nxt = tokens[last]
        after = loc_starts.get(last)
        while after is not None and (nxt.feats.get("Case") == "Gen" or nxt.text.isupper()):
            last = after  # "Судом Партизанского района города Минска"
            if last >= ceiling:
                break
            nxt, after = tokens[last], loc_starts.get(last)
    return first, org_rules.tails(tagged, first, last, ceiling)  # "ГУ МЧС России по …"


def _chain_organizations(tagged: Tagged, found: dict) -> None:
    """"Палаты представителей" + "Конгресса США" → "Палаты представителей Конгресса США"
    (the inner organization stays a mention of its own)."""
    tokens = tagged.tokens
    starts: dict[int, int] = {}
    for typ, a, b in found:
        if typ == "ORG":
            starts[a] = max(b, starts.get(a, b))
    for typ, a, b in sorted(k for k in found if k[0] == "ORG"):
        nxt = starts.get(b)
        if nxt is not None and tokens[b].feats.get("Case") == "Gen" and \
                tagged.token_sentence[a] == tagged.token_sentence[b]:
            found[("ORG", a, nxt)] = found.pop((typ, a, b))


def _name_units(tagged: Tagged, found: dict) -> None:
    """A unit of an organization that took the organization's name in ("Русской службе
    «Голоса Америки»", "московского отделения движения «Солидарность»", "президентского
    совета ФИДЕ") is an organization of its own, named by its whole span; the organization
    after the unit, in the genitive, stays a mention of its own."""
    tokens = tagged.tokens
    for key in [k for k in found if k[0] == "ORG"]:
        _typ, a, b = key
        source, confidence, n = found[key]
        if n <= a:
            continue
        for h in range(a, n):
            head = tokens[h]
            if head.lemma not in org_rules.UNIT_HEADS or not head.text.islower():
                continue
            k = h + 1
            if k < n and tokens[k].text in _OPENING:
                k += 1
            if k >= b or tokens[k].feats.get("Case") not in ("Gen", None) and \
                    not tokens[k].text.isupper():
                continue
            found[key] = (source, confidence, a)
            stop = b
            if k > h + 1 and tokens[b - 1].text in ("»", "\"", "“") and b - 1 > k:
                stop = b - 1
            found.setdefault(("ORG", h + 1 if k == h + 1 else k, stop), (source, confidence, n))
            break


def _parents_of_branches(tagged: Tagged, found: dict) -> None:
    """"ГУ МЧС России по Санкт-Петербургу", "пресс-службы МЧС по Санкт-Петербургу": the
    branch runs to its "по <place>" tail, the organization inside it does not ("МЧС России")."""
    tokens = tagged.tokens
    ends: dict[int, int] = {}
    for typ, a, b in found:
        if typ == "ORG":
            ends[b] = min(a, ends.get(b, a))
    for key in [k for k in found if k[0] == "ORG"]:
        _typ, a, b = key
        if ends[b] >= a:
            continue
        cut = next((p for p in range(a + 1, b) if tokens[p].text == "по"), None)
        if cut is None:
            continue
        source, confidence, n = found.pop(key)
        found.setdefault(("ORG", a, cut), (source, confidence, min(n, cut - 1)))


def _facility(tagged: Tagged, first: int, last: int) -> int | None:
    """Where a named facility one is in, at or from starts ("в столичном аэропорту
    «Домодедово»", "в книжном магазине «Библио-Глобус»"): factRuEval marks it a place, not
    an organization. None when the mention is not one."""
    tokens = tagged.tokens
    floor, _ = _sentence_bounds(tagged, first)
    h = first - 1
    if h >= floor and tokens[h].text in _OPENING:
        h -= 1
    if not (h >= floor and tokens[h].lemma in FACILITY_HEADS):
        h = next((k for k in range(first, last) if tokens[k].lemma in FACILITY_HEADS), None)
        if h is None or h + 1 >= last or tokens[h].is_capitalized and h > floor:
            return None
    start = h
    while start - 1 >= floor and tokens[start - 1].pos == "ADJ":
        start -= 1
    if start - 1 < floor or tokens[start - 1].lemma not in PLACE_PREPOSITIONS:
        return None
    return min(start, first)


def _landmarks(tagged: Tagged, per) -> list[tuple[int, int, str, float]]:
    """Places named by a capitalised adjective and a landscape noun slovnet left untagged
    ("Химкинского леса", "Измайловский парк"), and monuments to a person ("памятник
    Пушкину"), which factRuEval marks as places; the person stays a mention of its own."""
    tokens = tagged.tokens
    per_ends = {a: b for a, b, _s, _c in per}
    out = []
    for i in range(len(tokens) - 1):
        tok, nxt = tokens[i], tokens[i + 1]
        if tagged.token_sentence[i] != tagged.token_sentence[i + 1]:
            continue
        if tok.lemma in MONUMENTS and tok.text.islower() and i + 1 in per_ends and \
                nxt.feats.get("Case") == "Dat":
            out.append((i, per_ends[i + 1], "rule", RULE_CONFIDENCE))
        elif nxt.lemma in LANDSCAPE_NOUNS and nxt.text.islower() and tok.pos == "ADJ" and \
                tok.is_capitalized and tok.text[1:].islower() and \
                tagged.sentences[tagged.token_sentence[i]].first != i and \
                tok.feats.get("Case") == nxt.feats.get("Case") and \
                not any(tagged.span_of_token[k] is not None and
                        tagged.span_of_token[k].type in ("LOC", "PER") for k in (i, i + 1)):
            out.append((i, i + 2, "rule", RULE_CONFIDENCE))
    return out


def _titled_persons(tagged: Tagged, spans: list, morph) -> list:
    """slovnet's LOC or ORG that is a person: capitalised words starting with a first name,
    after a lower-case title ("архиепископ Лонгин Клинский", "президента Владимира …")."""
    tokens = tagged.tokens
    out = []
    for m in spans:
        a, b, source, _confidence = m
        if source != "ner" or b - a > 3 or a == 0:
            continue
        prev = tokens[a - 1]
        if not prev.text.islower() or prev.pos != "NOUN" or \
                prev.feats.get("Animacy") != "Anim" or \
                not all(t.is_capitalized and t.text[1:].islower() for t in tokens[a:b]):
            continue
        if any("Name" in p.tag.grammemes and p.score > 0.5 for p in morph(tokens[a].text)):
            out.append(m)
    return out


def _common_word_person(tagged: Tagged, m, morph) -> bool:
    """slovnet's one-word PER at a sentence start that is a capitalised common noun
    ("Супруга «оружейного барона» …")."""
    a, b, source, _confidence = m
    if source != "ner" or b - a != 1:
        return False
    floor, _ = _sentence_bounds(tagged, a)
    return a == floor and not proper_single(tagged.tokens[a].text, morph)


def _initials(words) -> str:
    """"Парламентская ассамблея Совета Европы" → ПАСЕ, "Hewlett-Packard" → HP (the name
    proper: "компании Hewlett-Packard" without its noun)."""
    parts = [p for t in words for p in t.text.split("-")]
    return "".join(p[0] for p in parts if p[:1].isalpha()).upper()


def _not_an_org(tagged: Tagged, first: int, last: int, source: str, morph) -> bool:
    tokens = tagged.tokens
    words = tokens[first:last]
    named = [t.text for t in words if any(ch.isalnum() for ch in t.text)]
    if not named or all(w.upper() in NOT_ORGANIZATIONS | NOT_ORG_ABBREVIATIONS for w in named):
        return True
    if last - first == 1 and source == "ner":
        floor, _ = _sentence_bounds(tagged, first)
        if first == floor and not proper_single(words[0].text, morph):
            return True  # "Замглавы …": a capital at a sentence start proves nothing
    return False


def _government_bodies(tagged: Tagged, loc) -> list[tuple[int, int, str, float]]:
    """"правительства Израиля", "министерство иностранных дел Японии": a government noun,
    lower-case genitives, then a place in the genitive."""
    tokens = tagged.tokens
    out = []
    for a, _b, _source, _confidence in loc:
        if tokens[a].feats.get("Case") != "Gen" and not tokens[a].text.isupper():
            continue
        floor, _ = _sentence_bounds(tagged, a)
        j = a - 1
        while j >= floor and a - j <= 5:
            tok = tokens[j]
            if tok.lemma in GOVERNMENT_HEADS:
                while j - 1 >= floor and tokens[j - 1].pos == "ADJ" and \
                        tokens[j - 1].feats.get("Variant") != "Short":
                    j -= 1  # "государственный департамент США", "Верховный суд Бангладеша"
                out.append((j, a, "rule", RULE_CONFIDENCE))
                break
            if tok.is_capitalized or tok.pos not in ("NOUN", "ADJ") or \
                    tok.feats.get("Case") != "Gen":
                break
            j -= 1
    return out


def _company_names(tagged: Tagged, spans: _Spans) -> list[tuple[int, int, str, float]]:
    """"компании Hewlett-Packard", "команды МакЛарен-Мерседес": a company noun and the
    capitalised words right after it that slovnet left untagged."""
    tokens = tagged.tokens
    out = []
    for i, tok in enumerate(tokens):
        if tok.lemma not in COMPANY_HEADS:
            continue
        _, ceiling = _sentence_bounds(tagged, i)
        k = i + 1
        while k < ceiling and k - i <= 4 and not tokens[k].text[:1].islower() and \
                tokens[k].text[:1].isalnum() and spans.type_at(k) is None:
            k += 1
        if k > i + 1:
            out.append((i + 1, k, "rule", RULE_CONFIDENCE))
    return out


def _abbreviations(tagged: Tagged, spans: _Spans) -> list[tuple[int, int, str, float]]:
    """Capital abbreviations slovnet left out: ООН, ФСБ, МВД, ФАО."""
    out = []
    for i, tok in enumerate(tagged.tokens):
        text = tok.text
        if not _ABBREVIATION.fullmatch(text) or spans.type_at(i) is not None:
            continue
        if text in LOC_ABBREVIATIONS or text in NOT_ORGANIZATIONS or \
                text in NOT_ORG_ABBREVIATIONS or \
                text.lower() in LEGAL_FORMS or _ROMAN.fullmatch(text):
            continue
        out.append((i, i + 1, "rule", RULE_CONFIDENCE))
    return out
