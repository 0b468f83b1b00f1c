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

import re
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
    "сшить": "пошив", "пошить": "пошив", "шить": "пошив",
}
LIGHT_VERBS = {"выполнять", "выполнить", "провести", "проводить", "осуществлять", "осуществить",
               "оказывать", "оказать", "предоставить", "предоставлять", "предложить",
               "предлагать", "взять", "брать"}
PURCHASE_NOUNS = {"поставка", "закупка", "приобретение", "покупка"}
SUPPLIER_NOUNS = {"поставщик", "подрядчик", "производитель", "исполнитель"}
ANAPHORA = {"предприятие", "компания", "завод", "комбинат", "организация", "производитель",
            "холдинг", "фабрика", "концерн", "верфь", "университет", "институт", "вуз", "автозавод"}
# "освоило выпуск X для Y", "наладит производство X для нужд Y"
MASTER_VERBS = {"освоить", "осваивать", "наладить", "налаживать"}
MADE = {"выпуск", "производство", "изготовление"}
SELLER_PREPS = ("у", "от", "с")
MONEY = {"рубль", "доллар", "евро", "юань", "млрд", "млн", "миллиард", "миллион", "тыс", "тысяча"}
MEET_VERBS = {"обеспечить", "обеспечивать", "удовлетворить", "удовлетворять", "покрыть", "покрывать"}
# "обеспечит АО «B» штрипсом", "будет снабжать металлоконструкциями стройку ООО «B»"
SUPPLY_WITH = {"обеспечить", "обеспечивать", "снабжать", "снабдить"}
BUYER_NOUNS = {"заказчик", "покупатель", "потребитель", "получатель", "импортер", "импортёр"}
PLANT_WORDS = {"компания", "завод", "комбинат", "фабрика", "верфь", "производитель", "холдинг",
               "концерн", "автозавод"}
# Nouns that name an organization, cut off the end of a subject ("… бруса строительной компании").
DESCRIPTORS = ANAPHORA | {"фирма", "корпорация", "группа", "объединение", "производитель",
                          "агрохолдинг", "госкорпорация", "агрофирма",
                          "поставщик", "партнер", "коллега"}
# "поставили подписи", "поставить задачу": not a supply.
NOT_SUPPLIED = {"подпись", "задача", "цель", "рекорд", "точка", "вопрос", "условие", "сомнение",
                "диагноз", "оценка", "эксперимент", "спектакль"}
# Deals for a service: "контракт на ремонт путевой техники", "договор на сервисное обслуживание".
SERVICE_NOUNS = {"ремонт", "обслуживание", "изготовление", "строительство", "монтаж",
                 "модернизация", "разработка", "проектирование", "производство"}
STOP_PAIRS = {("в", "течение"), ("до", "конец"), ("к", "конец"), ("в", "рамка"), ("с", "цель"),
              ("в", "срок"), ("в", "ход"), ("на", "условие"), ("по", "итог")}
STOP_TEXT = {",", ";", ":", "—", "–", "(", ")", "!", "?"}
MAX_SUBJECT_TOKENS = 14
INTENT = {"намеренный", "намерен", "намереваться", "планировать", "хотеть", "собираться", "готовый",
          "желать", "нужно", "необходимо", "рассчитывать", "решить", "предстоять", "должный", "должен"}
# Supply deals: "поставит / поставляет / будет поставлять X", "увеличит поставки X",
# "закупит X (у Y)", "контракт / договор / соглашение на поставку (о поставках) X".
SUPPLY_VERBS = {"поставить", "поставлять", "отгрузить", "отгружать", "экспортировать"}
PURCHASE_VERBS = {"закупить", "закупать", "приобрести", "приобретать", "заказать", "заказывать"}
# A purchase in the perfective's non-past form is a future one ("закупит", "приобретёт"), whatever
# tense the tagger gives it; an order is a deal even when past ("заказало у X 20 охладителей").
PERFECTIVE = {"закупить", "приобрести", "заказать"}
ORDER_VERBS = {"заказать"}
_PAST = re.compile(r"(?:л|ла|ло|ли|лся|лась|лось|лись)$")
# Nouns of a supply after a verb of starting or growing ("начнёт экспорт зерна"), or of
# carrying out ("осуществит поставку", "обеспечит поставки").
SUPPLY_NOUNS = {"поставка", "экспорт", "отгрузка"}
CARRY_OUT = {"осуществить", "осуществлять", "обеспечить", "обеспечивать", "выполнить", "выполнять"}
SUPPLY_GROWTH = {"увеличить", "увеличивать", "нарастить", "наращивать", "расширить", "расширять",
                 "начать", "возобновить", "продолжить", "организовать", "наладить"}
DEAL_NOUNS = {"контракт", "договор", "соглашение", "заказ"}
HANDLED_BEFORE = {"готовый", "готовность", "предлагать", "предложить"}
# Words that open a quantity before a subject: "более 300 тысяч тонн труб".
QUANTITY = {"более", "менее", "около", "свыше", "до", "не", "порядка", "почти", "тысяча", "миллион",
            "млн", "тыс", "тонна", "т", "единица", "штука", "шт", "комплект", "партия", "объем",
            "сотня", "десяток", "несколько", "дополнительно", "ежегодно"}
TIME_NOUNS = {"год", "месяц", "квартал", "неделя", "полугодие", "весна", "лето", "осень", "зима",
              "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
              "октябрь", "ноябрь", "декабрь"}
# Verbs of making read with the maker after them: "генераторы изготовит АО «Электросила»".
MAKE_VERBS = {"изготовить", "изготавливать", "выпустить", "произвести", "собрать", "построить",
              "спроектировать", "разработать", "сшить", "пошить"}
_INS_ENDINGS = ("ом", "ем", "ём", "ами", "ями", "ым", "им", "ыми", "ими")
_NON_PAST = re.compile(r"(?:ит|ят|ет|ёт|ут|ют)$")
# "будут использоваться двигатели ООО «X»": the goods, then their maker.
ACTIVE_USE = {"использовать", "применять", "устанавливать"}
USED_VERBS = {"использоваться", "применяться", "устанавливаться", "ставиться"}
COPULAS = {"стать", "становиться", "выступить", "выступать", "являться", "быть", "оставаться", "остаться"}
PARTNER_NOUNS = SUPPLIER_NOUNS | {"партнер", "партнёр"}
CHOSEN = {"выбрать", "определить", "назначить", "признать"}
TENDER_NOUNS = {"тендер", "конкурс", "аукцион", "торги"}
CARRIERS = {"эксплуатация", "работа", "использование", "применение", "температура", "условие",
            "режим"}


_ADJECTIVAL = re.compile(r"(?:ый|ий|ая|яя|ое|ее|ые|ие|ого|его|ой|ых|их|ую|юю|ым|ыми|ими)$")
_SHORT_QUOTE = re.compile(r"\s*«([^«»]*)»")


@dataclass(frozen=True, slots=True)
class _Found:
    kind: str          # need, offer
    trigger: int       # token index
    subject_first: int
    subject_last: int
    verbs: tuple[str, ...]  # verbal nouns for "готовы разработать и изготовить"
    holder_to: int     # organizations are looked for before this token (or up to it)
    # A supply deal names both sides: the other party (buyer of an offer, supplier of a need)
    # is looked for in tokens [party_from, party_to); "deal" marks "контракт на поставку X".
    party_from: int = -1
    party_to: int = -1
    deal: bool = False
    # "освоило выпуск X для Y": kept only with its customer Y named after "для"
    for_customer: bool = False


