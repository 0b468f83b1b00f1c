"""Organization step: organizations named in the article, in the nominative, with kind and region.

Owns four patterns: a name in «quotes» after a type noun ("предприятие «СмолМаш»",
"индустриальный парк «Бахус»" → park Бахус); an authority or institution followed by a
region in the genitive ("министерство промышленности и торговли Смоленской области",
"правительства Смоленской области" → "правительство Смоленской области"); a region
adjective before an institution ("Тульской торгово-промышленной палатой"); and numbered
plants ("720 ремонтный завод средств обеспечения полётов"). Legal forms are dropped.
Mentions of one organization are merged by name key. A mention's confidence says how
much its pattern proves (a type noun before «…» or an authority with its region: 0.9;
slovnet alone: 0.6); an organization's is its best mention's, +0.05 per further mention.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from promkoop.requirements_text import is_climate_code

from .names import LEGAL_FORMS, name_key
from .phrases import inflect_phrase, lower_first
from .regions import RegionMention
from .tagging import Tagged

AUTHORITY_HEADS = {
    "министерство": "authority", "правительство": "authority", "администрация": "authority",
    "департамент": "authority", "комитет": "authority", "управление": "authority",
    "агентство": "authority", "минпромторг": "authority", "минэкономразвития": "authority",
    "минпром": "authority", "дума": "authority", "мэрия": "authority", "инспекция": "authority",
    "фонд": "other", "центр": "other", "корпорация": "other",
    "палата": "association", "тпп": "association", "союз": "association",
    "ассоциация": "association", "кластер": "association",
    "университет": "research", "институт": "research", "академия": "research",
    "колледж": "research", "техникум": "research",
}
LOWER_HEADS = {"министерство", "правительство", "администрация", "департамент", "комитет",
               "управление"}
INSTITUTION_HEADS = {"палата", "тпп", "университет", "институт", "академия", "колледж",
                     "техникум", "агентство", "фонд", "корпорация", "кластер", "ассоциация",
                     "союз"}
REGION_TYPE_NOUNS = {"область", "край", "республика", "округ"}
PLANT_NOUNS = {"завод", "комбинат", "арсенал", "база", "фабрика", "верфь", "мастерская"}

# What a noun right before «…» says about the name in quotes; None: not an organization.
QUOTE_CONTEXT = {
    **dict.fromkeys(["парк", "технопарк", "технополис", "зона", "оэз", "площадка",
                     "промпарк", "индустриальный"], "industrial_park"),
    **dict.fromkeys(["институт", "университет", "нии", "академия", "объединение", "центр"],
                    "research"),
    **dict.fromkeys(["ассоциация", "союз", "кластер", "палата", "партнерство"], "association"),
    **dict.fromkeys(["газета", "журнал", "телеканал", "агентство", "радио", "издание",
                     "портал"], "media"),
    **dict.fromkeys(["форум", "выставка", "конференция", "стол", "сессия", "фестиваль",
                     "премия", "конкурс", "проект", "программа", "нацпроект", "акция",
                     "семинар", "ярмарка", "чемпионат", "олимпиада", "марафон", "встреча",
                     "совещание", "модель", "марка", "бренд", "серия", "автомобиль", "самолет",
                     "трактор", "продукт", "продукция", "изделие", "проектный", "мероприятие",
                     "экспедиция", "смена", "фильм", "книга", "песня", "операция", "слет",
                     "газопровод", "нефтепровод", "трубопровод", "месторождение", "комбайн",
                     "судно", "катер", "танкер", "ледокол", "двигатель", "станок", "автобус",
                     "вагон", "локомотив", "вертолет", "лайнер", "линейка", "экспо", "салон",
                     "автодорога", "дорога", "трасса", "магистраль", "мост", "река", "улица",
                     "проспект", "трамвай", "троллейбус", "электробус", "поезд", "электропоезд"],
                    None),
}
ENTERPRISE_NOUNS = {"предприятие", "завод", "компания", "комбинат", "фабрика", "холдинг",
                    "агрохолдинг", "разрез", "шахта", "рудник", "верфь", "корпорация", "группа",
                    "концерн", "производитель", "фирма", "ао", "ооо", "пао", "оао", "зао", "нпо",
                    "нпп", "общество", "гк", "гок", "объединение"}
# What an organization's own name says of its kind when nothing before it does.
_NAME_KINDS = (
    (re.compile(r"завод|комбинат|фабрик|\bгок\b|верф|холдинг|концерн|машзавод|\bмаш\b|"
                r"нефть|газпром|энерго|транс\b|сталь|металл", re.I), "enterprise"),
    (re.compile(r"газет|агентств|журнал|ведомост|известия|\bвести\b|новост|правда|\bрадио\b|"
                r"^(?:тасс|интерфакс|рбк|коммерсант[ъ]?|прайм|ria|regnum|регнум)$", re.I), "media"),
    (re.compile(r"министерств|правительств|администрац|департамент|минпромторг|минэконом", re.I),
     "authority"),
    (re.compile(r"институт|университет|\bнии\b|академи|политех", re.I), "research"),
    (re.compile(r"\bоэз\b|технопарк|индустриальн\w* парк|промпарк", re.I), "industrial_park"),
)
# Nouns naming a company, dropped when one name is the other with it ("Группа ГАЗ" ~ "ГАЗ").
GROUP_WORDS = {"группа", "компания", "холдинг", "концерн", "корпорация", "гк"}
# Capitalised abbreviations slovnet often tags ORG that name no organization.
NOT_ORGANIZATIONS = {"СМИ", "ВВП", "НДС", "ЖКХ", "АПК", "ОПК", "ВПК", "НИОКР", "ДТП", "ЧП", "ИТ",
                     "IT", "ПО", "ТЭК", "МСП", "ГЧП", "СНГ"}
_QUOTE = re.compile(r"«([^«»]{1,60}«[^«»]{1,40})»»?|«([^«»]{1,80})»|\"([^\"]{1,80})\"|„([^„“]{1,80})“")
_NAME_START = re.compile(r"^[0-9A-ZА-ЯЁ]")


@dataclass(frozen=True, slots=True)
class OrgMention:
    name: str
    kind: str
    region_code: str | None
    first: int  # token span [first, last)
    last: int
    strong_region: bool  # the region comes from the name or the words right before it
    appositive: bool     # the name is in its own form (after a type noun, or a pattern)
    confidence: float = 0.6


@dataclass(frozen=True, slots=True)
class OrgEntity:
    name: str
    kind: str
    region_code: str | None
    mentions: tuple[OrgMention, ...]
    confidence: float = 0.6


def find_organizations(tagged: Tagged, regions: list[RegionMention], morph) -> list[OrgMention]:
    """All organization mentions in `tagged`, in text order."""
    found = (_quoted(tagged, regions) + _authorities(tagged, regions, morph)
             + _institutions(tagged, regions, morph) + _numbered_plants(tagged, regions, morph)
             + _named_plants(tagged, regions, morph))
    found.sort(key=lambda m: (m.first, -(m.last - m.first)))
    out: list[OrgMention] = []
    for m in found:  # overlapping matches: the earlier, longer one wins
        if any(o.first < m.last and m.first < o.last for o in out):
            continue
        out.append(m)
    for m in _ner_organizations(tagged, regions, morph):  # slovnet fills the gaps
        if not any(o.first < m.last and m.first < o.last for o in out):
            out.append(m)
    out.sort(key=lambda m: m.first)
    return out


def merge_organizations(mentions: list[OrgMention]) -> list[OrgEntity]:
    """One entity per organization, named by its best mention, in order of first mention."""
    groups: list[list[OrgMention]] = []
    for m in mentions:
        key = name_key(m.name)
        for g in groups:
            gk = name_key(g[0].name)
            if key and gk and (len(key & gk) / len(key | gk) >= 0.6 or _same_but_group(m.name, g[0].name)):
                g.append(m)
                break
        else:
            groups.append([m])
    groups = _merge_acronyms(groups)
    out = []
    for g in groups:
        best = next((m for m in g if m.appositive and not _ACRONYM.match(m.name)),
                    next((m for m in g if m.appositive), g[0]))
        kinds = [m.kind for m in g if m.kind not in ("enterprise", "other")] \
            or [m.kind for m in g if m.kind == "enterprise"] \
            or [name_kind(best.name) or "other"]
        strong = [m.region_code for m in g if m.strong_region and m.region_code]
        weak = [m.region_code for m in g if m.region_code]
        out.append(OrgEntity(best.name, kinds[0] if kinds else g[0].kind,
                             (strong or weak or [None])[0], tuple(g),
                             round(min(0.99, max(m.confidence for m in g) + 0.05 * (len(g) - 1)),
                                   2)))
    return out


def name_kind(name: str) -> str | None:
    """The kind a name tells by its own words: "Уралмашзавод" → enterprise, "ТАСС" → media."""
    for pattern, kind in _NAME_KINDS:
        if pattern.search(name):
            return kind
    return None


def _same_but_group(a: str, b: str) -> bool:
    """"Группа ГАЗ" and "ГАЗ": one name is the other with a company noun before it."""
    wa, wb = a.lower().split(), b.lower().split()
    short, long_ = sorted((wa, wb), key=len)
    return len(long_) == len(short) + 1 and long_[0] in GROUP_WORDS and long_[1:] == short


_ACRONYM = re.compile(r"^[А-ЯЁA-Z][А-ЯЁA-Zа-яё]{1,5}(?:-[А-ЯЁA-Z]{1,5})?$")
_FUNCTION_WORDS = {"и", "по", "в", "на", "с", "для", "имени", "им"}


def initials(name: str) -> str:
    """"Минский автомобильный завод" → "МАЗ"; "Владимирский моторо-тракторный завод" → "ВМТЗ".

    >>> initials("Конструкторское бюро приборостроения")
    'КБП'
    """
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _FUNCTION_WORDS]
    return "".join(w[0] for w in words).upper()


def is_acronym_of(short: str, full: str) -> bool:
    """Whether `short` abbreviates `full`: "МАЗ" ~ "Минский автомобильный завод", "ОДК-ПМ" ~
    "ОДК-Пермские моторы", "ТПУ" ~ "Томский политехнический университет"."""
    if not _ACRONYM.match(short) or sum(c.isupper() for c in short) < 2 or len(full.split()) < 2:
        return False
    head, _, tail = short.partition("-")
    if tail:
        prefix, _, rest = full.partition("-")
        return prefix.upper() == head.upper() and initials(rest) == tail.upper()
    full_initials, short = initials(full), short.upper()
    if full_initials == short:
        return True
    # one letter more, for a compound word: "РНПК" ~ "Рязанская нефтеперерабатывающая компания",
    # "ЧТПЗ" ~ "Челябинский трубопрокатный завод"
    if len(short) != len(full_initials) + 1 or len(short) < 4:
        return False
    words = [w for w in re.split(r"[\s-]+", full) if w and w.lower() not in _FUNCTION_WORDS]
    for j in range(1, len(short) - 1):  # the extra letter starts a part of the word before it
        if short[:j] + short[j + 1:] == full_initials and short[j].lower() in words[j - 1].lower()[3:]:
            return True
    return False


def _merge_acronyms(groups: list[list[OrgMention]]) -> list[list[OrgMention]]:
    """A group named by an acronym joins the group whose full name it abbreviates, in the
    place of whichever was mentioned first; the full name's mentions come first."""
    out = [list(g) for g in groups]
    i = 0
    while i < len(out):
        short = out[i][0].name
        j = next((j for j, h in enumerate(out) if j != i and is_acronym_of(short, h[0].name)), None)
        if j is None:
            i += 1
            continue
        out[min(i, j)] = out[j] + out[i]
        del out[max(i, j)]
        i = 0
    return out


