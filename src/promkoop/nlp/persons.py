"""Person step: people named in the article, in the nominative, with position and organization.

Owns reading a position from the words before a name ("губернатором Смоленской области
Василием Анохиным" → Василий Анохин, "губернатор Смоленской области"); the person's
organization is an organization named inside that position ("… правительства Смоленской
области" → "правительство Смоленской области"), else null. Names come from slovnet's PER
spans, normalised by natasha; a bare surname joins the full name it repeats (before or
after it), and each person keeps the spans of all its mentions. Confidence: 0.8 for a
full name slovnet found, 0.9 with a position, +0.05 when mentioned again.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .names import stem
from .names import LEGAL_FORMS
from .organizations import OrgEntity, is_acronym_of
from .phrases import genitive_name, inflect_phrase, lower_first
from .regions import RegionMention
from .tagging import Tagged
from .types import Span

POSITION_HEADS = {
    "губернатор", "вице-губернатор", "замгубернатора", "заместитель", "министр", "замминистра",
    "председатель", "глава", "директор", "гендиректор", "руководитель", "президент",
    "вице-президент", "мэр", "начальник", "ректор", "проректор", "сенатор", "депутат",
    "управляющий", "советник", "помощник", "секретарь", "премьер-министр", "вице-премьер",
    "врио", "спикер", "уполномоченный", "полпред", "член", "основатель", "владелец",
    "совладелец", "акционер", "представитель", "менеджер", "инженер", "конструктор", "технолог",
    "аким", "замглавы", "техдиректор", "финдиректор", "замдиректора", "завлабораторией",
}
# Abbreviated positions written out: "гендиректор" → "генеральный директор" (each case form).
ABBREVIATIONS = {
    "гендиректор": "генеральный директор", "гендиректора": "генерального директора",
    "гендиректору": "генеральному директору", "гендиректором": "генеральным директором",
    "гендиректоре": "генеральном директоре",
    "техдиректор": "технический директор", "техдиректора": "технического директора",
    "финдиректор": "финансовый директор", "финдиректора": "финансового директора",
    "замгубернатора": "заместитель губернатора", "замминистра": "заместитель министра",
    "замглавы": "заместитель главы", "замдиректора": "заместитель директора",
    "зампред": "заместитель председателя", "замполпреда": "заместитель полпреда",
}
# A generic noun ending a position stands for an organization or region named before it.
ORG_WORDS = {"завод", "компания", "университет", "концерн", "холдинг", "предприятие", "комбинат",
             "институт", "корпорация", "объединение", "верфь", "фабрика", "группа", "общество", "разрез"}
# Generic nouns that may stand for an enterprise not called so ("директор предприятия" of «Азот»)
OPENER_WORDS = {"компания", "предприятие", "комбинат", "завод", "холдинг", "концерн"}


def _opens(tagged: Tagged, a: int) -> bool:
    """Whether the organization at token a opens its sentence (legal forms, quotes, adjectives before)."""
    first = tagged.sentences[tagged.token_sentence[a]].first
    return a - first <= 4 and all(t.pos == "ADJ" or t.text in ("«", "\"") or t.text.lower() in LEGAL_FORMS
                                  for t in tagged.tokens[first:a])
_LEGAL_QUOTED = re.compile(r"\b(?:" + "|".join(sorted(LEGAL_FORMS, key=len, reverse=True)).upper()
                           + r")\s+«(?P<name>[^«»]+)»")
REGION_WORDS = {"регион": "", "республика": "республика", "край": "край", "область": "область",
                "округ": "округ"}
MAX_POSITION_TOKENS = 16


@dataclass(frozen=True, slots=True)
class PersonEntity:
    name: str
    position: str | None
    organization: str | None
    region_code: str | None
    first: int  # token index of the first mention
    mentions: tuple[Span, ...] = ()  # offsets in the tagged text
    confidence: float = 0.8


def find_persons(tagged: Tagged, regions: list[RegionMention], orgs: list[OrgEntity],
                 morph, region_name: Callable[[str], str] | None = None) -> list[PersonEntity]:
    """Persons in `tagged`, one per person, in order of first mention.

    Positions are written whole: quotes and legal forms dropped, abbreviations expanded
    ("гендиректор" → "генеральный директор"), an acronym replaced by the full name it
    abbreviates, and a closing generic noun by what it stands for ("гендиректор завода" →
    "генеральный директор Челябинского трубопрокатного завода", "премьер-министр республики"
    → "премьер-министр Республики Татарстан"; `region_name` gives a region's name)."""
    org_spans = [(m.first, m.last, e) for e in orgs for m in e.mentions]
    mentions = []
    for span in tagged.spans:
        if span.type != "PER":
            continue
        first = tagged.token_index_at(span.start)
        name = " ".join(w[:1].upper() + w[1:] for w in span.normal.split())
        name = _keep_yo(name, span.text)
        position, pos_first = _position(tagged, first, regions, org_spans, morph)
        org = None
        region = None
        if position is not None:
            inside = [e for a, b, e in org_spans if pos_first <= a and b <= first]
            org = inside[0].name if inside else None
            in_regions = [r for r in regions if pos_first <= r.first and r.last <= first]
            if in_regions:
                region = in_regions[0].code
            elif inside:
                region = inside[0].region_code
        if region is None:
            sent = tagged.sentences[tagged.token_sentence[first]]
            near = [r for r in regions if sent.first <= r.first < sent.last]
            region = near[0].code if near else None
        if position is not None:
            position, resolved = _whole_position(tagged, position, pos_first, first, org_spans,
                                                 regions, region, morph, region_name)
            org = org or resolved
        mentions.append(PersonEntity(name, position, org, region, first,
                                     (Span(span.start, span.stop),)))

    people: list[PersonEntity] = []
    spans: list[list[Span]] = []
    loose: list[PersonEntity] = []
    for m in mentions:
        words = m.name.split()
        k = next((k for k, p in enumerate(people) if _same_person(p.name, m.name)), None)
        if k is None:
            if len(words) >= 2:
                people.append(m)
                spans.append(list(m.mentions))
            else:
                loose.append(m)
            continue
        spans[k].extend(m.mentions)
        match = people[k]
        if match.position is None and m.position is not None:
            people[k] = PersonEntity(
                match.name if len(match.name.split()) >= len(words) else m.name,
                m.position, m.organization, m.region_code, match.first)
    for m in loose:  # a surname seen before its full name
        k = next((k for k, p in enumerate(people) if _same_person(p.name, m.name)), None)
        if k is not None:
            spans[k].extend(m.mentions)
    out = []
    for p, found in zip(people, spans):
        found = sorted(set(found))
        confidence = (0.9 if p.position else 0.8) + 0.05 * (len(found) > 1)
        out.append(PersonEntity(p.name, p.position, p.organization, p.region_code, p.first,
                                tuple(found), round(confidence, 2)))
    return out


def _same_person(a: str, b: str) -> bool:
    wa, wb = a.lower().replace("ё", "е").split(), b.lower().replace("ё", "е").split()
    if wa == wb:
        return True
    small, big = sorted((wa, wb), key=len)
    return {stem(w) for w in small} <= {stem(w) for w in big}


def _keep_yo(normal: str, original: str) -> str:
    """natasha writes "Петр" for "Пётр"; keep the article's ё where the words line up."""
    if "ё" not in original.lower():
        return normal
    out = []
    for n_word, o_word in zip(normal.split(), original.split()):
        if "ё" in o_word.lower() and o_word.lower().replace("ё", "е")[:3] == n_word.lower()[:3]:
            i = o_word.lower().index("ё")
            if i < len(n_word) and n_word[i].lower() == "е":
                n_word = n_word[:i] + ("Ё" if n_word[i].isupper() else "ё") + n_word[i + 1:]
        out.append(n_word)
    return " ".join(out + normal.split()[len(out):])


def _whole_position(tagged: Tagged, position: str, pos_first: int, first: int, org_spans,
                    regions, region: str | None, morph, region_name) -> tuple[str, str | None]:
    """The position without quotes and legal forms, abbreviations expanded, an acronym and a
    closing generic noun replaced by the name they stand for; and that organization's name."""
    resolved = None
    for a, b, e in org_spans:  # "директор ЯМЗ" → "директор Ярославского моторного завода"
        if pos_first <= a and b <= first:
            short = tagged.between(a, b).strip("«»\" ")
            if short != e.name and is_acronym_of(short, e.name) and short in position:
                position = position.replace(short, genitive_name(e.name, morph), 1)
    # "директор ОАО «Башкирская содовая компания»": without its legal form the name declines
    position = _LEGAL_QUOTED.sub(lambda m: genitive_name(m["name"], morph), position)
    position = re.sub(r"[«»\"“”„]", "", position)
    words = [w for w in position.split() if w.lower() not in LEGAL_FORMS]
    words = " ".join(ABBREVIATIONS.get(w.lower(), w) for w in words).split()
    if len(words) >= 2:
        last = words[-1]
        lemma = next((p.normal_form for p in morph(last)), last.lower())
        inside_org = any(pos_first <= a and b <= first for a, b, _ in org_spans)
        inside_region = any(pos_first <= r.first and r.last <= first for r in regions)
        if lemma in ORG_WORDS and not inside_org and last.islower():
            named = [e for a, b, e in org_spans if b <= pos_first and lemma in e.name.lower()]
            if not named and lemma in OPENER_WORDS:
                # "генеральный директор компании" after "ОАО «Сусуманзолото» закупает …": the
                # enterprise a recent sentence opened with, if its name holds no other generic noun
                at = tagged.token_sentence[pos_first]
                named = [e for a, b, e in org_spans if b <= pos_first and e.kind == "enterprise"
                         and at - 2 <= tagged.token_sentence[a] and _opens(tagged, a)
                         and not any(w in e.name.lower() for w in ORG_WORDS)][-1:]
            if named:
                words[-1] = genitive_name(named[-1].name, morph)
                resolved = named[-1].name
        elif lemma in REGION_WORDS and not inside_region and last.islower() and region \
                and not words[-2][:1].isupper() \
                and region_name is not None:
            name = region_name(region)
            if REGION_WORDS[lemma] in name.lower():
                words[-1] = genitive_name(name, morph)
    return " ".join(words), resolved


def _position(tagged: Tagged, first: int, regions, org_spans, morph) -> tuple[str | None, int]:
    """The position written right before a name, in the nominative, and its first token."""
    tokens = tagged.tokens
    sent = tagged.sentences[tagged.token_sentence[first]]
    covered = set()
    for r in regions:
        covered.update(range(r.first, r.last))
    for a, b, _ in org_spans:
        covered.update(range(a, b))
        if a > 0 and tokens[a - 1].text in ("«", "\""):  # the quotes around a quoted name
            covered.update((a - 1, b))
    spans = tagged.span_of_token
    head = None
    j = first - 1
    while j >= sent.first and first - j <= MAX_POSITION_TOKENS:
        tok = tokens[j]
        if spans[j] is not None and spans[j].type == "PER":
            break
        if tok.lemma in POSITION_HEADS or tok.text.lower() in POSITION_HEADS:
            head = j
        elif j in covered or tok.lemma == "и":
            pass
        elif tok.text == "," and j + 1 < first and tokens[j + 1].pos in ("NOUN", "ADJ") \
                and not tokens[j + 1].is_capitalized:
            pass  # "министр промышленности, торговли и предпринимательства …"
        elif tok.pos in ("NOUN", "ADJ") and not tok.is_capitalized:
            pass
        elif tok.pos in ("NOUN", "PROPN") and tok.feats.get("Case") == "Gen":
            pass  # "министр развития Арктики"
        elif tok.pos == "ADJ" and head == j + 1:
            pass
        elif tok.lemma == "по" and j + 1 < first and tokens[j + 1].pos == "NOUN" \
                and not tokens[j + 1].is_capitalized:
            pass  # "директор по производству", "вице-президент по закупкам"
        elif tok.pos == "ADJ" and tok.feats.get("Case") == "Gen" and j + 1 < first \
                and tokens[j + 1].feats.get("Case") == "Gen":
            pass  # "министр … Российской Федерации"
        else:
            break
        j -= 1
    if head is None:
        return None, first
    start = head
    while start - 1 >= sent.first and tokens[start - 1].pos == "ADJ" and \
            tokens[start - 1].feats.get("Case") == tokens[head].feats.get("Case"):
        start -= 1
    head_group = list(tokens[start:head + 1])
    text = inflect_phrase(head_group, tagged.text, morph, "nomn")
    rest = tagged.text[tokens[head].stop:tokens[first - 1].stop] if first - 1 > head else ""
    position = lower_first((text + rest).strip(" ,"))
    return position, start