def find_needs_and_offers(tagged: Tagged, regions: list[RegionMention], orgs: list[OrgEntity],
                          morph, body_from: int) -> tuple[list[Need], list[Offer]]:
    needs: list[Need] = []
    offers: list[Offer] = []
    seen = set()
    mentions = sorted(((m.first, m.last, e) for e in orgs for m in e.mentions),
                      key=lambda t: t[0])
    memory: dict = {}  # the last sentence read, the last need and offer made (for "Им стал …")
    def emit(sent, found, sides, subject_tokens, reqs):
        text = tagged.sentence_text(sent)
        reqs = [replace(r, text=_requirement_text(tagged, r, morph)) for r in reqs]
        phrases = tuple(dict.fromkeys(r.text for r in reqs))
        for kind, verbs, org, region in sides:
            case = "gent" if verbs else "nomn"
            subject = inflect_phrase(subject_tokens, tagged.text, morph, case)
            if subject_tokens[0] is tagged.tokens[sent.first] and subject[:1].isupper() and \
                    not subject.split()[0].isupper():  # "Кабель для метро поставит …" → "поставка кабеля"
                subject = subject[:1].lower() + subject[1:]
            if verbs:
                subject = " и ".join(verbs) + " " + subject
            key = (kind, org.name if org else None, name_key(subject))
            if key in seen or any(k[:2] == key[:2] and (k[2] <= key[2] or key[2] <= k[2]) for k in seen):
                continue  # (the same goods again: "поставка цемента" and "поставка цемента для стройки")
            seen.add(key)
            item = dict(organization=org.name if org else None,
                        region_code=org.region_code if org and org.region_code else region,
                        subject=subject, text=text, requirements=phrases,
                        typed=typed_requirements(reqs), spans=(Span(sent.start, sent.stop),),
                        confidence=_confidence(found, org, region))
            if kind == "offer":
                memory["offer"] = (sent, subject_tokens, org)
            else:
                memory["need"] = (sent, subject_tokens)
            (needs if kind == "need" else offers).append(
                Need(**item) if kind == "need" else Offer(**item))

    for n, sent in enumerate(tagged.sentences):
        if n < body_from or _is_quotation(tagged.sentence_text(sent)):
            memory["sentence"] = sent
            continue
        for found in _patterns(tagged, sent):
            found = _past_recipient(tagged, found, mentions)
            subject_tokens, reqs = _subject(tagged, sent, found)
            inverted = _inverted_holder(tagged, sent, found, subject_tokens, mentions)
            if inverted is not None:  # "Сырьё для него будет поставлять ОАО «X»"
                holder, subject_tokens = inverted
            subject_tokens, target, via = _without_parties(tagged, subject_tokens, mentions, regions)
            if found.kind == "need" and via in SELLER_PREPS and isinstance(target, OrgEntity) and not any(
                    t.pos not in ("ADP", "PUNCT", "CCONJ", "ADV") for t in subject_tokens):
                # "Изоляторы для выключателей завод закупает у ЗАО «X»": the goods open the sentence
                subject_tokens = _goods_before(tagged.tokens, sent.first, _clause_subject_at(tagged, sent, found))
            counted = _without_quantity(subject_tokens)
            # "200 задвижек": a word after a number is a noun, whatever the tagger says
            counted_noun = len(counted) < len(subject_tokens) and counted[0].feats.get("Case") is not None
            subject_tokens = counted
            bought_from = via in SELLER_PREPS and isinstance(target, OrgEntity)
            if not subject_tokens or subject_tokens[0].pos == "PRON" or not (
                    inverted is not None or counted_noun or bought_from  # "закупать сырьё у ПАО «X»"
                    or any(t.pos in ("NOUN", "PROPN") for t in subject_tokens)):
                continue  # (the inverted goods were checked already: "Сырьё" the tagger calls an adverb)
            if found.for_customer and via != "для" and not (
                    tagged.tokens[found.trigger].lemma in MASTER_VERBS
                    and any(t.lemma == "для" for t in subject_tokens[1:])):
                continue  # "наладит выпуск цемента для строительства моста": made for a use named
            if tagged.tokens[found.trigger].lemma in MASTER_VERBS:  # "… арматуры для нужд Y": the goods
                cut = next((n for n, t in enumerate(subject_tokens[:-1])
                            if t.lemma == "для" and subject_tokens[n + 1].lemma == "нужда"), None)
                if cut:
                    subject_tokens = subject_tokens[:cut]
            if inverted is not None:
                sides = [(found.kind, found.verbs, holder, None)]
            else:
                sides = [(found.kind, found.verbs, *_holder(tagged, sent, found, regions, mentions))]
            if target is not None and not found.deal and (
                    (found.kind == "offer" and "поставка" in found.verbs) or via in SELLER_PREPS
                    or (found.for_customer and via == "для")):
                # "увеличит поставки комбайнов в Алтайский край", "закупит у ПАО «КАМАЗ» …"
                other = "need" if found.kind == "offer" else "offer"
                sides.append((other, ("поставка",) if other == "offer" else (),
                              *((target, None) if isinstance(target, OrgEntity) else (None, target))))
            if found.deal:  # "A заключило контракт с B на поставку X": an offer of A, a need of B
                supplier, buyer = _deal_sides(tagged, sent, found, mentions,
                                              subject_tokens[-1].stop)
                head = next((n for n, t in enumerate(subject_tokens) if t.pos == "ADP" and n), len(subject_tokens))
                goods = " ".join(t.text for t in subject_tokens[:head])  # (not "… для курорта")
                if supplier is not None and buyer is not None and _names_goods(buyer.name, goods) \
                        and not _names_goods(supplier.name, goods):
                    # "РНПК заключило контракт с ООО «Газпромнефть-Каталитические системы» на поставку
                    # катализаторов": the party named after the goods makes them
                    supplier, buyer = buyer, supplier
                sides = [("offer", found.verbs, supplier, None)] if supplier else []
                if buyer:
                    sides.append(("need", (), buyer, None))
            elif found.party_from >= 0:
                party = _party(tagged, found, mentions, regions, subject_tokens)
                if party is None and found.kind == "offer":
                    party = _deal_buyer(tagged, sent, found, mentions, sides[0][2])
                if party is not None:
                    other = "need" if found.kind == "offer" else "offer"
                    sides.append((other, ("поставка",) if other == "offer" else (),
                                  *((party, None) if isinstance(party, OrgEntity) else (None, party))))
            elif found.kind == "offer" and "поставка" in found.verbs and target is None \
                    and (buyer := _paired_buyer(tagged, sent, found, mentions, sides[0][2])):
                sides.append(("need", (), buyer, None))
            emit(sent, found, sides, subject_tokens, reqs)
        for found, sides, subject_tokens in _fronted_deals(tagged, sent, mentions, regions, memory):
            emit(sent, found, sides, subject_tokens, [])
        memory["sentence"] = sent
    return needs, offers


def _past_recipient(tagged: Tagged, found: _Found, mentions) -> _Found:
    """"будет поставлять на Павловский автобусный завод шасси": an organization after "на"/"в"
    right after a verb of supply is the buyer, and the goods start after it."""
    if found.kind != "offer" or found.party_from < 0 or found.deal or "поставка" not in found.verbs:
        return found
    tokens, k = tagged.tokens, found.subject_first
    t = found.trigger
    own = [(a, b) for a, b, _ in mentions if t < a <= t + 6 and b < found.subject_last and all(
        tokens[j].pos == "ADJ" or tokens[j].lemma in DESCRIPTORS | LEGAL_WORDS or tokens[j].text in ("«", "\"")
        for j in range(t + 1, a))]
    if own and any(a < t and tagged.token_sentence[a] == tagged.token_sentence[t] for a, b, e in mentions) and (
            own[0][0] == t + 1 or tokens[t + 1].lemma in LEGAL_WORDS or tokens[t + 1].text == "«"
            or tokens[own[0][0] - 1].feats.get("Case") == "Dat" or any(
                tokens[j].feats.get("Case") == "Dat" for j in range(t + 1, own[0][0]))):
        # "По контракту АО «Ростсельмаш» поставит ООО «Агрокомплекс» 40 комбайнов", "… поставит
        # ракетно-космической корпорации «Энергия» 20 прессов": the recipient, the goods after it
        end = own[0][1]
        while end < found.subject_last and tokens[end].text in ("»", "\""):
            end += 1
        return replace(found, subject_first=end, party_to=end)
    if k >= found.subject_last or tokens[k].lemma not in ("на", "в"):
        return found
    if k + 1 < found.subject_last and tokens[k].lemma == "в" and tokens[k + 1].lemma == "адрес":
        k += 1  # "отгрузил в адрес ПАО «X» …"
    own = [(a, b) for a, b, _ in mentions if k < a <= k + 3 and b < found.subject_last]
    if not own or not all(tokens[j].pos in ("ADJ", "NOUN", "PROPN") or tokens[j].text in ("«", "\"")
                          or tokens[j].lemma in LEGAL_WORDS for j in range(k + 1, own[0][0])):
        return found
    end = own[0][1]
    while end < found.subject_last and tokens[end].text in ("»", "\""):
        end += 1
    return replace(found, subject_first=end, party_to=end)