# --- patterns ---------------------------------------------------------------------------
def _quoted(tagged: Tagged, regions: list[RegionMention]) -> list[OrgMention]:
    tokens = tagged.tokens
    out = []
    for sent in tagged.sentences:
        text = tagged.sentence_text(sent)
        for q in _QUOTE.finditer(text):
            inner = next(g for g in q.groups() if g is not None).strip()
            start = sent.start + q.start() + 1
            stop = sent.start + q.end() - 1
            first = tagged.token_index_at(start)
            last = tagged.token_index_at(stop)
            close_at = sent.start + q.end()
            if first >= last or not _name_like(inner, tagged, first, last, close_at):
                continue
            while first < last and tokens[first].text.lower() in LEGAL_FORMS:
                first += 1
            if first >= last:
                continue
            name = tagged.between(first, last)
            if "«" in name or "»" in name:  # «Центр судоремонта «Звёздочка»»: quotes inside quotes
                name = re.sub(r"\s+", " ", re.sub(r"[«»]", "", name)).strip()
            context, context_at = _context_noun(tagged, first - 1, sent.first)
            kind = _kind_from_context(context, name)
            if kind is None:
                continue
            region, strong = _org_region(tagged, regions, first, last, context_at, sent.first)
            typed = context is not None and (context in QUOTE_CONTEXT or context in LEGAL_FORMS
                                             or context in ENTERPRISE_NOUNS)
            out.append(OrgMention(name, kind, region, first, last, strong,
                                  appositive=context is not None or _opens_item(tagged, first),
                                  confidence=0.9 if typed else 0.7))
    return out


