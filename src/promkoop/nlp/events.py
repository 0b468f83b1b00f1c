"""Event step: visits, talks, round tables, meetings, agreements, forums and exhibitions.

Owns recognising an event from a trigger word in a body sentence ("круглый стол",
"переговоры", "посетили Смоленскую область", "подписали соглашение"), dating it (a date in
the sentence, absolute or relative such as "ровно год назад", fixes the day; otherwise the
publication date, not exact), and merging repeated mentions of one event. Back-references
("участники встречи", "по итогам визита") and planned events ("пройдёт в ноябре",
"договорились подписать") make no event. An event carries the spans of the sentences
telling it; its confidence grows with what pins it down (an explicit date, a place, more
than one sentence).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .grammars.dates import find_dates
from .organizations import OrgEntity
from .persons import PersonEntity
from .regions import RegionMention
from .tagging import Tagged
from .types import Event, Span

NOUN_TRIGGERS = {
    "визит": "delegation_visit", "переговоры": "negotiations", "переговор": "negotiations",
    "встреча": "meeting", "совещание": "meeting", "заседание": "meeting",
    "видеоконференция": "meeting", "форум": "forum", "выставка": "exhibition",
    "выставка-ярмарка": "exhibition", "b2b-сессия": "negotiations", "b2b": "negotiations",
    "конференция": "meeting", "конгресс": "forum", "саммит": "forum", "ярмарка": "exhibition",
}
VISIT_VERBS = {"посетить", "прибыть", "приехать", "побывать", "осмотреть"}
TALK_VERBS = {"обсудить", "доложить"}
MEETING_VERBS = {"встретиться", "встречаться"}
# "рабочая поездка", "находится с визитом": a visit; "делегация приняла участие в выставке" too.
TRIP_NOUNS = {"поездка"}
DELEGATION_VERBS = {"принять", "находиться", "прибыть", "посетить", "побывать"}
AGREEMENT_NOUNS = {"соглашение", "меморандум", "протокол", "договор", "контракт", "карта"}
SIGN_WORDS = {"подписать", "подписание", "подписанный", "заключить", "заключение"}
BACK_REFERENCES = {"участник", "итог", "инициатор", "организатор", "продолжение", "результат"}
FUTURE_WORDS = {"планировать", "намереваться", "намеренный", "предстоящий", "следующий",
                "планируемый", "собираться", "рассчитывать", "надеяться", "ожидаться",
                "планироваться"}
DEMONSTRATIVES = {"этот", "данный", "тот", "указанный"}
PLACE_KINDS = ("capital", "city", "official", "informal")
# "посетил завод", "побывала на верфи": a visit to a plant; "бизнес-миссия побывала …": a delegation.
VISITED_PLACES = {"завод", "предприятие", "верфь", "комбинат", "фабрика", "производство", "автозавод"}
LEGAL_FORMS = {"оао", "ао", "пао", "зао", "ооо", "фгуп", "гуп"}
DELEGATION_NOUNS = {"делегация", "миссия", "бизнес-миссия"}


@dataclass
class _Event:
    type: str
    date: str | None
    exact: bool
    place: str | None
    codes: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def find_events(tagged: Tagged, regions: list[RegionMention], orgs: list[OrgEntity],
                persons: list[PersonEntity], published: dt.date | None,
                body_from: int) -> list[Event]:
    """Events told in the body sentences (sentence index >= `body_from`)."""
    all_codes = list(dict.fromkeys(r.code for r in regions))
    pub = published.isoformat() if published else None
    events: list[_Event] = []
    for n, sent in enumerate(tagged.sentences):
        if n < body_from:
            continue
        future = _is_future(tagged, sent)
        agreed_at = _agreed_at(tagged, sent)
        triggers = _triggers(tagged, sent, regions)
        planned_from = sent.first if future else sent.last
        if agreed_at is not None and not _is_future(tagged, sent, agreed=False):
            # "В ходе встречи … договорились о регулярных встречах": only what comes after is planned
            planned_from = agreed_at
        if not triggers:
            continue
        text = tagged.sentence_text(sent)
        dates = find_dates(text, published, future=future)
        if all(i >= planned_from for _, i in triggers) and not any(d.exact for d in dates):
            continue  # "договорились подписать", "пройдёт в ноябре": no event; "… 17 ноября": one
        owner = {}  # each date belongs to the trigger nearest to it
        for d in dates:
            a = tagged.token_index_at(sent.start + d.start)
            b = tagged.token_index_at(sent.start + d.stop) - 1
            nearest = min(triggers, key=lambda t: min(abs(t[1] - a), abs(t[1] - b)))
            owner.setdefault(nearest[1], d)
        sent_regions = [r for r in regions if sent.first <= r.first < sent.last]
        for kind, i in triggers:
            explicit = owner.get(i)
            if i >= planned_from and (explicit is None or not explicit.exact):
                continue
            if _is_back_reference(tagged, i, sent.first) and explicit is None:
                continue
            date, exact = (explicit.date, explicit.exact) if explicit else (pub, False)
            place = _place(tagged, i, sent, sent_regions, orgs, kind)
            codes = list(dict.fromkeys(r.code for r in sent_regions))
            if len(codes) < 2:
                codes = list(dict.fromkeys(codes + all_codes))
            participants = _participants(sent, sent_regions, orgs, persons)
            same = next((e for e in events if e.type == kind and (
                e.date == date or explicit is None)), None)
            if same is None and tagged.tokens[i].lemma == "документ":
                # "… подписали соглашение. Документ подписали … 16 ноября": the day of the one told
                same = next((e for e in reversed(events) if e.type == kind and not e.exact), None)
                if same is not None:
                    same.date, same.exact = date, exact
            here = Span(sent.start, sent.stop)
            if same is None:
                events.append(_Event(kind, date, exact, place, codes, participants, [here]))
            else:
                if here not in same.spans:
                    same.spans.append(here)
                same.exact = same.exact or (exact and same.date == date)
                same.place = same.place or place
                same.codes = list(dict.fromkeys(same.codes + codes))
                same.participants = list(dict.fromkeys(same.participants + participants))
    visit = next((e for e in events if e.type == "delegation_visit"), None)
    return [Event(type=e.type, date=e.date, date_exact=e.exact,
                  place=e.place or (visit.place if visit and e.date == visit.date else None),
                  region_codes=tuple(e.codes), participants=tuple(e.participants),
                  spans=tuple(e.spans), confidence=_confidence(e))
            for e in events]


def _confidence(e: _Event) -> float:
    """0.6 for a trigger word, more for an exact date, a place and each further sentence."""
    score = 0.6 + 0.15 * e.exact + 0.1 * (e.place is not None) + 0.05 * (len(e.spans) - 1)
    return round(min(score, 0.95), 2)


def _triggers(tagged: Tagged, sent, regions) -> list[tuple[str, int]]:
    tokens = tagged.tokens
    out = []
    lemmas = [t.lemma for t in tokens[sent.first:sent.last]]
    for i in range(sent.first, sent.last):
        tok = tokens[i]
        lemma = tok.lemma
        if lemma in NOUN_TRIGGERS and tok.pos in ("NOUN", "PROPN", "X"):
            if tok.feats.get("Number") == "Plur" and NOUN_TRIGGERS[lemma] != "negotiations":
                continue  # "участие в выставках", "30 двусторонних встреч": not one event
            if lemma == "заседание" and any(
                    NOUN_TRIGGERS.get(t.lemma) in ("forum", "exhibition") and t.feats.get("Case") == "Gen"
                    for t in tokens[i + 1:min(sent.last, i + 5)]):
                continue  # "на пленарном заседании … форума": the forum is the event
            out.append((NOUN_TRIGGERS[lemma], i))
        elif tok.text.lower().startswith("b2b"):
            out.append(("negotiations", i))
        elif lemma == "стол" and i > sent.first and tokens[i - 1].lemma == "круглый":
            out.append(("round_table", i))
        elif lemma in MEETING_VERBS and tok.pos == "VERB" and tok.feats.get("VerbForm") != "Inf":
            out.append(("meeting", i))  # "накануне он встретился с премьер-министром"
        elif lemma in TALK_VERBS and tok.pos == "VERB" and tok.feats.get("VerbForm") == "Fin" \
                and tok.feats.get("Tense") == "Past" and not any(l in NOUN_TRIGGERS for l in lemmas) \
                and sum(1 for k in range(sent.first, sent.last) if tagged.span_of_token[k] is not None
                        and tagged.span_of_token[k].type == "PER"
                        and (k == sent.first or tagged.span_of_token[k - 1] is not tagged.span_of_token[k])) >= 2:
            # "Губернатор X и посол Y обсудили …", "Директор X доложил главе республики Y …": two people met
            out.append(("meeting", i))
        elif lemma in TRIP_NOUNS and tok.pos == "NOUN" and tok.feats.get("Number") != "Plur":
            out.append(("delegation_visit", i))
        elif lemma == "делегация" and tok.feats.get("Case") == "Nom" and any(
                t.lemma in DELEGATION_VERBS and t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"
                for t in tokens[i + 1:sent.last]):
            out.append(("delegation_visit", i))  # "Делегация … приняла участие в выставке"
        elif lemma == "день" and i + 1 < sent.last and tokens[i + 1].lemma == "поставщик":
            out.append(("other", i))  # "провело день поставщика"
        elif lemma == "сессия" and i > sent.first and tokens[i - 1].lemma == "стратегический":
            out.append(("meeting", i))  # "прошла стратегическая сессия"
        elif lemma == "делегация" and tok.feats.get("Case") == "Acc" and i > sent.first and \
                tokens[i - 1].lemma in ("принять", "принимать", "встретить"):
            out.append(("delegation_visit", i))  # "Глава региона принял делегацию из Китая"
        elif lemma in VISIT_VERBS and tok.pos == "VERB" and (
                _visits_region(tagged, i, regions) or DELEGATION_NOUNS.intersection(lemmas)
                or _visits_plant(tagged, i, sent.last)):
            out.append(("delegation_visit", i))
        elif (lemma in AGREEMENT_NOUNS or (lemma == "документ" and i == sent.first)) \
                and (lemma != "карта" or tokens[i - 1].lemma == "дорожный") \
                and any(
                t.lemma in SIGN_WORDS and t.feats.get("VerbForm") != "Inf"
                for t in tokens[sent.first:sent.last]):
            out.append(("agreement", i))
    return out


def _visits_plant(tagged: Tagged, i: int, last: int) -> bool:
    """"посетил завод", "побывал на судостроительной верфи": the plant is where they went."""
    tokens = tagged.tokens
    k = i + 1
    while k < min(last, i + 5) and (tokens[k].pos in ("ADJ", "ADV") or tokens[k].lemma in ("на", "в")):
        k += 1
    if k < last and (tokens[k].lemma in VISITED_PLACES and tokens[k].feats.get("Number") != "Plur"
                     or tokens[k].lemma in LEGAL_FORMS):  # "посетил ОАО «Улан-Удэнский авиационный завод»"
        return True
    # "В четверг предприятие посетил губернатор": the plant before the verb, in the accusative
    j = i - 1
    while j > i - 4 and j >= 0 and tokens[j].pos in ("ADJ", "ADV"):
        j -= 1
    return j >= 0 and tokens[j].lemma in VISITED_PLACES and tokens[j].feats.get("Case") == "Acc" \
        and tokens[j].feats.get("Number") != "Plur"


def _visits_region(tagged: Tagged, i: int, regions) -> bool:
    """"посетили Смоленскую область", "прибыла в Кемерово": the region is where they went."""
    tokens = tagged.tokens
    for r in regions:
        if i < r.first <= i + 3 and r.kind in PLACE_KINDS:
            if tokens[r.first - 1].lemma in ("в", "во", "на") or \
                    tokens[r.first].feats.get("Case") == "Acc":
                return True
    return False


def _is_back_reference(tagged: Tagged, i: int, floor: int) -> bool:
    """"участники встречи", "по итогам визита", "этот визит": an event told before."""
    j = i - 1
    while j >= floor and tagged.tokens[j].pos == "ADJ":
        j -= 1
    return j >= floor and tagged.tokens[j].lemma in BACK_REFERENCES | DEMONSTRATIVES


def _is_future(tagged: Tagged, sent, agreed: bool = True) -> bool:
    tokens = tagged.tokens[sent.first:sent.last]
    for k, tok in enumerate(tokens):
        if tok.feats.get("Tense") == "Fut" and tok.pos in ("VERB", "AUX"):
            return True
        if tok.lemma in FUTURE_WORDS:
            return True
        if agreed and tok.lemma == "договориться" and k + 1 < len(tokens) and (
                tokens[k + 1].feats.get("VerbForm") == "Inf" or tokens[k + 1].lemma == "о"):
            return True
    return False


def _agreed_at(tagged: Tagged, sent) -> int | None:
    """Where "договорились о …"/"договорились провести …" starts, if the sentence has it."""
    tokens = tagged.tokens
    for k in range(sent.first, sent.last - 1):
        if tokens[k].lemma == "договориться" and (
                tokens[k + 1].feats.get("VerbForm") == "Inf" or tokens[k + 1].lemma == "о"):
            return k
    return None


def _place(tagged: Tagged, i: int, sent, sent_regions, orgs, kind) -> str | None:
    tokens = tagged.tokens
    if kind == "delegation_visit":
        after = [r for r in sent_regions if i < r.first <= i + 3 and r.kind in PLACE_KINDS]
        if after:
            return after[0].place
    for r in sent_regions:
        prev = tokens[r.first - 1].lemma if r.first > sent.first else ""
        if prev in ("в", "во") and r.kind in ("capital", "city"):
            return r.place
    for e in orgs:
        for m in e.mentions:
            if sent.first < m.first < sent.last and tokens[m.first - 1].lemma in ("в", "во") \
                    and e.kind == "authority":
                return e.name
    for r in sent_regions:
        prev = tokens[r.first - 1].lemma if r.first > sent.first else ""
        if prev in ("в", "во") and r.kind in ("official", "informal"):
            return r.place
    return None


def _participants(sent, sent_regions, orgs, persons) -> list[str]:
    out = [r.place for r in sent_regions if r.kind not in ("capital", "city")]
    out += [e.name for e in orgs for m in e.mentions if sent.first <= m.first < sent.last]
    out += [p.name for p in persons if sent.first <= p.first < sent.last]
    return list(dict.fromkeys(out))