def _deal_buyer(tagged: Tagged, sent, found: _Found, mentions, supplier):
    """"A заключило договор с B: завод поставит угольщикам …": with the buyer not named among
    the recipients, the other party to a contract named earlier in the sentence."""
    tokens = tagged.tokens
    deal = next((k for k in range(sent.first, found.trigger) if tokens[k].lemma in DEAL_NOUNS), None)
    if deal is None or supplier is None:
        return None
    others = [e for a, b, e in mentions if sent.first <= a and b <= found.trigger and e is not supplier]
    return others[0] if others else None


def _paired_buyer(tagged: Tagged, sent, found: _Found, mentions, supplier):
    """"A и B договорились о поставках X": as with "A и B подписали соглашение о поставках",
    the first of the pair is taken for the buyer, the second (the holder) for the supplier."""
    tokens = tagged.tokens
    pair = [(a, b, e) for a, b, e in mentions if sent.first <= a and b <= found.trigger]
    if supplier is None or len(pair) < 2 or pair[-1][2] is not supplier or pair[-2][2] is supplier:
        return None
    between = [t for t in tokens[pair[-2][1]:pair[-1][0]] if t.text not in ("«", "»", "\"")]
    return pair[-2][2] if [t.lemma for t in between] == ["и"] else None


def _inverted_holder(tagged: Tagged, sent, found: _Found, subject_tokens, mentions):
    """"Сырьё для него будет поставлять ОАО «X»": the supplier after the verb, the goods before it."""
    if not found.party_from >= 0 or found.deal or not subject_tokens:
        return None  # (a need too: "Цемент будет закупать ООО «Мостовик»")
    tokens = tagged.tokens
    first = tokens.index(subject_tokens[0])
    if subject_tokens[0].pos == "ADP":
        return None
    own = [(a, b, e) for a, b, e in mentions if a <= first + 2 and b > first]
    if not own:
        return None
    k = found.trigger - 1
    while k >= sent.first and (tokens[k].pos in ("AUX", "ADV") or tokens[k].lemma in INTENT):
        k -= 1
    goods = list(tokens[sent.first:k + 1])
    cut = next((n for n, tok in enumerate(goods) if tok.lemma in ("для", ",")), len(goods))
    goods = goods[:cut]
    if not goods or not any(tok.pos == "NOUN" or (n == 0 and tok.is_capitalized and tok.pos in ("ADV", "X"))
                            for n, tok in enumerate(goods)):  # "Сырьё" the tagger calls an adverb
        return None
    return own[0][2], goods


def _without_parties(tagged: Tagged, subject: list, mentions, regions):
    """The subject without the parties named in it: a leading "у ПАО «КАМАЗ»", and everything
    from an organization or a region after "в"/"на"/"у" on ("… бруса компании «Эталон»",
    "… комбайнов в Алтайский край"). Returns the subject and the party cut off (an
    organization, or a region code), if any."""
    if not subject:
        return subject, None, None
    tokens = tagged.tokens
    at = {id(tok): n for n, tok in enumerate(subject)}
    first_index = tokens.index(subject[0])

    def n_of(k):
        return k - first_index

    spans = sorted([(n_of(a), n_of(b), e) for a, b, e in mentions
                    if 0 <= n_of(b) and n_of(a) < len(subject)], key=lambda s: s[0])
    region_at = sorted((n_of(r.first), n_of(r.last), r.code) for r in regions
                       if 0 <= n_of(r.first) < len(subject))
    # a leading party: "у ПАО «КАМАЗ» 1,5 тысячи машинокомплектов"
    if spans and spans[0][0] <= 4 and subject[0].pos == "ADP" and spans[0][1] <= len(subject) and all(
            t.pos == "ADJ" or t.text in ("«", "\"") or t.lemma in LEGAL_WORDS or t.lemma in DESCRIPTORS
            for t in subject[1:spans[0][0]]):  # "у (концерна) «Калашников» …"
        cut = spans[0][1]
        while cut < len(subject) and subject[cut].text in ("»", "\"", "“"):
            cut += 1
        rest, party, via = _without_parties(tagged, subject[cut:], mentions, regions)
        if party is None:
            party, via = spans[0][2], subject[0].lemma
        return rest, party, via
    party, end, via = None, len(subject), None
    if spans and spans[0][0] > 0:
        end, party = spans[0][0], spans[0][2]
        via = next((tok.lemma for tok in reversed(subject[max(0, end - 5):end]) if tok.pos == "ADP"), None)
    for a, b, code in region_at:
        if 0 < a < end and subject[a - 1].lemma in ("в", "на"):
            end, party, via = a - 1, code, subject[a - 1].lemma
            break
    abroad = next((n for n in range(1, end - 1) if subject[n].lemma == "в" and subject[n + 1].pos == "PROPN"
                   and subject[n + 1].is_capitalized and not subject[n + 1].text.isupper()
                   and subject[n + 1].feats.get("Case") == "Acc"), None)
    if abroad is not None and party is None:  # "поставляет редукторы в Казахстан и Белоруссию": where to, not what
        return subject[:abroad], None, None
    if end == len(subject):
        return subject, None, None
    out = subject[:end]
    while out and (out[-1].text in ("«", "\"", ",") or out[-1].pos in ("ADP", "CCONJ")
                   or out[-1].lemma in DESCRIPTORS or out[-1].lemma in LEGAL_WORDS):
        dropped = out.pop()
        if dropped.lemma in DESCRIPTORS:  # "петербургской строительной компании"
            while out and out[-1].pos == "ADJ" and all(
                    out[-1].feats.get(f) == dropped.feats.get(f) for f in ("Case", "Number")) and (
                    dropped.feats.get("Number") == "Plur" or out[-1].feats.get("Gender") == dropped.feats.get("Gender")):
                out.pop()
    del at
    return out, party, via


LEGAL_WORDS = {"ооо", "оао", "зао", "пао", "ао", "гуп", "фгуп", "муп", "нпо", "нпп"}


def _active_past(tok) -> bool:
    """An active past form the tagger took for a short passive participle ("экспортировало")."""
    text = tok.text.lower()
    return tok.feats.get("VerbForm") == "Part" and text.endswith(("ал", "ала", "ало", "али", "ил", "ила", "ило", "или",
                                                                   "ел", "ела", "ело", "ели"))


def _seller_follows(tokens, i: int, last: int, prep: str = "у") -> bool:
    """"закупает у ОАО «БЕЛАЗ»", "закупил в Германии у компании Loesche", "получать от АО «X»":
    the seller, an organization (legal form, quotes or a capitalised name), named after the verb."""
    for k in range(i + 1, min(last - 1, i + 5)):
        if tokens[k].lemma == prep or tokens[k].text.lower() == prep:
            j = k + 1
            while j < min(last, k + 4) and (tokens[j].pos == "ADJ" or tokens[j].lemma in DESCRIPTORS):
                j += 1
            return j < last and (tokens[j].lemma in LEGAL_WORDS or tokens[j].text in ("«", "\"")
                                 or (tokens[j].is_capitalized and tokens[j].pos in ("PROPN", "X", "NOUN")))
        if tokens[k].text in STOP_TEXT or tokens[k].pos in ("VERB", "AUX"):
            return False
    return False


def _without_quantity(tokens: list) -> list:
    """"более 300 тысяч тонн труб" → "труб": an amount is not what is bought or made."""
    k = 0
    while k < len(tokens) - 1 and (tokens[k].pos == "NUM" or tokens[k].text[:1].isdigit()
                                   or tokens[k].lemma in QUANTITY or tokens[k].text in (",", ".")):
        k += 1
    if k and (any(t.pos in ("NOUN", "PROPN") for t in tokens[k:])
              or (tokens[k - 1].pos == "NUM" and tokens[k].feats.get("Case") is not None)):
        return tokens[k:]
    return tokens