def _name_like(inner: str, tagged: Tagged, first: int, last: int, close_at: int) -> bool:
    """Whether «inner» reads as a name: short, capitalised, not a quotation or a sentence."""
    if not _NAME_START.match(inner) or re.search(r"[,!?;]|\.$", inner):
        return False
    if len(inner.split()) > 6:
        return False
    after = tagged.text[close_at:close_at + 4]
    if re.match(r"\s*(,\s*)?[—–-]\s", after):  # «…», — сказал: a quotation
        return False
    return not any(t.pos == "VERB" and t.feats.get("Mood") for t in tagged.tokens[first:last])


def _context_noun(tagged: Tagged, i: int, floor: int) -> tuple[str | None, int]:
    """The type noun right before a quote (legal forms and adjectives skipped)."""
    tokens = tagged.tokens
    j = i
    while j >= floor and tokens[j].text in ("«", "\"", "„"):
        j -= 1
    if j >= floor and tokens[j].text.lower() in LEGAL_FORMS:
        return tokens[j].text.lower(), j
    if j - 1 >= floor and tokens[j].lemma in ("и", ",") and tokens[j - 1].text in ("»", "\""):
        k = j - 2  # "комбайнов «Торум» и «Акрос»": the noun before the first quote
        while k >= floor and tokens[k].text not in ("«", "\""):
            k -= 1
        if k > floor:
            return _context_noun(tagged, k - 1, floor)
    if j >= floor and tokens[j].pos in ("NOUN", "PROPN") and not tokens[j].text[:1].isdigit():
        return tokens[j].lemma, j
    if j >= floor and tokens[j].pos == "ADJ" and tokens[j].lemma in QUOTE_CONTEXT:
        return tokens[j].lemma, j
    return None, i + 1


