"""Organization spans the entity layer draws beyond a bare name, as factRuEval-2016 does.

Owns four patterns, each returning token ranges [first, last):

- `tails`: what follows a name and still belongs to it — "при" and the body it is attached
  to ("Совета при Президенте РФ по развитию информационного общества"), "по" and the place a
  branch serves ("ГУ МЧС России по Санкт-Петербургу и Ленобласти"), "им./имени" and a person
  ("Театра им. Йозефа Бойса").
- `units`: a department, council or service of a named organization ("отдела корпоративных
  серверов и сетей HP", "президентского совета ФИДЕ"); the organization stays a mention too.
- `offices`: a person's office ("пресс-служба Кадырова", "администрация президента Обамы",
  "кабинета Нетаньяху").
- `authorities`: a government named by a capitalised place adjective at a sentence start
  ("Лондонская полиция", "Московские власти"); in mid-sentence factRuEval marks
  "эстонская полиция" sometimes and sometimes not, so those are left out.
"""
from __future__ import annotations

from .tagging import Tagged

# Parts of an organization that are organizations themselves in factRuEval.
UNIT_HEADS = {
    "отдел", "кафедра", "совет", "комитет", "президиум", "служба", "пресс-служба",
    "управление", "департамент", "отделение", "филиал", "лаборатория", "факультет", "редакция",
    "дирекция", "правление", "подразделение", "представительство", "секретариат", "комиссия",
}
# Bodies named by their remit: "по <noun in the dative>" or "против <noun>" belongs to the name.
REMIT_HEADS = {"комитет", "комиссия", "совет", "служба", "агентство", "инспекция", "фонд",
               "управление", "департамент", "министерство", "центр", "коалиция", "ассоциация"}
# A person's office: "пресс-служба Кадырова".
OFFICE_HEADS = {"пресс-служба", "администрация", "кабинет", "правительство", "штаб", "офис",
                "аппарат", "канцелярия", "секретариат"}
# Titles between an office and the person: "администрация президента Обамы".
TITLES = {"президент", "премьер", "премьер-министр", "министр", "губернатор", "мэр", "глава",
          "председатель", "канцлер", "король", "премьер-министра"}
# Governments a place adjective names: "американских властей".
AUTHORITY_HEADS = {"власть", "полиция", "правительство", "хунта", "армия", "спецслужба",
                   "парламент", "министерство", "минобороны", "мид", "прокуратура", "суд"}
PLACE_ADJECTIVE_ENDINGS = ("ский", "цкий")
NOT_PLACE_ADJECTIVES = {"федеральный", "региональный", "муниципальный", "городской",
                        "тюремный", "военный", "местный", "высший", "верховный", "судебный",
                        "конституционный", "арбитражный", "районный", "областной", "краевой",
                        "гражданский", "мировой", "международный", "президентский",
                        "законодательный", "исполнительный", "политический"}


def tails(tagged: Tagged, first: int, last: int, ceiling: int) -> int:
    """The new end of an organization mention [first, last) with its "при", "по" or "имени"
    tail, or `last` when it has none."""
    tokens = tagged.tokens
    spans = tagged.span_of_token
    end = last
    named_after = None  # the token after "им." / "имени", when the mention ends with it
    if end < ceiling and tokens[end].text in ("им.", "им", "имени"):
        named_after = end + 1
    elif tokens[end - 1].text in ("им.", "имени"):
        named_after = end  # slovnet's span took "им." in: "Театре им."
    elif end - 2 >= first and tokens[end - 1].text == "." and tokens[end - 2].text == "им":
        named_after = end
    if named_after is not None:
        k = named_after
        if k < ceiling and tokens[k].text == ".":
            k += 1
        if k < ceiling and spans[k] is not None and spans[k].type == "PER":
            while k < ceiling and spans[k] is not None and spans[k].type == "PER":
                k += 1
            return k
        return last
    if end < ceiling and tokens[end].text == "при":
        k = end + 1
        while k < ceiling and tokens[k].pos == "ADJ":
            k += 1
        if k < ceiling and tokens[k].pos in ("NOUN", "PROPN") and \
                tokens[k].feats.get("Case") == "Loc":
            k += 1
            k = _genitives(tagged, k, ceiling)
            end = k
    if end < ceiling and tokens[end].text == "по":
        k = end + 1
        if k < ceiling and spans[k] is not None and spans[k].type == "LOC":
            while k < ceiling and spans[k] is not None and spans[k].type == "LOC":
                k += 1
            if k + 1 < ceiling and tokens[k].text == "и" and spans[k + 1] is not None and \
                    spans[k + 1].type == "LOC":
                k += 1
                while k < ceiling and spans[k] is not None and spans[k].type == "LOC":
                    k += 1
            return k
        if (end > last or _remit_head(tokens, first, last)) and k < ceiling and \
                tokens[k].pos == "NOUN" and tokens[k].feats.get("Case") == "Dat" and \
                tokens[k].text.islower():
            return _genitives(tagged, k + 1, ceiling)  # "… по развитию информационного общества"
    if end < ceiling and tokens[end].text == "против" and _remit_head(tokens, first, last):
        k = end + 1
        if k < ceiling and tokens[k].pos == "NOUN" and tokens[k].feats.get("Case") == "Gen" and \
                tokens[k].text.islower():
            return _genitives(tagged, k, ceiling)  # "комитетом ООН против пыток"
    return end