def _deal_sides(tagged: Tagged, sent, found: _Found, mentions, subject_stop: int):
    """(supplier, buyer) of "контракт на поставку X": the buyer is the party named after
    the goods ("… бруса компании «Эталон»") or after "с" ("контракт с ПАО «Газпром»"); of
    "A и B подписали соглашение о поставках" the first is taken for the buyer."""
    tokens = tagged.tokens
    before = [(a, e) for a, b, e in mentions if sent.first <= a and b <= found.trigger]
    inside = [(a, e) for a, b, e in mentions if found.party_from <= a < found.party_to]
    after = [(a, e) for a, b, e in mentions if tokens[a].start >= subject_stop and a < sent.last]
    parties = list(dict.fromkeys(e for _, e in before))
    if not parties and after:  # "Контракт на поставку X для Y получило АО «Z»": Z after a verb
        verb_after = [e for a, e in after if any(tokens[k].pos == "VERB" for k in range(max(sent.first, a - 4), a))]
        supplier = verb_after[0] if verb_after else None
        buyer = inside[0][1] if inside else next((e for _, e in after if e is not supplier), None)
        return supplier, buyer
    if inside:
        return (parties[-1] if parties else None), inside[0][1]
    if after and parties and after[0][1] is not parties[-1]:
        # "… цемента для курорта «Архыз» с АО «Курорты Северного Кавказа»": the party after "с"
        with_c = [e for a, e in after if e is not parties[-1]
                  and any(tokens[k].lemma == "с" for k in range(max(sent.first, a - 3), a))]
        return parties[-1], (with_c or [after[0][1]])[0]
    if len(parties) >= 2:
        first = next(a for a, e in before if e is parties[-1])
        with_c = any(tokens[k].lemma == "с" for k in range(max(sent.first, first - 3), first))
        return (parties[-2], parties[-1]) if with_c else (parties[-1], parties[-2])
    if parties and _affiliation(tokens, before[0][0], sent.first):
        return None, None  # "… заместитель председателя правления «Газпрома» … подписали договор": a side unknown
    return (parties[0] if parties else None), None


POSITION_NOUNS = {"директор", "председатель", "правление", "президент", "заместитель", "глава",
                  "руководитель", "гендиректор", "представитель", "совет", "управляющий"}


def _affiliation(tokens, a: int, floor: int) -> bool:
    """Whether the organization at token a is named as someone's place of work ("председателя
    правления «Газпрома»", "директор завода «X»")."""
    k = a - 1
    while k >= floor and (tokens[k].text in ("«", "\"") or tokens[k].lemma in LEGAL_WORDS):
        k -= 1
    return k >= floor and tokens[k].lemma in POSITION_NOUNS


def _party(tagged: Tagged, found: _Found, mentions, regions, subject_tokens):
    """The other side of a supply deal: an organization (or a region code) named among the
    recipients ("поставит угольщикам", "поставляет АвтоВАЗу") or after "у" ("закупит … у Y")."""
    tokens = tagged.tokens
    first = tokens.index(subject_tokens[0]) if found.kind == "offer" else found.party_from
    own = [(a, e) for a, b, e in mentions if found.party_from <= a < max(first, found.party_to)]
    if found.kind == "need":
        own = [(a, e) for a, e in own if any(tokens[k].lemma == "у" for k in range(max(0, a - 3), a))]
    if own:
        return own[0][1]
    if found.kind == "offer":
        near = [r for r in regions if found.party_from <= r.first < first]
        if near:
            return near[0].code
    return None


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
    """A quoted statement, not a sentence opening with a quoted name ("«Омскшина» договорилась …")."""
    if "», —" in text or "», –" in text:
        return True
    name = _SHORT_QUOTE.match(text)
    if name and len(name.group(1).split()) <= 4 and not re.match(r"\s*[,—–-]", text[name.end():]):
        return False
    return text.lstrip().startswith(("«", "\"", "„"))


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
        elif lm == "нуждаться" and lemma(i + 1) == "в":  # "нуждается в (поставщиках) X"
            out.append(_Found("need", i, i + 3 if lemma(i + 2) in SUPPLIER_NOUNS else i + 2, last, (), i))
        elif lm in MEET_VERBS and tok.pos == "VERB" and (at := _needs_met_at(tokens, i, last)) and any(
                t.text == "«" or t.lemma in LEGAL_WORDS for t in tokens[sent.first:i]) and any(
                t.text == "«" or t.lemma in LEGAL_WORDS for t in tokens[at[0]:at[1]]):
            # "ПАО «X» обеспечит потребности АО «Y» в слябах": an offer of X, a need of Y
            out.append(_Found("offer", i, at[1], last, ("поставка",), i, at[0], at[1] - 1))
        elif lm == "потребность" and tok.feats.get("Number") != "Plur" and not (
                i > sent.first and tokens[i - 1].lemma in MEET_VERBS):
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
        elif lm == "искать" and (lemma(i + 1) in SUPPLIER_NOUNS or (
                i + 2 < last and tokens[i + 1].pos == "ADJ" and lemma(i + 2) in SUPPLIER_NOUNS) or (
                i + 3 < last and tokens[i + 1].pos == "ADP" and tokens[i + 2].pos in ("PROPN", "NOUN")
                and lemma(i + 3) in SUPPLIER_NOUNS)):  # "ищет российских поставщиков", "ищет в Сербии поставщиков"
            at = i + 2 if lemma(i + 1) in SUPPLIER_NOUNS else i + 3 if lemma(i + 2) in SUPPLIER_NOUNS else i + 4
            out.append(_Found("need", i, at, last, (), i))
        elif lm in ("нужный", "требоваться", "потребоваться", "необходимый") and tok.pos in ("ADJ", "VERB"):
            adj = 1 if i + 2 < last and tokens[i + 1].pos == "ADJ" else 0
            if lemma(i + 1 + adj) in SUPPLIER_NOUNS:  # "требуются (местные) поставщики X"
                out.append(_Found("need", i, i + 2 + adj, last, (), i))
            elif tok.pos == "VERB" or tok.feats.get("Variant") == "Short":
                out.append(_Found("need", i, i + 1, last, (), i))
        elif lm in PURCHASE_VERBS and tok.pos == "VERB" and (
                (i > sent.first and tokens[i - 1].lemma in INTENT | {"быть"})
                or tok.feats.get("Tense") == "Fut" or lm in ORDER_VERBS
                or (lm in PERFECTIVE and tok.feats.get("VerbForm") == "Fin"
                    and not _PAST.search(tok.text.lower()))
                or _seller_follows(tokens, i, last)):
            # "намерен закупать", "закупит", "будут закупать", not "закупают на 20 млрд";
            # any tense with the seller named: "закупает у ОАО «БЕЛАЗ» …", "закупил в Германии у компании X"
            out.append(_Found("need", i, i + 1, last, (), i, i + 1, last))
        elif lm in ("получать", "получить") and tok.pos == "VERB" and lemma(i + 1) in ("от", "с") and \
                _seller_follows(tokens, i, last, lemma(i + 1)):
            # "Керамические платы завод будет получать от АО «X»": the goods before, the seller after
            out.append(_Found("need", i, i + 1, last, (), i, i + 1, last))
        elif lm in SUPPLY_VERBS and tok.pos == "VERB" and (tok.feats.get("Voice") != "Pass" or _active_past(tok)) and not (
                i > sent.first and tokens[i - 1].lemma in HANDLED_BEFORE) and (
                tok.feats.get("VerbForm") != "Inf"
                or (i > sent.first and tokens[i - 1].lemma in INTENT | {"быть", "начать", "продолжить"})):
            # "поставит угольщикам 40 тракторов", "поставляет АвтоВАЗу тормозные системы"
            if any(tokens[k].lemma in NOT_SUPPLIED for k in range(i + 1, min(i + 4, last))) or any(
                    tokens[k].lemma in NOT_SUPPLIED and tokens[k].feats.get("Case") not in ("Dat", "Loc", "Ins")
                    for k in range(sent.first, i)):
                # "поставили подписи", "Подписи под документом поставили": the verb's object;
                # not "По условиям соглашения МАЗ будет поставлять …"
                continue
            k = i + 1
            while k < last and (tokens[k].feats.get("Case") == "Dat" or tokens[k].pos == "ADV"
                                or tokens[k].text in ("«", "»", "\"")):
                k += 1
            if k > i + 1 and tokens[k - 1].feats.get("Case") == "Dat":  # "потребителям Татарстана"
                while k < last and tokens[k].pos in ("NOUN", "PROPN") and tokens[k].feats.get("Case") == "Gen" \
                        and not tokens[k].text[:1].isdigit():
                    k += 1
            out.append(_Found("offer", i, k, last, ("поставка",), i, i + 1, k))
        elif (lm in MAKE_VERBS and tok.pos == "VERB" and tok.feats.get("Voice") != "Pass" and
              tok.feats.get("VerbForm") == "Fin" and _NON_PAST.search(tok.text.lower()) and
              tok.feats.get("Aspect") == "Perf"):
            # "завод изготовит 20 вагонов для АО «X»": a deal when its customer is named
            out.append(_Found("offer", i, i + 1, last, (VERB_NOUNS[lm],), i, for_customer=True))
        elif lm in SUPPLY_NOUNS and tok.pos == "NOUN" and i > sent.first and not (
                i - 1 > sent.first and tokens[i - 2].lemma in HANDLED_BEFORE) and (
                tokens[i - 1].lemma in SUPPLY_GROWTH | CARRY_OUT or (  # "договорилась о поставках шин"
                    i - 1 > sent.first and tokens[i - 1].lemma in ("о", "об")
                    and tokens[i - 2].lemma in ("договориться", "договариваться"))):
            out.append(_Found("offer", i, i + 1, last, ("поставка",), i))
        elif lm in SUPPLY_NOUNS and tok.pos == "NOUN" and i - 1 > sent.first and tokens[i - 1].lemma in ("о", "об") \
                and (agreed := next((k for k in range(i - 2, max(sent.first, i - 10) - 1, -1)
                                     if tokens[k].lemma in ("договориться", "договариваться")), None)) is not None \
                and tokens[agreed + 1].lemma == "с":
            # "A договорилось с B о поставках X": A supplies, B (after "с") buys
            out.append(_Found("offer", agreed, i + 1, last, ("поставка",), agreed, agreed + 1, i))
        elif lm in DEAL_NOUNS and tok.pos in ("NOUN", "PROPN") and (at := _deal_supply_at(tokens, i, last)):
            supply = tokens[at - 1].lemma == "поставка" or (tokens[at - 1].lemma == "на" and (
                tokens[at].pos == "NUM" or tokens[at].text[:1].isdigit()))  # ("заказ на 200 вагонов": goods)
            out.append(_Found("offer", i, at, last, ("поставка",) if supply else (), i, i + 1,
                              at, True))
        elif lm in ("закупка", "закупки") and tok.pos == "NOUN" and i > sent.first and (
                tokens[i - 1].lemma in SUPPLY_GROWTH | INTENT | {"планировать", "объявить", "провести"}
                or (i - 1 > sent.first and tokens[i - 1].lemma in ("о", "об")  # "договорилось о закупке X у Y"
                    and tokens[i - 2].lemma in ("договориться", "договариваться"))):
            # "планирует закупку 300 электробусов", "увеличило закупки угля у Y"
            out.append(_Found("need", i, i + 1, last, (), i, i + 1, last))
        elif lm in TENDER_NOUNS and tok.pos == "NOUN" and (on := _after_customer(tokens, i + 1, last)) and \
                lemma(on + 1) in ("поставка", "закупка"):
            # "выиграло тендер на поставку X" (an offer), "объявил конкурс на закупку X" (a need);
            # "выиграло конкурс ОАО «ФСК ЕЭС» на поставку X": the customer between (a need of it)
            verb = next((tokens[k].lemma for k in range(max(sent.first, i - 3), i)
                         if tokens[k].lemma in ("выиграть", "выигрывать", "победить", "победитель",
                                                "объявить", "объявлять", "провести", "проводить")), None)
            if verb in ("выиграть", "выигрывать", "победить", "победитель"):  # "стал победителем конкурса на …"
                out.append(_Found("offer", i, on + 2, last, ("поставка",), i,
                                  *((i + 1, on) if on > i + 1 else ())))
            elif verb is not None:
                out.append(_Found("need", i, on + 2, last, (), i))
        elif lm in ("выбрать", "выбирать", "найти", "определить") and tok.pos == "VERB" and \
                lemma(i + 1) == "поставщик" and tokens[i + 1].feats.get("Case") == "Acc":
            out.append(_Found("need", i, i + 2, last, (), i))  # "выбрало поставщика стёкол"
        elif lm in MASTER_VERBS and (lemma(i + 1) in MADE or (
                i + 2 < last and tokens[i + 1].pos == "ADJ" and lemma(i + 2) in MADE)):
            at = i + 1 if lemma(i + 1) in MADE else i + 2  # "наладило серийный выпуск …"
            out.append(_Found("offer", i, at + 1, last, (lemma(at),), i,
                              for_customer=True))  # "освоило выпуск кранов для ПАО «Газпром»"
        elif lm in ("стать", "становиться", "являться", "выступить", "выступать") and (
                lemma(i + 1) == "поставщик" or (lemma(i + 2) == "поставщик" and tokens[i + 1].pos == "ADJ")):
            # "станет поставщиком кабеля для Y", "является основным поставщиком проката для Y"
            at = i + 2 if lemma(i + 1) == "поставщик" else i + 3
            out.append(_Found("offer", i, at, last, ("поставка",), i))
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
            if k > i + 1 and tokens[k - 1].feats.get("Case") == "Dat":  # "учреждениям региона"
                while k < last and tokens[k].pos == "NOUN" and tokens[k].feats.get("Case") == "Gen":
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