def _kind_from_context(context: str | None, name: str) -> str | None:
    lowered = name.lower()
    if context in QUOTE_CONTEXT:
        kind = QUOTE_CONTEXT[context]
        if kind == "research" and context in ("объединение", "центр") and not re.search(
                r"институт|университет|нии|научн|академ", lowered):
            return "enterprise"
        return kind
    if re.search(r"институт|университет|\bнии\b|академи", lowered):
        return "research"
    return "enterprise"


def _opens_item(tagged: Tagged, first: int) -> bool:
    """«Name» opening a list item ("«СмолМаш»: производитель …")."""
    sent = tagged.sentences[tagged.token_sentence[first]]
    return first - 1 == sent.first


def _org_region(tagged: Tagged, regions: list[RegionMention], first: int, last: int,
                context_at: int, floor: int) -> tuple[str | None, bool]:
    inside = [r for r in regions if first <= r.first and r.last <= last]
    if inside:
        return inside[0].code, True
    near = [r for r in regions if context_at - 3 <= r.first and r.last <= context_at + 1
            and r.first >= floor]
    if near:
        return near[-1].code, True
    before = [r for r in regions if r.last <= first]
    if before:
        return before[-1].code, False
    after = [r for r in regions if r.first >= last]
    return (after[0].code, False) if after else (None, False)


