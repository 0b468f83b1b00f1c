"""Needs-and-offers step: who wants what, and who is ready to supply or make what.

Owns the sentence patterns: needs — "выразило заинтересованность в поставках X",
"заинтересовано в поставках X", "проявил интерес к поставкам X", "нуждается в X",
"испытывают потребность в X", "ищет поставщиков X", "нужны поставщики X", "требуются X";
offers — "готовы разработать и изготовить X" (→ "разработка и изготовление X"),
"выразило готовность поставлять X", "предлагает (поставки) X", "предложили провести X",
"демонстрирует X". The subject is put in the nominative; the holder is the organization
named before the trigger in its clause, else a region named there ("челябинские
специалисты"), else the organization a singular "предприятие"/"компания" refers back to.
Requirements come from the project's one reader, `promkoop.requirements_text`. Each carries
its sentence's span and a confidence: higher when a holder is found, and when the pattern
names a purchase or a verb of making.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .names import name_key
from .organizations import OrgEntity
from .phrases import inflect_phrase
from .regions import RegionMention
from promkoop.requirements_text import COLD, MATERIAL, PROTOTYPE, Phrase, find_phrases, summarise

from .tagging import Tagged
from .types import Need, Offer, Span, TypedRequirements

VERB_NOUNS = {
    "разработать": "разработка", "разрабатывать": "разработка", "изготовить": "изготовление",
    "изготавливать": "изготовление", "изготовлять": "изготовление", "поставить": "поставка",
    "поставлять": "поставка", "производить": "производство", "произвести": "производство",
    "организовать": "организация", "наладить": "налаживание", "налаживать": "налаживание",
    "освоить": "освоение", "обеспечить": "обеспечение", "обеспечивать": "обеспечение",
    "спроектировать": "проектирование", "проектировать": "проектирование", "собрать": "сборка",
    "собирать": "сборка", "отремонтировать": "ремонт", "ремонтировать": "ремонт",
    "модернизировать": "модернизация", "построить": "строительство", "строить": "строительство",
    "выпускать": "выпуск", "выпустить": "выпуск", "создать": "создание", "создавать": "создание",
    "разместить": "размещение", "размещать": "размещение", "испытать": "испытание",
    "доработать": "доработка", "адаптировать": "адаптация", "локализовать": "локализация",
    "внедрить": "внедрение", "внедрять": "внедрение", "передать": "передача",
    "обучить": "обучение", "восстановить": "восстановление", "сертифицировать": "сертификация",
    "изучить": "изучение", "рассмотреть": "рассмотрение", "продавать": "продажа",
}
LIGHT_VERBS = {"выполнять", "выполнить", "провести", "проводить", "осуществлять", "осуществить",
               "оказывать", "оказать", "предоставить", "предоставлять", "предложить",
               "предлагать", "взять", "брать"}
PURCHASE_NOUNS = {"поставка", "закупка", "приобретение", "покупка"}
SUPPLIER_NOUNS = {"поставщик", "подрядчик", "производитель", "исполнитель"}
ANAPHORA = {"предприятие", "компания", "завод", "комбинат", "организация", "производитель",
            "холдинг", "фабрика"}
STOP_PAIRS = {("в", "течение"), ("до", "конец"), ("к", "конец"), ("в", "рамка"), ("с", "цель"),
              ("в", "срок"), ("в", "ход"), ("на", "условие"), ("по", "итог")}
STOP_TEXT = {",", ";", ":", "—", "–", "(", ")", "!", "?"}
MAX_SUBJECT_TOKENS = 14
INTENT = {"намеренный", "намереваться", "планировать", "хотеть", "собираться", "готовый",
          "желать", "нужно", "необходимо"}
CARRIERS = {"эксплуатация", "работа", "использование", "применение", "температура", "условие",
            "режим"}


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str          # need, offer
    trigger: int       # token index
    subject_first: int
    subject_last: int
    verbs: tuple[str, ...]  # verbal nouns for "готовы разработать и изготовить"
    holder_to: int     # organizations are looked for before this token (or up to it)


def find_needs_and_offers(tagged: Tagged, regions: list[RegionMention], orgs: list[OrgEntity],
                          morph, body_from: int) -> tuple[list[Need], list[Offer]]:
    needs: list[Need] = []
    offers: list[Offer] = []
    seen = set()
    mentions = sorted(((m.first, m.last, e) for e in orgs for m in e.mentions),
                      key=lambda t: t[0])
    for n, sent in enumerate(tagged.sentences):
        if n < body_from or _is_quotation(tagged.sentence_text(sent)):
            continue
        for found in _patterns(tagged, sent):
            subject_tokens, reqs = _subject(tagged, sent, found)
            if not subject_tokens:
                continue
            case = "gent" if found.verbs else "nomn"
            subject = inflect_phrase(subject_tokens, tagged.text, morph, case)
            if found.verbs:
                subject = " и ".join(found.verbs) + " " + subject
            org, region = _holder(tagged, sent, found, regions, mentions)
            key = (found.kind, org.name if org else None, name_key(subject))
            if key in seen:
                continue
            seen.add(key)
            text = tagged.sentence_text(sent)
            reqs = [replace(r, text=_requirement_text(tagged, r, morph)) for r in reqs]
            phrases = tuple(dict.fromkeys(r.text for r in reqs))
            item = dict(organization=org.name if org else None,
                        region_code=org.region_code if org and org.region_code else region,
                        subject=subject, text=text, requirements=phrases,
                        typed=typed_requirements(reqs), spans=(Span(sent.start, sent.stop),),
                        confidence=_confidence(found, org, region))
            (needs if found.kind == "need" else offers).append(
                Need(**item) if found.kind == "need" else Offer(**item))
    return needs, offers


def requirement_phrases(text: str, offset: int = 0) -> list[Phrase]:
    """The operating conditions named in `text` (spans shifted by `offset`).

    Prototype phrases are left out: "изготовление опытной партии по ТЗ" is what an
    offer is about, its subject, not a condition on it.
    """
    return [p for p in find_phrases(text, offset) if p.kind != PROTOTYPE]


def typed_requirements(phrases: list[Phrase]) -> TypedRequirements:
    """The reader's typed sum of the phrases, as the extraction schema's `TypedRequirements`.

    >>> t = typed_requirements(requirement_phrases("исполнение ХЛ1, от −60 до +50 °C"))
    >>> t.temp_min_c, t.temp_max_c, t.climate_version, t.placement_category
    (-60, 50, 'ХЛ', 1)
    """
    r = summarise(phrases)
    return TypedRequirements(temp_min_c=r.temp_min_c, temp_max_c=r.temp_max_c, climate_version=r.climate_version,
                             placement_category=r.placement_category, standards=r.standards,
                             materials=r.materials)


def _confidence(found: _Found, org, region) -> float:
    """0.6 for a pattern match; +0.2 with an organization as holder (+0.1 with a region);
    +0.05 when the subject follows a verb of making ("готовы разработать и изготовить")."""
    score = 0.6 + (0.2 if org is not None else 0.1 if region is not None else 0.0)
    return round(score + 0.05 * bool(found.verbs), 2)


def _is_quotation(text: str) -> bool:
    return text.lstrip().startswith(("«", "\"", "„")) or "», —" in text or "», –" in text


def _patterns(tagged: Tagged, sent) -> list[_Found]:
    tokens = tagged.tokens
    out = []
    last = sent.last

    def lemma(k):
        return tokens[k].lemma if k < last else ""

    for i in range(sent.first, last):
        tok = tokens[i]
        lm = tok.lemma
        # --- needs
        if lm in ("заинтересованность", "заинтересованный", "заинтересовать", "интерес") and \
                lemma(i + 1) in ("в", "к") and lemma(i + 2) in PURCHASE_NOUNS:
            out.append(_Found("need", i, i + 3, last, (), i))
        elif lm == "нуждаться" and lemma(i + 1) == "в":
            out.append(_Found("need", i, i + 2, last, (), i))
        elif lm == "потребность" and tok.feats.get("Number") != "Plur":
            quoted = False
            for k in range(i + 1, min(i + 12, last)):  # "потребность завода «X» в Y"
                if tokens[k].text in ("«", "»", "\""):
                    quoted = tokens[k].text == "«" or (tokens[k].text == "\"" and not quoted)
                    continue
                if quoted:
                    continue
                if tokens[k].lemma == "в" and k + 1 < last:
                    out.append(_Found("need", i, k + 1, last, (), k))
                    break
                if tokens[k].feats.get("Case") not in ("Gen", None) or tokens[k].pos == "VERB" \
                        or tokens[k].text in STOP_TEXT:
                    break
        elif lm == "искать" and lemma(i + 1) in SUPPLIER_NOUNS:
            out.append(_Found("need", i, i + 2, last, (), i))
        elif lm in ("нужный", "требоваться", "необходимый") and tok.pos in ("ADJ", "VERB"):
            if lemma(i + 1) in SUPPLIER_NOUNS:
                out.append(_Found("need", i, i + 2, last, (), i))
            elif tok.pos == "VERB" or tok.feats.get("Variant") == "Short":
                out.append(_Found("need", i, i + 1, last, (), i))
        elif lm in ("закупить", "закупать", "приобрести", "приобретать") and i > sent.first \
                and tokens[i - 1].lemma in INTENT:  # "намерен закупать", not "закупают на 20 млрд"
            out.append(_Found("need", i, i + 1, last, (), i))
        elif lm in ("нехватка", "дефицит") and tok.pos == "NOUN" and i > sent.first \
                and tokens[i - 1].lemma == "испытывать":
            out.append(_Found("need", i, i + 1, last, (), i))
        # --- offers
        elif lm in ("готовый", "готовность") and i + 1 < last:
            k = i + 1
            if tokens[k].lemma in ("к",):
                continue
            verbs, k = _verb_chain(tagged, k, last)
            if verbs is not None:
                out.append(_Found("offer", i, k, last, verbs, i))
        elif lm in ("предлагать", "предложить") and tok.pos == "VERB":
            k = i + 1
            while k < last and (tokens[k].feats.get("Case") == "Dat" or tokens[k].pos == "ADV"):
                k += 1
            if k < last and tokens[k].feats.get("VerbForm") == "Inf":
                verbs, k = _verb_chain(tagged, k, last)
                if verbs is not None:
                    out.append(_Found("offer", i, k, last, verbs, i))
                continue
            if k < last and tokens[k].lemma in PURCHASE_NOUNS | {"услуга"}:
                k += 1
                if k < last and tokens[k].lemma == "по":
                    k += 1
            out.append(_Found("offer", i, k, last, (), i))
        elif lm in ("демонстрировать", "продемонстрировать") and tok.pos == "VERB":
            out.append(_Found("offer", i, i + 1, last, (), i))
    return out


def _verb_chain(tagged: Tagged, k: int, last: int) -> tuple[tuple[str, ...] | None, int]:
    """"разработать и изготовить" → ("разработка", "изготовление"); light verbs give ()."""
    tokens = tagged.tokens
    verbs = []
    while k < last and tokens[k].feats.get("VerbForm") == "Inf":
        verbs.append(tokens[k].lemma)
        if k + 2 < last and tokens[k + 1].lemma == "и" and \
                tokens[k + 2].feats.get("VerbForm") == "Inf":
            k += 2
            continue
        k += 1
        break
    if not verbs:
        return None, k
    while k < last and tokens[k].pos == "ADV":
        k += 1
    if all(v in LIGHT_VERBS for v in verbs):
        return (), k
    nouns = tuple(VERB_NOUNS[v] for v in verbs if v in VERB_NOUNS)
    if not nouns:
        return (), k
    return nouns, k


def _subject(tagged: Tagged, sent, found: _Found) -> tuple[list, list[Phrase]]:
    tokens = tagged.tokens
    start = found.subject_first
    j = start
    while j < sent.last and j - start < MAX_SUBJECT_TOKENS:
        tok = tokens[j]
        nxt = tokens[j + 1].lemma if j + 1 < sent.last else ""
        if tok.text in STOP_TEXT or tok.lemma in ("который", "а", "но", "чтобы", "уже") or \
                (tok.lemma, nxt) in STOP_PAIRS:
            break
        if tok.lemma == "и" and j + 1 < sent.last and tokens[j + 1].pos in ("VERB", "AUX"):
            break
        if tok.pos in ("VERB", "AUX") and tok.feats.get("VerbForm") in ("Fin", "Inf", None) \
                and j > start:
            break
        j += 1
    reqs = requirement_phrases(tagged.text[tokens[start].start:sent.stop], tokens[start].start) \
        if start < sent.last else []
    end = j
    for r in reqs:
        k = tagged.token_index_at(r.start)
        if start < k < end:
            end = k
            break
    while end > start and (tokens[end - 1].pos in ("ADP", "CCONJ", "PUNCT")
                           or tokens[end - 1].text in STOP_TEXT | {"."}):
        end -= 1
    while end - start >= 3 and tokens[end - 1].lemma in CARRIERS and \
            tokens[end - 2].lemma in ("для", "при", "в"):  # "… при температуре" before "до −50 °C"
        end -= 2
    subject = list(tokens[start:end])
    return _without_leading_pp(subject), reqs


def _without_leading_pp(tokens: list) -> list:
    """"у ставропольских производителей электронные блоки" → "электронные блоки";
    "на своих мощностях сборку" → "сборку": where or from whom is not what."""
    while len(tokens) > 2 and tokens[0].pos == "ADP":
        k = 1
        while k < len(tokens) and tokens[k].pos in ("ADJ", "DET", "NUM"):
            k += 1
        if k >= len(tokens) - 1 or tokens[k].pos not in ("NOUN", "PROPN"):
            break
        tokens = tokens[k + 1:]
    return tokens


def _holder(tagged: Tagged, sent, found: _Found, regions, mentions):
    """The organization (or, failing that, the region code) a need or offer belongs to."""
    tokens = tagged.tokens
    clause = sent.first
    for k in range(found.trigger - 1, sent.first, -1):
        if tokens[k].text == ";" or (tokens[k].text == "," and k + 1 < sent.last
                                     and tokens[k + 1].lemma in ("а", "но")):
            clause = k + 1
            break
    upto = max(found.trigger, found.holder_to)
    in_clause = [e for a, b, e in mentions if clause <= a and b <= upto + 1]
    if in_clause:
        return in_clause[-1], None
    near = [r for r in regions if clause <= r.first < upto]
    if near:
        return None, near[-1].code
    if any(t.lemma in ANAPHORA for t in tokens[clause:upto]):
        before = [e for a, b, e in mentions if b <= sent.first and
                  tagged.token_sentence[a] >= tagged.token_sentence[sent.first] - 2]
        if before:
            return before[-1], None
    return None, None


def _requirement_text(tagged: Tagged, r: Phrase, morph) -> str:
    if r.kind not in (COLD, MATERIAL):
        return r.text
    first = tagged.token_index_at(r.start)
    last = tagged.token_index_at(r.stop)
    if first >= last:
        return r.text
    return inflect_phrase(list(tagged.tokens[first:last]), tagged.text, morph, "nomn")