def _deal_supply_at(tokens, i: int, last: int) -> int | None:
    """After "контракт (с Y) на поставку" / "соглашение о поставках": where the goods start."""
    def goods_at(k):  # "на поставку" → after it; "на (сервисное) обслуживание" → the service noun
        if k == i + 1 and k + 1 < last and tokens[k].lemma == "поставка":  # "договор поставки X"
            return k + 1
        if k + 1 < last and tokens[k].lemma in ("на", "о", "об"):
            if tokens[k + 1].lemma == "поставка":
                return k + 2
            if tokens[k].lemma == "на" and (tokens[k + 1].pos == "NUM" or tokens[k + 1].text[:1].isdigit()) \
                    and tokens[i].lemma == "заказ" and not any(
                        tokens[x].lemma in MONEY for x in range(k + 1, min(last, k + 4))):
                return k + 1  # "заказ на 200 вагонов", not "заказ на 2 млрд рублей"
            if tokens[k].lemma == "на":
                j = k + 1 + (tokens[k + 1].pos == "ADJ")
                if j < last and tokens[j].lemma in SERVICE_NOUNS:
                    return k + 1
        return None

    k, guard = i + 1, min(last, i + 12)
    if k < last and (tokens[k].lemma in ("с", "от") or _after_customer(tokens, k, last) not in (None, k)):
        # "контракт с ПАО «Газпром» на поставку", "заказ ФГУП «Росморпорт» на строительство"
        while k < guard and goods_at(k) is None:
            if tokens[k].pos in ("VERB", "AUX") or tokens[k].text in (",", ";", ":"):
                return None
            k += 1
    return goods_at(k)


def _names_goods(name: str, goods: str) -> bool:
    """Whether an organization's name names the goods ("Трубная металлургическая компания" and
    "труб большого диаметра", "Газпромнефть-Каталитические системы" and "катализаторов")."""
    if name_key(name) & name_key(goods):
        return True
    heads = {w[:4] for w in re.findall(r"\w+", name.lower()) if len(w) >= 6}
    return any(w[:4] in heads for w in re.findall(r"\w+", goods.lower()) if len(w) >= 4)


def _needs_met_at(tokens, i: int, last: int) -> tuple[int, int] | None:
    """After "обеспечит (все) потребности Y в": where Y starts and where the goods start."""
    k = i + 1
    while k < last and tokens[k].pos in ("ADJ", "DET"):
        k += 1
    if k >= last or tokens[k].lemma != "потребность":
        return None
    for j in range(k + 1, min(last - 1, k + 12)):
        if tokens[j].lemma == "в" and tokens[j + 1].pos in ("NOUN", "ADJ", "PROPN"):
            return k + 1, j + 1
        if tokens[j].pos in ("VERB", "AUX") or tokens[j].text in (",", ";", ":"):
            return None
    return None


def _after_customer(tokens, k: int, last: int) -> int | None:
    """Token k if it is "на", or the "на" after a customer named in the genitive right at k
    ("конкурс ОАО «ФСК ЕЭС» на …", "заказ госкорпорации «Росатом» на …"); else None."""
    if k < last and tokens[k].lemma == "на":
        return k
    if k >= last or not (tokens[k].lemma in LEGAL_WORDS or tokens[k].text in ("«", "\"")
                         or (tokens[k].lemma in DESCRIPTORS | {"госкорпорация"} and tokens[k].feats.get("Case") == "Gen")):
        return None
    quoted = False
    for j in range(k, min(last, k + 10)):
        t = tokens[j]
        if t.text in ("«", "»", "\""):
            quoted = t.text == "«" or (t.text == "\"" and not quoted)
            continue
        if quoted:
            continue
        if t.lemma == "на" and j > k:
            return j
        if t.pos in ("VERB", "AUX") or t.text in STOP_TEXT or t.lemma in ("для", "с", "о"):
            return None
    return None


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
    if not nouns:  # "готова вложить 80 млн", "готово расширить номенклатуру": no offer
        return None, k
    while k < last and tokens[k].feats.get("Case") == "Dat" and tokens[k].pos in ("ADJ", "NOUN", "DET"):
        k += 1  # "готов поставлять кубанским предприятиям …"
    return nouns, k