def _authorities(tagged: Tagged, regions: list[RegionMention], morph) -> list[OrgMention]:
    """HEAD … REGION-in-genitive: "министерства промышленности и торговли Смоленской области"."""
    tokens = tagged.tokens
    sent_of = tagged.token_sentence
    out = []
    anchors = [(r.first, r.last, r.code) for r in regions if r.kind in ("official", "informal")
               and tokens[r.first].feats.get("Case") in ("Gen", None)]
    for k, tok in enumerate(tokens):  # "министерства промышленности и торговли РФ / России"
        if tok.text in ("РФ", "России"):
            anchors.append((k, k + 1, None))
        elif tok.text == "Российской" and k + 1 < len(tokens) and tokens[k + 1].text == "Федерации":
            anchors.append((k, k + 2, None))
    for first_at, last_at, code in anchors:
        r = _Anchor(first_at, last_at, code)
        head = None
        j = r.first - 1
        floor = tagged.sentences[sent_of[r.first]].first
        while j >= floor and r.first - j <= 10:
            tok = tokens[j]
            lemma = tok.lemma
            if lemma in AUTHORITY_HEADS:
                head = j
            elif tok.text == "," or lemma in ("и", "по"):
                pass
            elif (tok.text.isalpha() or "-" in tok.text) and not tok.is_capitalized \
                    and tok.pos in ("NOUN", "ADJ") and lemma not in REGION_TYPE_NOUNS:
                pass
            else:
                break
            j -= 1
        if head is None:
            continue
        phrase = tokens[head:r.last]
        name = inflect_phrase(list(phrase[:1]), tagged.text, morph) + tagged.text[
            tokens[head].stop:tokens[r.last - 1].stop]
        if tokens[head].lemma in LOWER_HEADS:
            name = lower_first(name)
        out.append(OrgMention(name, AUTHORITY_HEADS[tokens[head].lemma], r.code, head, r.last,
                              r.code is not None, True, 0.9))
    return out


@dataclass(frozen=True, slots=True)
class _Anchor:
    """Where an authority's name ends: a region in the genitive, or "РФ" (code None)."""

    first: int
    last: int
    code: str | None


def _institutions(tagged: Tagged, regions: list[RegionMention], morph) -> list[OrgMention]:
    """Capitalised region adjective + institution: "Томского политехнического университета"."""
    tokens = tagged.tokens
    out = []
    for r in regions:
        if r.kind != "adjective" or not tokens[r.first].is_capitalized:
            continue
        j = r.last
        while j < len(tokens) and tokens[j].pos == "ADJ" and not tokens[j].is_capitalized:
            j += 1
        if j >= len(tokens) or tokens[j].lemma not in INSTITUTION_HEADS:
            continue
        if j + 1 < len(tokens) and tokens[j + 1].text in ("«", "\""):
            continue  # the name follows in quotes
        name = inflect_phrase(list(tokens[r.first:j + 1]), tagged.text, morph)
        name = re.sub(r"\bТПП\b", "торгово-промышленная палата", name)
        out.append(OrgMention(name, AUTHORITY_HEADS[tokens[j].lemma], r.code, r.first, j + 1,
                              True, True, 0.85))
    return out


def _numbered_plants(tagged: Tagged, regions: list[RegionMention], morph) -> list[OrgMention]:
    """"720 ремонтный завод средств обеспечения полётов": number, adjectives, plant, genitives."""
    tokens = tagged.tokens
    out = []
    for i, sent in ((i, sent) for sent in tagged.sentences for i in range(sent.first, sent.last)):
        tok = tokens[i]
        if not tok.text.isdigit():
            continue
        j = i + 1
        while j < sent.last and tokens[j].pos == "ADJ":
            j += 1
        if j >= sent.last or tokens[j].lemma not in PLANT_NOUNS:
            continue
        k = j + 1
        while k < sent.last and tokens[k].pos in ("NOUN", "ADJ") and not tokens[k].is_capitalized \
                and tokens[k].feats.get("Case") == "Gen":
            k += 1
        name = tok.text + " " + inflect_phrase(list(tokens[i + 1:k]), tagged.text, morph)
        region, strong = _org_region(tagged, regions, i, k, i, sent.first)
        out.append(OrgMention(name, "enterprise", region, i, k, strong, True, 0.85))
    return out