def _remit_head(tokens, first: int, last: int) -> bool:
    """The mention is a body named by its remit ("Комитет по обороне", "комитет ООН против
    пыток", "Федеральная служба по тарифам"): its head noun is one of REMIT_HEADS."""
    return any(t.lemma in REMIT_HEADS for t in tokens[first:last])


def _genitives(tagged: Tagged, k: int, ceiling: int) -> int:
    """Past the genitive words and names after k ("информационного общества", "РФ")."""
    tokens = tagged.tokens
    spans = tagged.span_of_token
    start = k
    while k < ceiling and k - start < 6:
        tok = tokens[k]
        named = spans[k] is not None and spans[k].type in ("LOC", "ORG")
        if named or (tok.pos in ("ADJ", "NOUN", "PROPN") and tok.feats.get("Case") == "Gen"):
            k += 1
        else:
            break
    return k


def units(tagged: Tagged, org_starts: dict[int, int]) -> list[tuple[int, int]]:
    """A unit head, up to four lower-case genitive words, then an organization mention."""
    tokens = tagged.tokens
    out = []
    for i, tok in enumerate(tokens):
        if tok.lemma not in UNIT_HEADS or tok.text.isupper():
            continue
        sent = tagged.sentences[tagged.token_sentence[i]]
        k = i + 1
        while k < sent.last and k - i <= 5 and k not in org_starts and tokens[k].text.islower() and (
                tokens[k].feats.get("Case") == "Gen" or tokens[k].text == "и"):
            k += 1
        if k in org_starts and tokens[k].feats.get("Case") in ("Gen", None) or \
                k in org_starts and tokens[k].text.isupper():
            first = i
            while first - 1 >= sent.first and tokens[first - 1].pos == "ADJ" and \
                    tokens[first - 1].feats.get("Case") == tok.feats.get("Case"):
                first -= 1
            out.append((first, org_starts[k]))
    return out


def offices(tagged: Tagged, per_starts: dict[int, int]) -> list[tuple[int, int]]:
    """An office head, a title at most, then a person in the genitive."""
    tokens = tagged.tokens
    out = []
    for i, tok in enumerate(tokens):
        if tok.lemma not in OFFICE_HEADS:
            continue
        sent = tagged.sentences[tagged.token_sentence[i]]
        k = i + 1
        if k < sent.last and tokens[k].lemma in TITLES and tokens[k].text.islower():
            k += 1
        if k in per_starts and tokens[k].feats.get("Case") in ("Gen", None):
            out.append((i, per_starts[k]))
    return out


def authorities(tagged: Tagged) -> list[tuple[int, int]]:
    """A capitalised place adjective agreeing with a government noun: "Московские власти"."""
    tokens = tagged.tokens
    out = []
    for i in range(1, len(tokens)):
        tok, adj = tokens[i], tokens[i - 1]
        if tok.lemma not in AUTHORITY_HEADS or adj.pos != "ADJ" or not adj.is_capitalized or \
                not adj.lemma.endswith(PLACE_ADJECTIVE_ENDINGS) or \
                adj.lemma in NOT_PLACE_ADJECTIVES or \
                tagged.token_sentence[i - 1] != tagged.token_sentence[i]:
            continue
        if adj.feats.get("Case") != tok.feats.get("Case"):
            continue
        out.append((i - 1, i + 1))
    return out