def _subject(tagged: Tagged, sent, found: _Found) -> tuple[list, list[Phrase]]:
    tokens = tagged.tokens
    start = found.subject_first
    j = start
    while j < sent.last and j - start < MAX_SUBJECT_TOKENS:
        tok = tokens[j]
        nxt = tokens[j + 1].lemma if j + 1 < sent.last else ""
        if tok.text in STOP_TEXT or tok.lemma in ("который", "а", "но", "чтобы", "уже") or \
                (tok.lemma, nxt) in STOP_PAIRS or _time_phrase(tokens, j, sent.last):
            break
        if j > start and tok.lemma == "на" and j + 1 < sent.last and (
                tokens[j + 1].pos == "NUM" or tokens[j + 1].text[:1].isdigit() or nxt == "сумма"):
            break  # "комплектующие на 5 млрд рублей": the price, not the goods
        if tok.lemma == "и" and j + 1 < sent.last and (
                tokens[j + 1].pos in ("VERB", "AUX") or tokens[j + 1].feats.get("Variant") == "Short"):
            break
        if tok.pos in ("VERB", "AUX") and tok.feats.get("VerbForm") in ("Fin", "Inf", None) \
                and j > start and not _ADJECTIVAL.search(tok.text.lower()) and not (
                    tokens[j - 1].pos == "ADJ" and tok.text.lower() == "стали"):
            break  # "… судовой стали": the noun the tagger takes for "стать"  # "штампованные детали" (a participle the tagger calls a verb) goes on
        j += 1
    reqs = requirement_phrases(tagged.text[tokens[start].start:sent.stop], tokens[start].start) \
        if start < sent.last else []
    end = j
    for r in reqs:
        k = tagged.token_index_at(r.start)
        if start < k < end and not (r.kind == MATERIAL and (
                tokens[k - 1].pos == "ADJ" or tokens[k - 1].lemma in QUANTITY)):
            end = k  # (not "30 тысяч тонн судовой стали": the material is what is supplied)
            break
    while end > start and (tokens[end - 1].pos in ("ADP", "CCONJ", "PUNCT")
                           or tokens[end - 1].text in STOP_TEXT | {"."}):
        end -= 1
    while end - start >= 3 and tokens[end - 1].lemma in CARRIERS and \
            tokens[end - 2].lemma in ("для", "при", "в"):  # "… при температуре" before "до −50 °C"
        end -= 2
    subject = list(tokens[start:end])
    return _without_leading_pp(subject), reqs


def _time_phrase(tokens, j: int, last: int) -> bool:
    """"в этом году", "до конца 2025 года", "к лету": when, not what."""
    if tokens[j].lemma not in ("в", "до", "к", "с", "на") or j == 0:
        return False
    return any(tokens[k].lemma in TIME_NOUNS for k in range(j + 1, min(j + 3, last)))


def _without_leading_pp(tokens: list) -> list:
    """"у ставропольских производителей электронные блоки" → "электронные блоки";
    "на своих мощностях сборку" → "сборку": where or from whom is not what."""
    while len(tokens) > 2 and tokens[0].pos == "ADP":
        k = 1
        while k < len(tokens) and tokens[k].pos in ("ADJ", "DET", "NUM"):
            k += 1
        if k >= len(tokens) - 1 or tokens[k].pos not in ("NOUN", "PROPN") or \
                tokens[k].lemma in LEGAL_WORDS or tokens[k + 1].text in ("«", "\"") or (
                    tokens[0].lemma in ("у", "от") and tokens[k].lemma in DESCRIPTORS
                    and tokens[k + 1].is_capitalized):
            break  # "у ПАО «КАМАЗ» …", "у компании Loesche": a party, cut off (and kept) by _without_parties
        k += 1
        while k < len(tokens) - 1 and tokens[k].pos == "NOUN" and tokens[k].feats.get("Case") == "Gen":
            k += 1
        tokens = tokens[k:]
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
    if tokens[clause].pos == "PRON" and tokens[clause].lemma in ("он", "она", "оно") \
            and tokens[clause].feats.get("Case") == "Nom":  # "Она изготовит …": the organization last opened with
        opener = [e for a, b, e in mentions if b <= sent.first and _opens_sentence(tagged, a)
                  and tagged.token_sentence[a] >= tagged.token_sentence[sent.first] - 1]
        if opener:
            return opener[-1], None
    anaphor = next((t.lemma for t in tokens[clause:min(upto, clause + 3)]
                    if t.lemma in ANAPHORA and t.feats.get("Number") != "Plur"), None)
    near = [r for r in regions if clause <= r.first < upto]
    if near and anaphor is None:
        return None, near[-1].code
    anaphor = anaphor or next((t.lemma for t in tokens[clause:upto] if t.lemma in ANAPHORA), None)
    if anaphor:
        before = [e for a, b, e in mentions if b <= sent.first and
                  tagged.token_sentence[a] >= tagged.token_sentence[sent.first] - 2]
        # "Завод …" is the last plant named, "Угольная компания …" the last not named a plant
        named = [e for a, b, e in mentions if b <= sent.first and anaphor in e.name.lower()]
        unnamed = [e for e in before if not any(w in e.name.lower() for w in ANAPHORA)]
        # "… сообщил, что предприятие готово …": the organization a recent sentence opened with
        openers = [e for a, b, e in mentions if b <= sent.first and _opens_sentence(tagged, a)
                   and tagged.token_sentence[a] >= tagged.token_sentence[sent.first] - 3]
        if anaphor != "предприятие":  # "Завод закупает …": not the university the sentence opened with
            openers = [e for e in openers if not any(w in e.name.lower() for w in ANAPHORA)
                       and (e.kind == "enterprise" or anaphor not in PLANT_WORDS)]
        pick = named or openers or unnamed or before
        if pick:
            return pick[-1], None
    if near:
        return None, near[-1].code
    if anaphor and regions:  # "Предприятию требуются …" of a plant left unnamed
        codes = [r.code for r in regions]
        return None, max(dict.fromkeys(codes), key=codes.count)
    if regions and any(t.lemma in ("регион", "республика", "край", "область", "округ")
                       and not any(r.first <= k < r.last for r in regions)
                       for k, t in enumerate(tokens[clause:upto], clause)):
        codes = [r.code for r in regions]  # "больницам региона": the region the story is about
        return None, max(dict.fromkeys(codes), key=codes.count)
    return None, None


def _opens_sentence(tagged: Tagged, a: int) -> bool:
    """Whether the organization named at token a is what its sentence opens with
    ("Ульяновский авиастроительный завод «Авиастар-СП» расширяет …", "АО «X» освоило …")."""
    tokens = tagged.tokens
    first = tagged.sentences[tagged.token_sentence[a]].first
    return a - first <= 5 and all(t.pos == "ADJ" or t.text in ("«", "\"") or t.lemma in LEGAL_WORDS
                                  or t.lemma in DESCRIPTORS for t in tokens[first:a])


def _requirement_text(tagged: Tagged, r: Phrase, morph) -> str:
    if r.kind not in (COLD, MATERIAL):
        return r.text
    first = tagged.token_index_at(r.start)
    last = tagged.token_index_at(r.stop)
    if first >= last:
        return r.text
    return inflect_phrase(list(tagged.tokens[first:last]), tagged.text, morph, "nomn")


def _org_after(tokens, k: int, last: int, mentions, reach: int = 4):
    """The organization named right after token k ("изготовит петербургское АО «X»",
    "поставлены заводом «X»"): only adjectives, descriptors, legal forms and quotes between."""
    for a, b, e in mentions:
        if k < a <= k + reach and b <= last and all(
                tokens[j].pos == "ADJ" or tokens[j].text in ("«", "\"") or tokens[j].lemma in LEGAL_WORDS
                or tokens[j].lemma in DESCRIPTORS or (tokens[j].text.isupper() and len(tokens[j].text) <= 6)
                for j in range(k + 1, a)):  # "ЕМУП «Гортранс»"
            return e
    return None