def _named_plants(tagged: Tagged, regions: list[RegionMention], morph) -> list[OrgMention]:
    """A plant named without quotes: a capitalised adjective, adjectives, a plant noun and its
    genitives ("Павловский автобусный завод", "Омский завод транспортного машиностроения").
    The capital must mean a name: not the sentence's first word unless it is a region adjective."""
    tokens = tagged.tokens
    adjectives = {r.first for r in regions if r.kind == "adjective"}
    out = []
    for sent in tagged.sentences:
        for i in range(sent.first, sent.last):
            tok = tokens[i]
            if tok.pos != "ADJ" or not tok.is_capitalized or (i == sent.first and i not in adjectives):
                continue
            if i > sent.first and (tokens[i - 1].pos == "ADJ" and tokens[i - 1].is_capitalized
                                   or tokens[i - 1].text in ("«", "\"")):
                continue  # inside a longer name or a quoted one
            j = i + 1
            while j < sent.last and tokens[j].pos == "ADJ" and not tokens[j].is_capitalized:
                j += 1
            if j >= sent.last or tokens[j].lemma not in PLANT_NOUNS or (
                    j + 1 < sent.last and tokens[j + 1].text in ("«", "\"")):
                continue
            if tokens[j].feats.get("Number") == "Plur":
                continue
            k = j + 1
            while k < sent.last and tokens[k].pos in ("NOUN", "ADJ") and not tokens[k].is_capitalized \
                    and tokens[k].feats.get("Case") == "Gen":
                k += 1
            while k > j + 1 and tokens[k - 1].pos == "ADJ":
                k -= 1  # "… завод тяговые трансформаторы": an adjective without its noun is not the name's
            if k - i < 3:
                continue  # "Ростовский завод": which plant, not its name
            name = inflect_phrase(list(tokens[i:k]), tagged.text, morph)
            region, strong = _org_region(tagged, regions, i, k, i, sent.first)
            out.append(OrgMention(name, "enterprise", region, i, k, strong, True, 0.8))
    return out


def _ner_organizations(tagged: Tagged, regions: list[RegionMention], morph) -> list[OrgMention]:
    """slovnet ORG spans the patterns missed ("Российским морским регистром судоходства")."""
    tokens = tagged.tokens
    in_region = set()
    for r in regions:
        in_region.update(range(r.first, r.last))
    out = []
    for span in tagged.spans:
        if span.type != "ORG" or "«" in span.text or "»" in span.text or "\"" in span.text:
            continue
        first, last = tagged.token_index_at(span.start), tagged.token_index_at(span.stop)
        if first >= last or not tokens[first].is_capitalized:
            continue
        if all(k in in_region for k in range(first, last)):
            continue
        if tokens[first].text.upper() in NOT_ORGANIZATIONS or (
                last - first == 1 and is_climate_code(tokens[first].text)):  # ГОСТ 15150, not a name
            continue
        sentence_start = tagged.sentences[tagged.token_sentence[first]].first == first
        if last - first == 1 and sentence_start and not proper_single(tokens[first].text, morph):
            continue  # "Делегация прибыла …": a capital at a sentence start proves nothing
        while first < last and tokens[first].text.lower() in LEGAL_FORMS:
            first += 1
        if first >= last:
            continue
        if tokens[last - 1].lemma in ENTERPRISE_NOUNS | {"машиностроитель", "производитель"} and \
                tokens[last - 1].feats.get("Number") == "Plur":
            continue  # "Омские предприятия": many, not one organization
        if first > 0 and tokens[first - 1].text in ("«", "\""):
            context, _ = _context_noun(tagged, first - 1, 0)
            if context in QUOTE_CONTEXT and QUOTE_CONTEXT[context] is None:
                continue  # "выставке «Лесдревмаш-Экспо»": an event, not an organization
        name = inflect_phrase(list(tokens[first:last]), tagged.text, morph)
        lemmas = {t.lemma for t in tokens[first:last]}
        kind = next((AUTHORITY_HEADS[lm] for lm in lemmas if lm in AUTHORITY_HEADS), None) \
            or ("enterprise" if lemmas & ENTERPRISE_NOUNS else None) or name_kind(name) or "other"
        inside = [r for r in regions if first <= r.first and r.last <= last]
        out.append(OrgMention(name, kind, inside[0].code if inside else None, first, last,
                              bool(inside), True))
    return out


def proper_single(word: str, morph) -> bool:
    """A one-word ORG span that is a name, not a capitalised common word ("Делегация",
    "Воскресное")."""
    if len(word) < 3:
        return False
    parses = morph(word)
    return not any(p.is_known and p.tag.POS in ("NOUN", "ADJF") and not (
        {"Orgn", "Abbr", "Name", "Surn", "Geox"} & set(p.tag.grammemes)) and p.score > 0.3
        for p in parses)