def _clause_subject_at(tagged: Tagged, sent, found: _Found) -> int:
    """Where the holder before a verb starts ("Уголь для обжига завод закупает": at "завод"), so that
    the goods before it can be read; the trigger itself when no holder word stands before it."""
    tokens = tagged.tokens
    k = found.trigger
    while k > sent.first and (tokens[k - 1].pos in ("AUX", "ADV", "PART") or tokens[k - 1].lemma in INTENT):
        k -= 1
    if k > sent.first and tokens[k - 1].lemma in ANAPHORA and tokens[k - 1].feats.get("Case") in ("Nom", None):
        return k - 1
    return found.trigger


def _goods_before(tokens, first: int, k: int) -> list:
    """The goods named before a verb in its clause ("…, генераторы изготовит"): from the clause's
    start, less auxiliaries and adverbs before the verb, up to "для"."""
    start = first
    for j in range(k - 1, first - 1, -1):
        if tokens[j].text in (",", ";", ":", "—", "–"):
            start = j + 1
            break
    end = k
    while end > start and (tokens[end - 1].pos in ("AUX", "ADV", "PART") or tokens[end - 1].lemma in INTENT):
        end -= 1
    goods = list(tokens[start:end])
    cut = next((n for n, tok in enumerate(goods) if tok.lemma in ("для", "до", "в", "на", "к", "с")), len(goods))
    goods = _without_quantity(goods[:cut])
    # a capitalised first word the tagger calls a name ("Кабель для метро поставит …") is the goods
    nounish = [t.pos == "NOUN" or (n == 0 and t.pos == "PROPN") for n, t in enumerate(goods)]
    if not goods or not any(nounish) or any(
            t.pos in ("VERB", "AUX", "PRON") or (t.pos == "PROPN" and n) or t.lemma in LEGAL_WORDS
            for n, t in enumerate(goods)):
        return []
    return goods


def _made_before(tagged: Tagged, sent, mentions):
    """(maker, goods) of a sentence opened by an organization that makes or sells something
    ("ОАО «X» увеличило выпуск редукторов", "… экспортировало удобрения"), else None."""
    tokens = tagged.tokens
    opener = next((e for a, b, e in mentions if sent.first <= a < sent.last and _opens_sentence(tagged, a)), None)
    if opener is None:
        return None
    for k in range(sent.first, sent.last - 1):
        if tokens[k].lemma in ("выпуск", "производство", "экспорт", "поставка", "продажа") and tokens[k].pos == "NOUN":
            goods = []
            j = k + 1
            while j < sent.last and (tokens[j].pos in ("ADJ", "NOUN") and tokens[j].feats.get("Case") == "Gen"):
                goods.append(tokens[j])
                j += 1
            if goods and goods[-1].pos == "NOUN":
                return opener, goods
    return None


def _recent_buyer(tagged: Tagged, sent, mentions, supplier):
    """The buyer of goods fronted before their supplier ("Редукторы … поставляет ОАО «X»"): the
    enterprise one of the two body sentences before opens with, if not the supplier."""
    at = tagged.token_sentence[sent.first]
    for n in range(at - 1, max(-1, at - 3), -1):
        before = tagged.sentences[n]
        if before.paragraph == 0:
            break
        opener = [e for a, b, e in mentions if before.first <= a < before.last and _opens_sentence(tagged, a)]
        if opener:
            return opener[0] if opener[0] is not supplier and opener[0].kind == "enterprise" else None
    return None


def _first_org_of(tagged: Tagged, sent, mentions, other=None):
    if sent is None:
        return None
    return next((e for a, b, e in mentions if sent.first <= a < sent.last and e is not other), None)


def _fronted_deals(tagged: Tagged, sent, mentions, regions, memory) -> list:
    """Deals whose supplier comes after the goods and the verb:
    - "Поставщиком турбин станет АО «X»", "Его партнёром по поставкам панелей выступит АО «X»"
      (the buyer: a party after "для" in the goods, else the first organization of the sentence
      before);
    - "Им стало ОАО «X»" after "выбрало поставщика стёкол";
    - "Заказчиком выступает ГУП «Y»" after "X выиграло тендер на поставку …" (Y the buyer);
    - "генераторы изготовит АО «X»", "трамваи будут поставлены заводом «X»";
    - "на заводе «Y» будут использоваться двигатели ООО «X»" (X supplies Y).
    Returns (found, sides, subject tokens) like the main patterns."""
    tokens, first, last = tagged.tokens, sent.first, sent.last
    out = []
    # a sentence the splitter left whole after a code ("… Ил-76МД-90А. Его партнёром …") reads as two
    for start in [first] + [j + 1 for j in range(first, last - 1)
                            if tokens[j].text.endswith(".") and tokens[j + 1].is_capitalized
                            and tokens[j + 1].lemma in ("его", "ее", "её", "их", "он", "она", "они")]:
        out += _fronted_at(tagged, sent, start, mentions, regions, memory)
    return out


def _fronted_at(tagged: Tagged, sent, k: int, mentions, regions, memory) -> list:
    tokens, first, last = tagged.tokens, sent.first, sent.last
    out = []
    prev = memory.get("sentence")
    if k > first:
        prev = replace(sent, last=k)  # the first part of the sentence is the one before
    if k < last and tokens[k].lemma in ("его", "ее", "её", "их", "он", "она", "они", "это") \
            and tokens[k].lemma not in PARTNER_NOUNS and k + 1 < last and tokens[k + 1].lemma in PARTNER_NOUNS:
        k += 1  # "Его партнёром …"
    while k + 1 < last and tokens[k].pos == "ADJ" and tokens[k].feats.get("Case") == "Ins":
        k += 1  # "Основным поставщиком …"
    lead = tokens[k] if k < last else None
    if lead is not None and lead.lemma in PARTNER_NOUNS | BUYER_NOUNS | {"победитель"} and lead.feats.get("Case") == "Ins":
        j = k + 1
        if j + 1 < last and tokens[j].lemma == "по" and tokens[j + 1].lemma in PURCHASE_NOUNS:
            j += 2  # "партнёром по поставкам …"
        elif lead.lemma in ("партнер", "партнёр"):
            return out  # "Партнёром проекта выступит ПАО «Сбербанк»": not a supplier
        if j + 2 < last and tokens[j].lemma in TENDER_NOUNS and tokens[j + 1].lemma == "на" \
                and tokens[j + 2].lemma in PURCHASE_NOUNS:
            j += 3  # "Победителем тендера на поставку …"
        elif lead.lemma == "победитель":
            return out
        verb = next((v for v in range(j, min(last, j + MAX_SUBJECT_TOKENS))
                     if tokens[v].lemma in COPULAS or (tokens[v].lemma in CHOSEN and tokens[v].feats.get("Voice") == "Pass")),
                    None)  # "станет", "выступит", "выбрано"
        supplier = _org_after(tokens, verb, last, mentions) if verb is not None else None
        if supplier is not None and lead.lemma in BUYER_NOUNS:
            got = memory.get("offer")
            if got and prev is not None and got[0] is prev:
                found = _Found("need", verb, verb, verb, (), verb)
                out.append((found, [("need", (), supplier, None)], got[1]))
            elif (named := _without_quantity([t for t in tokens[j:verb] if t.pos in ("ADJ", "NOUN")])) and \
                    named[-1].pos == "NOUN" and not any(t.lemma in DESCRIPTORS | {"продукция"} for t in named) and \
                    all(t.pos in ("ADJ", "NOUN") for t in tokens[j:verb]):
                # "Заказчиком судов выступает ПАО «Совкомфлот»": the goods named with the buyer
                out.append((_Found("need", verb, j, verb, (), verb), [("need", (), supplier, None)], named))
            elif lead.lemma != "заказчик" and prev is not None and (made := _made_before(tagged, prev, mentions)):
                # "X увеличило выпуск редукторов. Крупнейшим покупателем продукции стало ОАО «Y»"
                maker, goods = made
                if maker is not supplier:
                    found = _Found("offer", verb, verb, verb, ("поставка",), verb)
                    out.append((found, [("offer", ("поставка",), maker, None), ("need", (), supplier, None)], goods))
            return out
        if supplier is not None:
            goods, target, via = _without_parties(tagged, _without_quantity(list(tokens[j:verb])), mentions, regions)
            if goods and any(t.pos == "NOUN" for t in goods):
                buyer = target if isinstance(target, OrgEntity) and via == "для" else \
                    _first_org_of(tagged, prev, mentions, supplier)
                found = _Found("offer", verb, j, verb, ("поставка",), verb)
                sides = [("offer", ("поставка",), supplier, None)]
                if buyer is not None:
                    sides.append(("need", (), buyer, None))
                out.append((found, sides, goods))
    if lead is not None and lead.pos == "PRON" and lead.lemma in ("он", "она", "оно", "они") and \
            lead.feats.get("Case") in ("Ins", "Dat") and k + 1 < last and tokens[k + 1].lemma in COPULAS:
        supplier = _org_after(tokens, k + 1, last, mentions)
        got = memory.get("need")
        if supplier is not None and got and prev is not None and got[0] is prev:  # "Им стало ОАО «X»"
            found = _Found("offer", k + 1, k + 1, k + 1, ("поставка",), k + 1)
            out.append((found, [("offer", ("поставка",), supplier, None)], got[1]))
    if k > first:
        return out
    if tokens[first].lemma in SUPPLY_NOUNS:  # "Поставки оборудования для ТЭЦ будет осуществлять АО «X»"
        verb = next((v for v in range(first + 1, min(last, first + MAX_SUBJECT_TOKENS)) if tokens[v].lemma in CARRY_OUT), None)
        supplier = _org_after(tokens, verb, last, mentions) if verb is not None else None
        if supplier is not None:
            goods = _goods_before(tokens, first + 1, verb)
            if goods:
                out.append((_Found("offer", verb, first + 1, verb, ("поставка",), verb),
                            [("offer", ("поставка",), supplier, None)], goods))
    for v in range(first, last):
        if tokens[v].lemma in SUPPLY_WITH and tokens[v].pos == "VERB":
            # "X будет снабжать металлоконструкциями строительство комбината ООО «Y»": the goods first
            end, goods = v + 1, []
            while end < last and tokens[end].pos in ("ADJ", "NOUN") and (
                    tokens[end].feats.get("Case") == "Ins" or tokens[end].text.lower().endswith(_INS_ENDINGS)):
                goods.append(tokens[end])
                end += 1
            buyer = next((e for a, b, e in mentions if end <= a < min(last, end + 8)), None)
            supplier = [e for a, b, e in mentions if first <= a < v]
            if goods and buyer is not None and supplier and supplier[-1] is not buyer and not any(
                    tokens[x].text in STOP_TEXT or tokens[x].pos in ("VERB", "AUX") for x in range(end, end + 1)):
                out.append((_Found("offer", v, v, v, ("поставка",), v),
                            [("offer", ("поставка",), supplier[-1], None), ("need", (), buyer, None)], goods))
                continue
        if tokens[v].lemma in SUPPLY_WITH and tokens[v].pos == "VERB":
            buyer = _org_after(tokens, v, last, mentions)
            if buyer is None:
                continue
            end = next((b for a, b, e in mentions if e is buyer and a > v), v)
            while end < last and tokens[end].text in ("»", "\""):
                end += 1
            goods = []
            while end < last and tokens[end].pos in ("ADJ", "NOUN") and (
                    tokens[end].feats.get("Case") == "Ins" or tokens[end].text.lower().endswith(_INS_ENDINGS)):
                goods.append(tokens[end])
                end += 1
            supplier = [e for a, b, e in mentions if first <= a < v]
            if goods and goods[-1].pos == "NOUN" and supplier:  # "«A» будет обеспечивать АО «B» штрипсом"
                out.append((_Found("offer", v, v, v, ("поставка",), v),
                            [("offer", ("поставка",), supplier[-1], None), ("need", (), buyer, None)], goods))
    for v in range(first, last - 1):
        if tokens[v].lemma in CHOSEN and tokens[v].pos == "VERB" and tokens[v].feats.get("Voice") != "Pass" \
                and tokens[v + 1].lemma == "поставщик" and tokens[v + 1].feats.get("Case") == "Ins":
            # "«Росатом» выбрал поставщиком парогенераторов для АЭС завод «ЗиО-Подольск»"
            later = [(a, e) for a, b, e in mentions if v + 2 < a < last]
            buyer = next((e for a, b, e in reversed(mentions) if first <= a < v), None)
            if not later or buyer is None:
                continue
            a, supplier = later[-1]
            while a > v + 2 and (tokens[a - 1].text in ("«", "\"") or tokens[a - 1].lemma in LEGAL_WORDS | DESCRIPTORS):
                a -= 1
            goods, _, _ = _without_parties(tagged, list(tokens[v + 2:a]), mentions, regions)
            if goods and any(t.pos == "NOUN" for t in goods) and supplier is not buyer:
                out.append((_Found("offer", v, v + 2, a, ("поставка",), v),
                            [("offer", ("поставка",), supplier, None), ("need", (), buyer, None)], goods))
    got = memory.get("offer")
    deal = next((d for d in range(first, min(last, first + 3)) if tokens[d].lemma in DEAL_NOUNS), None)
    if deal is not None and deal + 1 < last and tokens[deal + 1].lemma == "с" and got and got[0] is prev:
        buyer = _org_after(tokens, deal + 1, last, mentions)
        if buyer is not None and buyer is not got[2] and not _deal_supply_at(tokens, deal, last):
            # "… будут поставлены заводом «X». Контракт с ЕМУП «Y» был заключён …": Y the buyer
            out.append((_Found("need", deal, deal, deal, (), deal), [("need", (), buyer, None)], got[1]))
    for v in range(first + 1, last):
        tok = tokens[v]
        if tok.lemma in MAKE_VERBS | SUPPLY_VERBS and tok.pos in ("VERB", "NOUN") \
                and tok.feats.get("Voice") != "Pass" and _NON_PAST.search(tok.text.lower()):
            maker = _org_after(tokens, v, last, mentions)
            if maker is None and v + 1 < last and tokens[v + 1].lemma in ("на", "в") \
                    and tok.text.lower().endswith(("ут", "ют", "ят", "ат")):
                maker = _org_after(tokens, v + 1, last, mentions)  # "турбины произведут на заводе «X»"
            goods = _goods_before(tokens, first, v) if maker is not None else []
            if goods:  # "генераторы изготовит петербургское АО «Электросила»"
                verbs = (VERB_NOUNS.get(tok.lemma, "поставка"),)
                sides = [("offer", verbs, maker, None)]
                buyer = _recent_buyer(tagged, sent, mentions, maker)
                if buyer is not None:  # "Главные двигатели для буксиров поставит АО «X»": for the builder named before
                    sides.append(("need", (), buyer, None))
                out.append((_Found("offer", v, v, v, verbs, v), sides, goods))
        elif tok.lemma in SUPPLY_VERBS | MAKE_VERBS and tok.feats.get("Voice") == "Pass":
            maker = _org_after(tokens, v, last, mentions)
            goods = _goods_before(tokens, first, v) if maker is not None else []
            if goods:  # "трамваи будут поставлены заводом «Уралтрансмаш»"
                verbs = (VERB_NOUNS.get(tok.lemma, "поставка"),)
                out.append((_Found("offer", v, v, v, verbs, v), [("offer", verbs, maker, None)], goods))
        elif tok.lemma in USED_VERBS or (tok.lemma in ACTIVE_USE and tok.pos == "VERB"
                                         and any(first <= a < v for a, b, e in mentions)):
            supplier = next(((a, e) for a, b, e in mentions if v + 1 < a < min(last, v + 12)), None)
            if supplier is None:
                continue
            a = supplier[0]
            while a > v + 1 and (tokens[a - 1].pos == "ADJ" or tokens[a - 1].text in ("«", "\"")
                                 or tokens[a - 1].lemma in LEGAL_WORDS | DESCRIPTORS):
                a -= 1
            goods = _without_quantity(list(tokens[v + 1:a]))
            if not goods or not any(t.pos == "NOUN" for t in goods) or any(
                    t.pos in ("VERB", "ADP") or t.text in STOP_TEXT for t in goods):
                continue
            sides = [("offer", ("поставка",), supplier[1], None)]
            user = next((e for a2, b2, e in mentions if first <= a2 < v and e is not supplier[1]
                         and (tok.lemma in ACTIVE_USE  # "АО «X» будет использовать дизели АО «Y»"
                              or any(tokens[x].lemma in ("на", "в") for x in range(max(first, a2 - 4), a2)))), None)
            if user is not None:  # "На заводе «Промтрактор» будут использоваться …"
                sides.append(("need", (), user, None))
            out.append((_Found("offer", v, v + 1, a, ("поставка",), v), sides, goods))
    return out
